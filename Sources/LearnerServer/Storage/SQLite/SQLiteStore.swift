import Foundation
import GRDB
import Logging
import Synchronization
import SCORMRuntime

/// The embedded default store: one SQLite file through GRDB, in WAL mode with `synchronous = FULL`, so that an
/// acknowledged commit survives a process crash and a power cut. Commits are grouped: every batch that arrives
/// while a transaction is being written joins the next one, so the cost of a durable write is shared.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    private let file: DatabaseFile
    private let committer: GroupCommitter
    private let checkpointer: WALCheckpointer
    /// This process is the only writer, so what rarely changes is cached and invalidated where it is written:
    /// every request would otherwise read the admin token, the learner, the enrollment and the course again.
    private let cache = Mutex(Cache())

    struct Cache {
        var adminTokenHash: String??
        var learnersByToken: [String: Learner] = [:]
        var enrollments: [String: [Enrollment]] = [:]
        var versions: [String: CourseVersion] = [:]
        var latest: [String: Int] = [:]
        /// Bumped by every invalidation: a read that started before one must not store what it found.
        var generation = 0

        mutating func store(if started: Int, _ update: (inout Cache) -> Void) {
            if generation == started { update(&self) }
        }
    }

    public init(path: String, logger: Logger? = nil) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "portail"
        pool = try DatabasePool(path: path, configuration: configuration)
        // DatabasePool sets NORMAL on its writer after prepareDatabase: set FULL afterwards (see docs/architecture.md).
        // The writer's page cache holds the attempts being played (16 MiB instead of 2): commits then rarely read
        // a page back from the file.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 8000") }
        try SQLiteSchema.migrator.migrate(pool)
        file = DatabaseFile(path: path, logger: logger)
        committer = GroupCommitter(pool: pool, file: file)
        checkpointer = try WALCheckpointer(path: path)
    }

    /// `PRAGMA synchronous` of the writer connection, for tests: 2 is FULL.
    public func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Every read: a reader connection opened after the file is gone would create an empty database at its path.
    private func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try file.checkStillInPlace()
        return try await pool.read(value)
    }

    /// Every write but commits (which check per group): refused once the database file is gone.
    private func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try file.checkStillInPlace()
        return try await pool.write(updates)
    }

    // MARK: Admin

    public func adminTokenHash() async throws -> String? {
        if let cached = cache.withLock({ $0.adminTokenHash }) { return cached }
        let started = cache.withLock { $0.generation }
        let hash = try await read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'admin_token_hash'")
        }
        cache.withLock { $0.store(if: started) { $0.adminTokenHash = .some(hash) } }
        return hash
    }

    public func setAdminTokenHash(_ hash: String) async throws {
        try await write { db in
            let previous = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'admin_token_hash'")
            try db.execute(sql: "INSERT INTO settings(key, value) VALUES ('admin_token_hash', ?) "
                           + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [hash])
            // A new admin token ends the browser sessions opened with the old one.
            if previous != hash { try db.execute(sql: "DELETE FROM admin_sessions") }
        }
        cache.withLock { $0.generation += 1; $0.adminTokenHash = .some(hash) }
    }

    public func initializeAdminTokenHash(_ hash: String) async throws -> Bool {
        let inserted = try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO settings(key, value) VALUES ('admin_token_hash', ?)", arguments: [hash])
            return db.changesCount == 1
        }
        cache.withLock { $0.generation += 1; $0.adminTokenHash = nil }
        return inserted
    }

    // MARK: Learners

    public func createLearner(name: String, email: String?, tokenHash: String) async throws -> Learner {
        let learner = Learner(id: UUID().uuidString.lowercased(), name: name, email: email, createdAt: Date())
        try await write { db in
            try db.execute(sql: "INSERT INTO learners(id, name, email, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [learner.id, learner.name, learner.email, learner.createdAt.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO tokens(hash, learner_id, created_at) VALUES (?, ?, ?)",
                           arguments: [tokenHash, learner.id, learner.createdAt.timeIntervalSince1970])
        }
        return learner
    }

    public func learners() async throws -> [Learner] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM learners ORDER BY created_at, id").map(Self.learner)
        }
    }

    public func learner(id: String) async throws -> Learner? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM learners WHERE id = ?", arguments: [id]).map(Self.learner) }
    }

    public func learner(tokenHash: String) async throws -> Learner? {
        if let cached = cache.withLock({ $0.learnersByToken[tokenHash] }) { return cached }
        let started = cache.withLock { $0.generation }
        let learner = try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT learners.* FROM tokens JOIN learners ON learners.id = tokens.learner_id
                WHERE tokens.hash = ? AND tokens.revoked_at IS NULL
                """, arguments: [tokenHash]).map(Self.learner)
        }
        // Only valid tokens are cached, so an unknown token is never remembered as bad before it exists.
        if let learner { cache.withLock { $0.store(if: started) { $0.learnersByToken[tokenHash] = learner } } }
        return learner
    }

    public func addToken(learnerId: String, tokenHash: String) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO tokens(hash, learner_id, created_at) VALUES (?, ?, ?)",
                           arguments: [tokenHash, learnerId, Date().timeIntervalSince1970])
        }
    }

    public func revokeTokens(learnerId: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE tokens SET revoked_at = ? WHERE learner_id = ? AND revoked_at IS NULL",
                           arguments: [Date().timeIntervalSince1970, learnerId])
            // Revoking a learner's access also ends their browser sessions and unused sign-in links.
            try db.execute(sql: "DELETE FROM sessions WHERE learner_id = ?", arguments: [learnerId])
            try db.execute(sql: "DELETE FROM signin_links WHERE learner_id = ? AND used_at IS NULL", arguments: [learnerId])
        }
        cache.withLock { $0.generation += 1; $0.learnersByToken = $0.learnersByToken.filter { $0.value.id != learnerId } }
    }

    // MARK: Sign-in links and sessions

    public func createSigninLink(learnerId: String, hash: String, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO signin_links(hash, learner_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [hash, learnerId, Date().timeIntervalSince1970, expiresAt.timeIntervalSince1970])
        }
    }

    public func consumeSigninLink(hash: String, at: Date) async throws -> Learner? {
        try await write { db in
            // One statement marks the link used only if it still can be: two tabs opening it race safely.
            try db.execute(sql: "UPDATE signin_links SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?",
                           arguments: [at.timeIntervalSince1970, hash, at.timeIntervalSince1970])
            guard db.changesCount == 1 else { return nil }
            return try Row.fetchOne(db, sql: """
                SELECT learners.* FROM signin_links JOIN learners ON learners.id = signin_links.learner_id
                WHERE signin_links.hash = ?
                """, arguments: [hash]).map(Self.learner)
        }
    }

    public func createSession(learnerId: String, hash: String, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO sessions(hash, learner_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                           arguments: [hash, learnerId, Date().timeIntervalSince1970, expiresAt.timeIntervalSince1970])
        }
    }

    public func learner(sessionHash: String, at: Date) async throws -> Learner? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT learners.* FROM sessions JOIN learners ON learners.id = sessions.learner_id
                WHERE sessions.hash = ? AND sessions.expires_at > ?
                """, arguments: [sessionHash, at.timeIntervalSince1970]).map(Self.learner)
        }
    }

    public func deleteSession(hash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE hash = ?", arguments: [hash])
            try db.execute(sql: "DELETE FROM admin_sessions WHERE hash = ?", arguments: [hash])
        }
    }

    public func createAdminSession(hash: String, expiresAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO admin_sessions(hash, created_at, expires_at) VALUES (?, ?, ?)",
                           arguments: [hash, Date().timeIntervalSince1970, expiresAt.timeIntervalSince1970])
        }
    }

    public func isAdminSession(hash: String, at: Date) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM admin_sessions WHERE hash = ? AND expires_at > ?",
                              arguments: [hash, at.timeIntervalSince1970]) ?? false
        }
    }

    static func learner(_ row: Row) -> Learner {
        Learner(id: row["id"], name: row["name"], email: row["email"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    // MARK: Courses

    public func register(_ draft: CourseVersion) async throws -> (version: CourseVersion, created: Bool) {
        defer { cache.withLock { $0.generation += 1; $0.latest[draft.courseId] = nil } }
        return try await write { db in
            if let latest = try Self.courseVersion(db, courseId: draft.courseId, version: nil),
               latest.contentHash == draft.contentHash {
                return (latest, false)
            }
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM course_versions WHERE course_id = ?",
                                           arguments: [draft.courseId]) ?? 0) + 1
            try db.execute(sql: "INSERT OR IGNORE INTO courses(id) VALUES (?)", arguments: [draft.courseId])
            try db.execute(sql: """
                INSERT INTO course_versions(course_id, version, title, standard, language, label, content_hash, folder, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [draft.courseId, number, draft.title, draft.standard.rawValue, draft.language, draft.label,
                                 draft.contentHash, draft.folder, draft.createdAt.timeIntervalSince1970])
            for (position, sco) in draft.scos.enumerated() {
                let parents = String(decoding: try JSONEncoder().encode(sco.parents), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO scos(course_id, version, sco_id, position, title, href, is_sco, parents, mastery_score,
                                     completion_threshold, launch_data, prerequisites)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [draft.courseId, number, sco.id, position, sco.title, sco.href, sco.isSCO, parents,
                                     sco.masteryScore, sco.completionThreshold, sco.launchData, sco.prerequisites])
            }
            return (try Self.courseVersion(db, courseId: draft.courseId, version: number)!, true)
        }
    }

    public func courses() async throws -> [CourseVersion] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT id FROM courses ORDER BY id").compactMap {
                try Self.courseVersion(db, courseId: $0, version: nil)
            }
        }
    }

    public func versions(courseId: String) async throws -> [CourseVersion] {
        try await read { db in
            try Int.fetchAll(db, sql: "SELECT version FROM course_versions WHERE course_id = ? ORDER BY version",
                             arguments: [courseId]).compactMap { try Self.courseVersion(db, courseId: courseId, version: $0) }
        }
    }

    /// Versions never change once registered, so they are read from the database once.
    public func courseVersion(courseId: String, version: Int?) async throws -> CourseVersion? {
        let number = version ?? cache.withLock { $0.latest[courseId] }
        if let number, let cached = cache.withLock({ $0.versions["\(courseId)#\(number)"] }) { return cached }
        let started = cache.withLock { $0.generation }
        guard let found = try await read({ db in try Self.courseVersion(db, courseId: courseId, version: version) }) else {
            return nil
        }
        cache.withLock { cache in
            cache.versions["\(courseId)#\(found.version)"] = found
            if version == nil { cache.store(if: started) { $0.latest[courseId] = found.version } }
        }
        return found
    }

    static func courseVersion(_ db: Database, courseId: String, version: Int?) throws -> CourseVersion? {
        let row: Row?
        if let version {
            row = try Row.fetchOne(db, sql: "SELECT * FROM course_versions WHERE course_id = ? AND version = ?",
                                   arguments: [courseId, version])
        } else {
            row = try Row.fetchOne(db, sql: "SELECT * FROM course_versions WHERE course_id = ? ORDER BY version DESC LIMIT 1",
                                   arguments: [courseId])
        }
        guard let row else { return nil }
        let number: Int = row["version"]
        let scos = try Row.fetchAll(db, sql: "SELECT * FROM scos WHERE course_id = ? AND version = ? ORDER BY position",
                                    arguments: [courseId, number]).map { sco in
            CourseVersion.SCO(id: sco["sco_id"], title: sco["title"], href: sco["href"], isSCO: sco["is_sco"],
                              parents: (try? JSONDecoder().decode([String].self, from: Data((sco["parents"] as String).utf8))) ?? [],
                              masteryScore: sco["mastery_score"], completionThreshold: sco["completion_threshold"],
                              launchData: sco["launch_data"], prerequisites: sco["prerequisites"])
        }
        // The column's CHECK allows only the two.
        let standard = SCORMStandard(rawValue: row["standard"] as String) ?? .scorm2004
        return CourseVersion(courseId: courseId, version: number, title: row["title"], standard: standard,
                             language: row["language"], label: row["label"], contentHash: row["content_hash"], folder: row["folder"], scos: scos,
                             createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    // MARK: Enrollments

    public func enroll(learnerId: String, courseId: String) async throws -> (enrollment: Enrollment, created: Bool) {
        defer { cache.withLock { $0.generation += 1; $0.enrollments[learnerId] = nil } }
        return try await write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM enrollments WHERE learner_id = ? AND course_id = ?",
                                          arguments: [learnerId, courseId]) {
                return (Self.enrollment(row), false)
            }
            guard let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM course_versions WHERE course_id = ?",
                                                arguments: [courseId]) else {
                throw StoreError.notFound("no course '\(courseId)'")
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM learners WHERE id = ?", arguments: [learnerId]) == true else {
                throw StoreError.notFound("no learner '\(learnerId)'")
            }
            let enrollment = Enrollment(learnerId: learnerId, courseId: courseId, version: latest, createdAt: Date())
            try db.execute(sql: "INSERT INTO enrollments(learner_id, course_id, version, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [learnerId, courseId, latest, enrollment.createdAt.timeIntervalSince1970])
            return (enrollment, true)
        }
    }

    public func enrollments(learnerId: String) async throws -> [Enrollment] {
        if let cached = cache.withLock({ $0.enrollments[learnerId] }) { return cached }
        let started = cache.withLock { $0.generation }
        let enrollments = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM enrollments WHERE learner_id = ? ORDER BY course_id",
                             arguments: [learnerId]).map(Self.enrollment)
        }
        cache.withLock { $0.store(if: started) { $0.enrollments[learnerId] = enrollments } }
        return enrollments
    }

    static func enrollment(_ row: Row) -> Enrollment {
        Enrollment(learnerId: row["learner_id"], courseId: row["course_id"], version: row["version"],
                   createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    /// One process, one data folder: the folder is the package's home.
    public func savePackage(hash: String, size: Int, read: (Int, Int) throws -> [UInt8]) async throws {}

    public func loadPackage(hash: String, to file: URL) async throws -> Bool { false }

    public func unavailability() async -> String? {
        do {
            try file.checkStillInPlace()
            return nil
        } catch {
            return "database file missing"
        }
    }

    // MARK: Run-time data

    public func state(learnerId: String, courseId: String, version: Int, scoId: String) async throws -> SCOState {
        try await read { db in
            // Cached statements here and in heartbeats: both come with every SCO launch and every minute of play.
            guard let attempt = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT attempt, last_seq, reported_seconds FROM attempts
                WHERE learner_id = ? AND course_id = ? AND version = ? AND sco_id = ? ORDER BY attempt DESC LIMIT 1
                """), arguments: [learnerId, courseId, version, scoId]) else {
                return SCOState(attempt: 0, seq: 0, values: [:])
            }
            let number: Int = attempt["attempt"]
            let values = try Self.values(db, learnerId: learnerId, courseId: courseId, version: version, scoId: scoId,
                                         attempt: number)
            // Clamped on reading too: rows written before totals were bounded may hold an infinite sum.
            return SCOState(attempt: number, seq: attempt["last_seq"], values: values.mapValues(\.value),
                            reportedSeconds: TotalTime.clamped(attempt["reported_seconds"]))
        }
    }

    /// An attempt's values with the sequence number that set each.
    static func values(_ db: Database, learnerId: String, courseId: String, version: Int, scoId: String,
                       attempt: Int) throws -> [String: StoredValue] {
        try attemptState(db, AttemptCache.Key(learnerId: learnerId, courseId: courseId, version: version, scoId: scoId,
                                              attempt: attempt)).values
    }

    /// An attempt's values and their encoded size, read through the C API (the writer reads it for commits).
    static func attemptState(_ db: Database, _ key: AttemptCache.Key) throws -> AttemptCache.State {
        let select = RawStatement(statement: try db.cachedStatement(sql: """
            SELECT cmi_values FROM attempts
            WHERE learner_id = ? AND course_id = ? AND version = ? AND sco_id = ? AND attempt = ?
            """), db: db)
        select.bind(key.learnerId, key.courseId, key.version, key.scoId, key.attempt)
        var state = AttemptCache.State.empty
        try select.forEachRow { row in
            state = row.withBytes(0) { AttemptCache.State(values: AttemptValues.decode($0), size: $0.count) }
        }
        return state
    }

    public func commit(_ requests: [CommitRequest]) async throws -> [CommitResult] {
        // Validation that needs no stored value happens here, on the caller's thread, not on the writer's.
        let prepared = requests.map { request in
            var request = request
            request.prepared = CommitMerger(validator: CMIValidator(version: request.cmiVersion)).prepare(request.batch)
            return request
        }
        return try await committer.submit(prepared.map { .commit($0) }).map { $0! }
    }

    public func heartbeat(learnerId: String, course: CourseVersion, scoId: String, at: Date) async throws {
        // Through the writer's groups, like commits: heartbeats move time on task, and they come every minute from
        // every learner at work.
        _ = try await committer.submit([.heartbeat(HeartbeatRequest(learnerId: learnerId, course: course, scoId: scoId, at: at))])
    }

    // MARK: Progress, attendance, reports: from the summaries kept at commit time

    public func progress(learnerId: String, course: CourseVersion) async throws -> CourseProgress {
        try await read { db in
            let key = SummaryWriter.Key(learnerId: learnerId, courseId: course.courseId, version: course.version)
            let (summary, scos) = try SummaryWriter.load(key, db)
            return ProgressCalculator.course(course, summary: summary, scos: scos)
        }
    }

    public func attendance(learnerId: String, course: CourseVersion) async throws -> (totalSeconds: Double, days: [TimeOnTask.Day]) {
        try await read { db in
            let days = RawStatement(statement: try db.cachedStatement(sql: """
                SELECT day, seconds, first_activity, last_activity FROM daily_activity
                WHERE learner_id = ? AND course_id = ? AND version = ? ORDER BY day
                """), db: db)
            days.bind(learnerId, course.courseId, course.version)
            var result: [TimeOnTask.Day] = []
            try days.forEachRow { row in
                result.append(TimeOnTask.Day(day: Int64(row.integer(0)), seconds: row.double(1),
                                             firstActivity: row.double(2), lastActivity: row.double(3)))
            }
            return (result.reduce(0) { $0 + $1.seconds }, result)
        }
    }

    public func reportSummary(course: CourseVersion) async throws -> CourseReport {
        try await read { db in
            let arguments: StatementArguments = [course.courseId, course.version]
            let join = """
                FROM enrollments e JOIN learners l ON l.id = e.learner_id
                LEFT JOIN course_progress c ON c.learner_id = e.learner_id AND c.course_id = e.course_id AND c.version = e.version
                WHERE e.course_id = ? AND e.version = ?
                """
            let counts = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*), COALESCE(SUM(c.status IN ('in-progress', 'completed')), 0),
                       COALESCE(SUM(c.status = 'completed'), 0), COALESCE(SUM(c.success = 'passed'), 0),
                       AVG(CASE WHEN c.status IN ('in-progress', 'completed') THEN c.score END)
                \(join)
                """), arguments: arguments)!
            // Medians over the learners who started: N numbers, sorted by SQLite.
            let scores = try Double.fetchAll(db.cachedStatement(sql: """
                SELECT c.score \(join) AND c.status IN ('in-progress', 'completed') AND c.score IS NOT NULL ORDER BY c.score
                """), arguments: arguments)
            let times = try Double.fetchAll(db.cachedStatement(sql: """
                SELECT c.time_on_task \(join) AND c.status IN ('in-progress', 'completed') ORDER BY c.time_on_task
                """), arguments: arguments)
            var funnel: [String: (Int, Int, Int)] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT sco_id, started, completed, passed FROM sco_funnel WHERE course_id = ? AND version = ?
                """), arguments: arguments) {
                funnel[row[0]] = (row[1], row[2], row[3])
            }
            let questions = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT interaction_id, sco_id, answers, correct FROM question_stats
                WHERE course_id = ? AND version = ? AND answers > 0 ORDER BY interaction_id, sco_id
                """), arguments: arguments).map { row in
                CourseReport.QuestionStat(interactionId: row[0], scoId: row[1], answers: row[2], correct: row[3],
                                          successRate: Double(row[3] as Int) / Double(max(row[2] as Int, 1)))
            }
            return CourseReport(
                courseId: course.courseId, version: course.version, title: course.title, enrolled: counts[0],
                started: counts[1], completed: counts[2], passed: counts[3], averageScore: counts[4],
                medianScore: CourseReport.median(sorted: scores), medianTimeOnTaskSeconds: CourseReport.median(sorted: times),
                funnel: course.scos.map { sco in
                    let step = funnel[sco.id] ?? (0, 0, 0)
                    return .init(scoId: sco.id, title: sco.title, module: sco.parents.last, started: step.0,
                                 completed: step.1, passed: step.2)
                },
                questions: questions, learners: [])
        }
    }

    public func reportLines(course: CourseVersion, after: String?, limit: Int) async throws -> [CourseReport.LearnerLine] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.learner_id, l.name, c.status, c.success, c.score, c.time_on_task, c.last_access
                FROM enrollments e JOIN learners l ON l.id = e.learner_id
                LEFT JOIN course_progress c ON c.learner_id = e.learner_id AND c.course_id = e.course_id AND c.version = e.version
                WHERE e.course_id = ? AND e.version = ? AND e.learner_id > ? ORDER BY e.learner_id LIMIT ?
                """), arguments: [course.courseId, course.version, after ?? "", limit]).map { row in
                CourseReport.LearnerLine(learnerId: row[0], name: row[1], status: row[2] ?? "not-started",
                                         success: row[3] ?? "unknown", score: row[4], timeOnTaskSeconds: row[5] ?? 0,
                                         lastAccess: (row[6] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    // Cached statements: progress is read on every page of the player, and preparing (with GRDB's authorizer)
    // cost more than running.
    static func attempts(_ db: Database, courseId: String, version: Int, learnerId: String?) throws -> [AttemptSnapshot] {
        var sql = """
            SELECT a.* FROM attempts a
            WHERE a.course_id = ? AND a.version = ? AND a.attempt = (
                SELECT MAX(b.attempt) FROM attempts b WHERE b.learner_id = a.learner_id AND b.course_id = a.course_id
                AND b.version = a.version AND b.sco_id = a.sco_id)
            """
        var arguments: StatementArguments = [courseId, version]
        if let learnerId {
            sql += " AND a.learner_id = ?"
            arguments += [learnerId]
        }
        return try Row.fetchAll(db.cachedStatement(sql: sql + " ORDER BY a.learner_id, a.sco_id"), arguments: arguments).map { row in
            let learner: String = row["learner_id"], sco: String = row["sco_id"], attempt: Int = row["attempt"]
            let stored: Data = row["cmi_values"]
            let values = stored.withUnsafeBytes(AttemptValues.decode)
            return AttemptSnapshot(learnerId: learner, scoId: sco, attempt: attempt, values: values.mapValues(\.value),
                                   startedAt: Date(timeIntervalSince1970: row["started_at"]),
                                   updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                                   reportedSeconds: TotalTime.clamped(row["reported_seconds"]))
        }
    }

    static func activity(_ db: Database, courseId: String, version: Int, learnerId: String) throws -> [Date] {
        // Heartbeats (and commits from before v4) are in the ledger; commits are their receipts. Sorted here:
        // SQLite sorted the union through a temporary table.
        try Double.fetchAll(db.cachedStatement(sql: """
            SELECT at FROM time_ledger WHERE learner_id = ? AND course_id = ? AND version = ?
            UNION ALL
            SELECT created_at FROM commit_receipts WHERE learner_id = ? AND course_id = ? AND version = ?
            """), arguments: [learnerId, courseId, version, learnerId, courseId, version]).sorted()
            .map(Date.init(timeIntervalSince1970:))
    }
}
