import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO
import SCORMPackage

/// `portail migrate-db`: copies an SQLite installation into an empty PostgreSQL database, table by table in one
/// transaction, then checks that every table holds as many rows on both sides. The packages of the data folder are
/// stored in the database too, so that every process can unpack them.
public enum DatabaseCopy {
    public struct Count: Sendable, Equatable {
        public let table: String
        public let source: Int
        public let target: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Each table with its columns, in an order that satisfies the foreign keys; the PostgreSQL type of each
    /// column as bound through `unnest`.
    static let tables: [(name: String, key: Int, columns: [(String, String)])] = [
        ("settings", 1, [("key", "text"), ("value", "text")]),
        ("learners", 1, [("id", "text"), ("name", "text"), ("email", "text"), ("created_at", "float8")]),
        ("tokens", 1, [("hash", "text"), ("learner_id", "text"), ("created_at", "float8"), ("revoked_at", "float8")]),
        ("signin_links", 1, [("hash", "text"), ("learner_id", "text"), ("created_at", "float8"), ("expires_at", "float8"),
                          ("used_at", "float8")]),
        ("sessions", 1, [("hash", "text"), ("learner_id", "text"), ("created_at", "float8"), ("expires_at", "float8")]),
        ("admin_sessions", 1, [("hash", "text"), ("created_at", "float8"), ("expires_at", "float8")]),
        ("courses", 1, [("id", "text")]),
        ("course_versions", 2, [("course_id", "text"), ("version", "int8"), ("title", "text"), ("standard", "text"),
                             ("language", "text"), ("label", "text"), ("content_hash", "text"), ("folder", "text"),
                             ("created_at", "float8")]),
        ("scos", 3, [("course_id", "text"), ("version", "int8"), ("sco_id", "text"), ("position", "int8"), ("title", "text"),
                  ("href", "text"), ("is_sco", "bool"), ("parents", "text"), ("mastery_score", "float8"),
                  ("completion_threshold", "float8"), ("launch_data", "text"), ("prerequisites", "text")]),
        ("enrollments", 2, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("created_at", "float8")]),
        ("attempts", 5, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("sco_id", "text"),
                      ("attempt", "int8"), ("last_seq", "int8"), ("reported_seconds", "float8"), ("started_at", "float8"),
                      ("updated_at", "float8"), ("cmi_values", "bytea")]),
        ("commit_receipts", 2, [("learner_id", "text"), ("batch_id", "text"), ("response", "text"), ("created_at", "float8"),
                             ("course_id", "text"), ("version", "int8"), ("sco_id", "text")]),
        ("time_ledger", 6, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("sco_id", "text"),
                         ("at", "float8"), ("kind", "text")]),
        ("sco_progress", 4, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("sco_id", "text"),
                          ("attempt", "int8"), ("completion", "text"), ("success", "text"), ("score", "float8"),
                          ("reported_seconds", "float8"), ("started_at", "float8"), ("updated_at", "float8"),
                          ("interactions", "text")]),
        ("course_progress", 3, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("status", "text"),
                             ("success", "text"), ("score", "float8"), ("completed_scos", "int8"),
                             ("reported_seconds", "float8"), ("last_access", "float8"), ("time_on_task", "float8"),
                             ("first_activity", "float8"), ("last_activity", "float8")]),
        ("daily_activity", 4, [("learner_id", "text"), ("course_id", "text"), ("version", "int8"), ("day", "int8"),
                            ("seconds", "float8"), ("first_activity", "float8"), ("last_activity", "float8")]),
        ("sco_funnel", 3, [("course_id", "text"), ("version", "int8"), ("sco_id", "text"), ("started", "int8"),
                        ("completed", "int8"), ("passed", "int8")]),
        ("question_stats", 4, [("course_id", "text"), ("version", "int8"), ("sco_id", "text"), ("interaction_id", "text"),
                            ("answers", "int8"), ("correct", "int8")]),
    ]

    static let page = 2000

    /// Copies `sqlitePath` into the PostgreSQL database at `location`, which must hold no learner and no course;
    /// `dataFolder`'s packages are stored as blobs. Returns the counts, equal on both sides, or throws.
    public static func copy(sqlitePath: String, dataFolder: URL, to location: PostgresLocation, logger: Logger) async throws -> [Count] {
        guard FileManager.default.fileExists(atPath: sqlitePath) else { throw Failure(description: "no SQLite database at \(sqlitePath)") }
        // The SQLite store migrates the file to the current schema first (it is the server's own file).
        let sqlite = try SQLiteStore(path: sqlitePath, logger: logger)
        let store = try await PostgresStore(location: location, logger: logger)
        do {
            let counts = try await copy(from: sqlite, to: store, dataFolder: dataFolder)
            await store.shutdown()
            return counts
        } catch {
            await store.shutdown()
            throw error
        }
    }

    static func copy(from sqlite: SQLiteStore, to store: PostgresStore, dataFolder: URL) async throws -> [Count] {
        let occupied = try await store.query("SELECT (SELECT COUNT(*) FROM learners) + (SELECT COUNT(*) FROM courses)")[0]
            .decode(Int.self)
        guard occupied == 0 else {
            throw Failure(description: "the PostgreSQL database already holds learners or courses: migrate into an empty one")
        }
        try await store.transaction { connection in
            for table in tables {
                var offset = 0
                while true {
                    let rows = try await sqlite.pool.read { db in
                        // Pages in the order of the primary key (several tables have no rowid).
                        try Row.fetchAll(db, sql: "SELECT \(table.columns.map(\.0).joined(separator: ", ")) FROM \(table.name) "
                                         + "ORDER BY \((1...table.key).map(String.init).joined(separator: ", ")) "
                                         + "LIMIT \(page) OFFSET \(offset)")
                    }
                    if rows.isEmpty { break }
                    try await connection.query(insert(table.name, table.columns, rows), logger: store.logger)
                    offset += rows.count
                }
            }
        }
        var counts: [Count] = []
        for table in tables {
            let source = try await sqlite.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0 }
            let target = try await store.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.name)"))[0].decode(Int.self)
            counts.append(Count(table: table.name, source: source, target: target))
        }
        if let wrong = counts.first(where: { $0.source != $0.target }) {
            throw Failure(description: "\(wrong.table): \(wrong.source) rows in SQLite but \(wrong.target) in PostgreSQL")
        }
        // Every version's files, zipped from its folder, under its content hash: what other processes fetch.
        for version in try await sqlite.pool.read({ db in
            try Row.fetchAll(db, sql: "SELECT content_hash, folder FROM course_versions")
        }) {
            let hash: String = version[0], folder = dataFolder.appendingPathComponent(version[1] as String)
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            let zip = try ZipWriter.archive(try files(in: folder))
            let source = ZipMemorySource(zip)
            try await store.savePackage(hash: hash, size: source.size) { offset, count in try source.bytes(at: offset, count: count) }
        }
        return counts
    }

    private static func files(in folder: URL) throws -> [ZipWriter.Entry] {
        let root = folder.resolvingSymlinksInPath().path + "/"
        var entries: [ZipWriter.Entry] = []
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            let path = url.resolvingSymlinksInPath().path
            guard path.hasPrefix(root), (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            entries.append(.init(path: String(path.dropFirst(root.count)), data: try Data(contentsOf: url)))
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// `INSERT … SELECT * FROM unnest(…)` for a page of rows, each column one array.
    private static func insert(_ table: String, _ columns: [(String, String)], _ rows: [Row]) throws -> PostgresQuery {
        var bindings = PostgresBindings()
        var arrays: [String] = []
        for (index, (_, type)) in columns.enumerated() {
            // NULLs travel as a parallel array of flags: unnest's arrays cannot hold Swift optionals here.
            let nulls = rows.map { $0[index] as DatabaseValue == .null }
            switch type {
            case "text": bindings.append(rows.map { ($0[index] as String?) ?? "" })
            case "int8": bindings.append(rows.map { ($0[index] as Int?) ?? 0 })
            case "float8": bindings.append(rows.map { ($0[index] as Double?) ?? 0 })
            case "bool": bindings.append(rows.map { ($0[index] as Bool?) ?? false })
            default: bindings.append(rows.map { ByteBuffer(bytes: ($0[index] as Data?).map(Array.init) ?? []) })
            }
            bindings.append(nulls)
            arrays.append("$\(2 * index + 1)::\(type)[]")
            arrays.append("$\(2 * index + 2)::bool[]")
        }
        let names = columns.map(\.0)
        let values = columns.indices.map { "CASE WHEN n\($0) THEN NULL ELSE c\($0) END" }
        let aliases = columns.indices.flatMap { ["c\($0)", "n\($0)"] }
        let sql = "INSERT INTO \(table)(\(names.joined(separator: ", "))) SELECT \(values.joined(separator: ", ")) "
            + "FROM unnest(\(arrays.joined(separator: ", "))) AS u(\(aliases.joined(separator: ", ")))"
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }
}
