import Foundation
import Logging
import PostgresNIO
import Testing
@testable import LearnerServer

/// The backends every store test runs against. PostgreSQL runs when `PORTAIL_TEST_POSTGRES_URL` names a server
/// (`make test` starts one: Tests/Support/postgres.sh); each test gets a database of its own, dropped afterwards.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["PORTAIL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The kinds to run here: in CI both, always (a missing PostgreSQL fails there, it does not skip).
    static var available: [StoreKind] { postgresURL != nil || inCI ? allCases : [.sqlite] }
}

/// A store of one kind on a fresh database, and how to throw it away.
final class TestStore: @unchecked Sendable {
    let kind: StoreKind
    let store: any Store
    let folder: URL
    /// For PostgreSQL: the database's URL.
    let url: String?
    private let cleanup: @Sendable () async -> Void

    static let logger: Logger = {
        var logger = Logger(label: "portail-test-store")
        logger.logLevel = .warning
        return logger
    }()

    private init(kind: StoreKind, store: any Store, folder: URL, url: String?, cleanup: @escaping @Sendable () async -> Void) {
        self.kind = kind
        self.store = store
        self.folder = folder
        self.url = url
        self.cleanup = cleanup
    }

    static func make(_ kind: StoreKind) async throws -> TestStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            let store = try SQLiteStore(path: folder.appendingPathComponent("p.sqlite").path)
            return TestStore(kind: kind, store: store, folder: folder, url: nil) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            guard let admin = StoreKind.postgresURL else {
                throw TestFailure("CI=true but PORTAIL_TEST_POSTGRES_URL is not set: make test starts PostgreSQL")
            }
            let url = try await PostgresDatabases.create(from: admin)
            let location = try #require(try PostgresLocation.parse(url))
            let store = try await PostgresStore(location: location, logger: logger)
            return TestStore(kind: kind, store: store, folder: folder, url: url) {
                await store.shutdown()
                try? await PostgresDatabases.drop(url, from: admin)
                try? FileManager.default.removeItem(at: folder)
            }
        }
    }

    /// Stops the store and removes its database.
    func close() async {
        await cleanup()
    }

    /// A second store on the same database, as a second `portail serve` process would open it (PostgreSQL only).
    func secondProcess() async throws -> PostgresStore {
        let url = try #require(url)
        let location = try #require(try PostgresLocation.parse(url))
        return try await PostgresStore(location: location, logger: Self.logger)
    }
}

/// Databases of their own for the tests, on the test server.
enum PostgresDatabases {
    static func withAdmin<T: Sendable>(_ admin: String, _ body: @Sendable @escaping (PostgresClient) async throws -> T) async throws -> T {
        let location = try #require(try PostgresLocation.parse(admin))
        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: TestStore.logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    static func create(from admin: String) async throws -> String {
        let name = "portail_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await withAdmin(admin) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestStore.logger)
        }
        var components = try #require(URLComponents(string: admin))
        components.path = "/" + name
        return try #require(components.string)
    }

    static func drop(_ url: String, from admin: String) async throws {
        let name = String(try #require(URLComponents(string: url)).path.dropFirst())
        try await withAdmin(admin) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: TestStore.logger)
        }
    }
}
