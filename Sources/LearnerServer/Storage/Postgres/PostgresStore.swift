import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization
import _ConnectionPoolModule
import SCORMRuntime

/// The store for several `portail serve` processes on one PostgreSQL database (docs/storage.md). Nothing that can
/// change is cached, since another process may change it; course versions, which never change, are. Every call
/// answers within `deadline` or fails with `StoreError.unavailable` (503), as does every call while the database is
/// unreachable: the pool reconnects by itself.
public final class PostgresStore: Store, Sendable {
    let client: PostgresClient
    let logger: Logger
    let location: PostgresLocation
    private let runner: Task<Void, Never>
    private let committer: PostgresCommitter
    private let versions = Mutex<[String: CourseVersion]>([:])
    /// How long a call may wait for the database (a connection included) before it answers 503.
    static let deadline: Duration = .seconds(5)

    public init(location: PostgresLocation, logger: Logger) async throws {
        self.location = location
        self.logger = logger
        let client = PostgresClient(configuration: try location.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        committer = PostgresCommitter(client: client, logger: logger, outage: outage)
        do {
            try await Self.guarded { try await PostgresSchema.migrate(client, logger: logger) }
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// Stops the pool; the store is unusable afterwards.
    public func shutdown() async {
        runner.cancel()
        await runner.value
    }

    /// Once the database was found unreachable, calls answer 503 at once for a moment instead of each waiting for
    /// the deadline: during an outage learners get their answer (and their outbox its cue to retry) quickly.
    final class Outage: Sendable {
        private let until = Mutex<ContinuousClock.Instant?>(nil)
        static let pause: Duration = .seconds(2)

        var isOngoing: Bool { until.withLock { $0.map { ContinuousClock.now < $0 } ?? false } }
        func begin() { until.withLock { $0 = ContinuousClock.now + Self.pause } }
    }

    let outage = Outage()

    /// Runs a database call within the deadline, turning a lost or refused connection into `unavailable`.
    static func guarded<T: Sendable>(outage: Outage? = nil, _ body: @Sendable @escaping () async throws -> T) async throws -> T {
        if outage?.isOngoing == true { throw StoreError.unavailable("the database is unreachable; nothing was stored") }
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    outage?.begin()
                    throw StoreError.unavailable("the database did not answer in time")
                }
                return value
            }
        } catch {
            let cause = unwrapped(error)
            // The pool stops trying for a while after connections keep failing, and says so to waiting requests.
            if cause is ConnectionPoolError || (cause as? PSQLError).map(isUnavailability) == true {
                outage?.begin()
                throw StoreError.unavailable("the database is unreachable; nothing was stored")
            }
            throw cause
        }
    }

    /// What went wrong in a transaction: PostgresNIO wraps it, with what the rollback did.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error
    }

    /// Errors that say the database cannot be reached now (connection lost or refused, server shutting down or
    /// starting), as opposed to a query it refused.
    static func isUnavailability(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .failedToAddSSLHandler, .sslUnsupported:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // 08: connection exception; 57P0x: admin shutdown, crash shutdown, cannot connect now; 53: resources;
            // 55000: the database refuses connections; 3D000: it does not exist (yet).
            return state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") || state == "55000" || state == "3D000"
        default:
            return false
        }
    }

    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = client, logger = logger
        return try await Self.guarded(outage: outage) { try await client.query(query, logger: logger).collect() }
    }

    func transaction<T: Sendable>(_ body: @Sendable @escaping (PostgresConnection) async throws -> T) async throws -> T {
        let client = client, logger = logger
        return try await Self.guarded(outage: outage) { try await client.withTransaction(logger: logger) { try await body($0) } }
    }

    static var now: Double { Date().timeIntervalSince1970 }

    // MARK: Health

    /// nil when the database answers; else why not.
    public func unavailability() async -> String? {
        do {
            _ = try await query("SELECT 1")
            return nil
        } catch {
            return "database unreachable"
        }
    }

    // MARK: Admin token and sessions

    public func adminTokenHash() async throws -> String? {
        try await query("SELECT value FROM settings WHERE key = 'admin_token_hash'").first?.decode(String.self)
    }

    public func setAdminTokenHash(_ hash: String) async throws {
        try await transaction { connection in
            let rows = try await connection.query("SELECT value FROM settings WHERE key = 'admin_token_hash' FOR UPDATE",
                                                  logger: self.logger).collect()
            let previous = try rows.first?.decode(String.self)
            try await connection.query("""
                INSERT INTO settings(key, value) VALUES ('admin_token_hash', \(hash))
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """, logger: self.logger)
            // A new admin token ends the browser sessions opened with the old one.
            if previous != hash { try await connection.query("DELETE FROM admin_sessions", logger: self.logger) }
        }
    }

    public func initializeAdminTokenHash(_ hash: String) async throws -> Bool {
        try await !query("""
            INSERT INTO settings(key, value) VALUES ('admin_token_hash', \(hash)) ON CONFLICT DO NOTHING RETURNING key
            """).isEmpty
    }

    public func createSigninLink(learnerId: String, hash: String, expiresAt: Date) async throws {
        _ = try await query("""
            INSERT INTO signin_links(hash, learner_id, created_at, expires_at)
            VALUES (\(hash), \(learnerId), \(Self.now), \(expiresAt.timeIntervalSince1970))
            """)
    }

    public func consumeSigninLink(hash: String, at: Date) async throws -> Learner? {
        // One statement marks the link used only if it still can be: two processes opening it race safely.
        let rows = try await query("""
            WITH used AS (
                UPDATE signin_links SET used_at = \(at.timeIntervalSince1970)
                WHERE hash = \(hash) AND used_at IS NULL AND expires_at > \(at.timeIntervalSince1970) RETURNING learner_id)
            SELECT l.id, l.name, l.email, l.created_at FROM used JOIN learners l ON l.id = used.learner_id
            """)
        return try rows.first.map(Self.learner)
    }

    public func createSession(learnerId: String, hash: String, expiresAt: Date) async throws {
        _ = try await query("""
            INSERT INTO sessions(hash, learner_id, created_at, expires_at)
            VALUES (\(hash), \(learnerId), \(Self.now), \(expiresAt.timeIntervalSince1970))
            """)
    }

    public func learner(sessionHash: String, at: Date) async throws -> Learner? {
        try await query("""
            SELECT l.id, l.name, l.email, l.created_at FROM sessions s JOIN learners l ON l.id = s.learner_id
            WHERE s.hash = \(sessionHash) AND s.expires_at > \(at.timeIntervalSince1970)
            """).first.map(Self.learner)
    }

    public func deleteSession(hash: String) async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM sessions WHERE hash = \(hash)", logger: self.logger)
            try await connection.query("DELETE FROM admin_sessions WHERE hash = \(hash)", logger: self.logger)
        }
    }

    public func createAdminSession(hash: String, expiresAt: Date) async throws {
        _ = try await query("""
            INSERT INTO admin_sessions(hash, created_at, expires_at) VALUES (\(hash), \(Self.now), \(expiresAt.timeIntervalSince1970))
            """)
    }

    public func isAdminSession(hash: String, at: Date) async throws -> Bool {
        try await !query("SELECT 1 FROM admin_sessions WHERE hash = \(hash) AND expires_at > \(at.timeIntervalSince1970)").isEmpty
    }

    // MARK: Learners

    static func learner(_ row: PostgresRow) throws -> Learner {
        let (id, name, email, created) = try row.decode((String, String, String?, Double).self)
        return Learner(id: id, name: name, email: email, createdAt: Date(timeIntervalSince1970: created))
    }

    public func createLearner(name: String, email: String?, tokenHash: String) async throws -> Learner {
        let learner = Learner(id: UUID().uuidString.lowercased(), name: name, email: email, createdAt: Date())
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO learners(id, name, email, created_at)
                VALUES (\(learner.id), \(learner.name), \(learner.email), \(learner.createdAt.timeIntervalSince1970))
                """, logger: self.logger)
            try await connection.query("""
                INSERT INTO tokens(hash, learner_id, created_at)
                VALUES (\(tokenHash), \(learner.id), \(learner.createdAt.timeIntervalSince1970))
                """, logger: self.logger)
        }
        return learner
    }

    public func learners() async throws -> [Learner] {
        try await query("SELECT id, name, email, created_at FROM learners ORDER BY created_at, id").map(Self.learner)
    }

    public func learner(id: String) async throws -> Learner? {
        try await query("SELECT id, name, email, created_at FROM learners WHERE id = \(id)").first.map(Self.learner)
    }

    public func learner(tokenHash: String) async throws -> Learner? {
        try await query("""
            SELECT l.id, l.name, l.email, l.created_at FROM tokens t JOIN learners l ON l.id = t.learner_id
            WHERE t.hash = \(tokenHash) AND t.revoked_at IS NULL
            """).first.map(Self.learner)
    }

    public func addToken(learnerId: String, tokenHash: String) async throws {
        _ = try await query("INSERT INTO tokens(hash, learner_id, created_at) VALUES (\(tokenHash), \(learnerId), \(Self.now))")
    }

    public func revokeTokens(learnerId: String) async throws {
        try await transaction { connection in
            try await connection.query("""
                UPDATE tokens SET revoked_at = \(Self.now) WHERE learner_id = \(learnerId) AND revoked_at IS NULL
                """, logger: self.logger)
            // Revoking a learner's access also ends their browser sessions and unused sign-in links.
            try await connection.query("DELETE FROM sessions WHERE learner_id = \(learnerId)", logger: self.logger)
            try await connection.query("DELETE FROM signin_links WHERE learner_id = \(learnerId) AND used_at IS NULL",
                                       logger: self.logger)
        }
    }

    // MARK: Courses and enrollments

    public func register(_ draft: CourseVersion) async throws -> (version: CourseVersion, created: Bool) {
        let number = try await transaction { connection -> (Int, Bool) in
            try await connection.query("INSERT INTO courses(id) VALUES (\(draft.courseId)) ON CONFLICT DO NOTHING",
                                       logger: self.logger)
            // The course row's lock serialises processes registering the same course at the same moment.
            _ = try await connection.query("SELECT id FROM courses WHERE id = \(draft.courseId) FOR UPDATE",
                                           logger: self.logger).collect()
            let latest = try await connection.query("""
                SELECT version, content_hash FROM course_versions WHERE course_id = \(draft.courseId)
                ORDER BY version DESC LIMIT 1
                """, logger: self.logger).collect().first.map { try $0.decode((Int, String).self) }
            if let latest, latest.1 == draft.contentHash { return (latest.0, false) }
            let number = (latest?.0 ?? 0) + 1
            try await connection.query("""
                INSERT INTO course_versions(course_id, version, title, standard, language, label, content_hash, folder, created_at)
                VALUES (\(draft.courseId), \(number), \(draft.title), \(draft.standard.rawValue), \(draft.language), \(draft.label),
                        \(draft.contentHash), \(draft.folder), \(draft.createdAt.timeIntervalSince1970))
                """, logger: self.logger)
            for (position, sco) in draft.scos.enumerated() {
                let parents = String(decoding: try JSONEncoder().encode(sco.parents), as: UTF8.self)
                try await connection.query("""
                    INSERT INTO scos(course_id, version, sco_id, position, title, href, is_sco, parents, mastery_score,
                                     completion_threshold, launch_data, prerequisites)
                    VALUES (\(draft.courseId), \(number), \(sco.id), \(position), \(sco.title), \(sco.href), \(sco.isSCO),
                            \(parents), \(sco.masteryScore), \(sco.completionThreshold), \(sco.launchData), \(sco.prerequisites))
                    """, logger: self.logger)
            }
            return (number, true)
        }
        guard let version = try await courseVersion(courseId: draft.courseId, version: number.0) else {
            throw StoreError.notFound("course '\(draft.courseId)' version \(number.0) vanished")
        }
        return (version, number.1)
    }

    public func courses() async throws -> [CourseVersion] {
        var latest: [CourseVersion] = []
        for row in try await query("SELECT course_id, MAX(version) FROM course_versions GROUP BY course_id ORDER BY course_id") {
            let (id, number) = try row.decode((String, Int).self)
            if let version = try await courseVersion(courseId: id, version: number) { latest.append(version) }
        }
        return latest
    }

    public func versions(courseId: String) async throws -> [CourseVersion] {
        var all: [CourseVersion] = []
        for row in try await query("SELECT version FROM course_versions WHERE course_id = \(courseId) ORDER BY version") {
            if let version = try await courseVersion(courseId: courseId, version: try row.decode(Int.self)) { all.append(version) }
        }
        return all
    }

    /// Versions never change once registered: each is read once. The latest version is asked each time, since
    /// another process may register a new one.
    public func courseVersion(courseId: String, version: Int?) async throws -> CourseVersion? {
        let number: Int
        if let version {
            number = version
        } else {
            guard let latest = try await query("SELECT MAX(version) FROM course_versions WHERE course_id = \(courseId)")
                .first.flatMap({ try $0.decode(Int?.self) }) else { return nil }
            number = latest
        }
        if let cached = versions.withLock({ $0["\(courseId)#\(number)"] }) { return cached }
        guard let row = try await query("""
            SELECT title, standard, language, label, content_hash, folder, created_at FROM course_versions
            WHERE course_id = \(courseId) AND version = \(number)
            """).first else { return nil }
        let (title, standard, language, label, hash, folder, created) =
            try row.decode((String, String, String?, String?, String, String, Double).self)
        let scos = try await query("""
            SELECT sco_id, title, href, is_sco, parents, mastery_score, completion_threshold, launch_data, prerequisites
            FROM scos WHERE course_id = \(courseId) AND version = \(number) ORDER BY position
            """).map { row in
            let (id, title, href, isSCO, parents, mastery, threshold, launch, prerequisites) =
                try row.decode((String, String, String, Bool, String, Double?, Double?, String?, String?).self)
            return CourseVersion.SCO(id: id, title: title, href: href, isSCO: isSCO,
                                     parents: (try? JSONDecoder().decode([String].self, from: Data(parents.utf8))) ?? [],
                                     masteryScore: mastery, completionThreshold: threshold, launchData: launch,
                                     prerequisites: prerequisites)
        }
        guard let known = SCORMStandard(rawValue: standard) else {
            throw StoreError.notFound("course '\(courseId)' version \(number) has an unknown standard '\(standard)'")
        }
        let found = CourseVersion(courseId: courseId, version: number, title: title, standard: known, language: language,
                                  label: label, contentHash: hash, folder: folder, scos: scos,
                                  createdAt: Date(timeIntervalSince1970: created))
        versions.withLock { $0["\(courseId)#\(number)"] = found }
        return found
    }

    public func enroll(learnerId: String, courseId: String) async throws -> (enrollment: Enrollment, created: Bool) {
        try await transaction { connection in
            guard let latest = try await connection.query("SELECT MAX(version) FROM course_versions WHERE course_id = \(courseId)",
                                                          logger: self.logger).collect().first.flatMap({ try $0.decode(Int?.self) }) else {
                throw StoreError.notFound("no course '\(courseId)'")
            }
            guard try await !connection.query("SELECT 1 FROM learners WHERE id = \(learnerId)", logger: self.logger)
                .collect().isEmpty else {
                throw StoreError.notFound("no learner '\(learnerId)'")
            }
            let now = Self.now
            // ON CONFLICT: enrolling twice, from two processes at once too, keeps the first enrollment.
            let inserted = try await connection.query("""
                INSERT INTO enrollments(learner_id, course_id, version, created_at) VALUES (\(learnerId), \(courseId), \(latest), \(now))
                ON CONFLICT (learner_id, course_id) DO NOTHING RETURNING version
                """, logger: self.logger).collect()
            if !inserted.isEmpty {
                return (Enrollment(learnerId: learnerId, courseId: courseId, version: latest,
                                   createdAt: Date(timeIntervalSince1970: now)), true)
            }
            let row = try await connection.query("""
                SELECT version, created_at FROM enrollments WHERE learner_id = \(learnerId) AND course_id = \(courseId)
                """, logger: self.logger).collect()
            let (version, created) = try row[0].decode((Int, Double).self)
            return (Enrollment(learnerId: learnerId, courseId: courseId, version: version,
                               createdAt: Date(timeIntervalSince1970: created)), false)
        }
    }

    public func enrollments(learnerId: String) async throws -> [Enrollment] {
        try await query("""
            SELECT course_id, version, created_at FROM enrollments WHERE learner_id = \(learnerId) ORDER BY course_id
            """).map { row in
            let (course, version, created) = try row.decode((String, Int, Double).self)
            return Enrollment(learnerId: learnerId, courseId: course, version: version, createdAt: Date(timeIntervalSince1970: created))
        }
    }

    // MARK: Run-time data

    public func state(learnerId: String, courseId: String, version: Int, scoId: String) async throws -> SCOState {
        guard let row = try await query("""
            SELECT attempt, last_seq, reported_seconds, cmi_values FROM attempts
            WHERE learner_id = \(learnerId) AND course_id = \(courseId) AND version = \(version) AND sco_id = \(scoId)
            ORDER BY attempt DESC LIMIT 1
            """).first else {
            return SCOState(attempt: 0, seq: 0, values: [:])
        }
        let (attempt, seq, reported, bytes) = try row.decode((Int, Int, Double, ByteBuffer).self)
        let values = bytes.withUnsafeReadableBytes { AttemptValues.decode($0) }
        return SCOState(attempt: attempt, seq: seq, values: values.mapValues(\.value), reportedSeconds: TotalTime.clamped(reported))
    }

    public func commit(_ requests: [CommitRequest]) async throws -> [CommitResult] {
        // Validation that needs no stored value happens here, on the caller's thread, not in the group's transaction.
        let prepared = requests.map { request in
            var request = request
            request.prepared = CommitMerger(validator: CMIValidator(version: request.cmiVersion)).prepare(request.batch)
            return GroupWork.commit(request)
        }
        return try await committer.submit(prepared).map { $0! }
    }

    public func heartbeat(learnerId: String, course: CourseVersion, scoId: String, at: Date) async throws {
        _ = try await committer.submit([.heartbeat(HeartbeatRequest(learnerId: learnerId, course: course, scoId: scoId, at: at))])
    }
}

// MARK: Progress, attendance, reports: from the summaries kept at commit time

extension PostgresStore {
    public func progress(learnerId: String, course: CourseVersion) async throws -> CourseProgress {
        let rows = try await query("""
            SELECT status, success, score, completed_scos, reported_seconds, last_access, time_on_task, first_activity, last_activity
            FROM course_progress WHERE learner_id = \(learnerId) AND course_id = \(course.courseId) AND version = \(course.version)
            """)
        var summary = LearnerCourseSummary.empty
        if let row = rows.first {
            let (status, success, score, completed, reported, lastAccess, time, first, last) =
                try row.decode((String, String, Double?, Int, Double, Double?, Double, Double?, Double?).self)
            summary = LearnerCourseSummary(status: status, success: success, score: score, completedSCOs: completed,
                                           reportedSeconds: reported, lastAccess: lastAccess, timeOnTaskSeconds: time,
                                           firstActivity: first, lastActivity: last)
        }
        var scos: [String: SCOSummary] = [:]
        for row in try await query("""
            SELECT sco_id, attempt, completion, success, score, reported_seconds, started_at, updated_at, interactions
            FROM sco_progress WHERE learner_id = \(learnerId) AND course_id = \(course.courseId) AND version = \(course.version)
            """) {
            let (id, attempt, completion, success, score, reported, started, updated, interactions) =
                try row.decode((String, Int, String, String, Double?, Double, Double, Double, String).self)
            scos[id] = SCOSummary(attempt: attempt, completion: completion, success: success, score: score,
                                  reportedSeconds: reported, startedAt: started, updatedAt: updated,
                                  interactions: InteractionResult.decode(interactions))
        }
        return ProgressCalculator.course(course, summary: summary, scos: scos)
    }

    public func attendance(learnerId: String, course: CourseVersion) async throws -> (totalSeconds: Double, days: [TimeOnTask.Day]) {
        let days = try await query("""
            SELECT day, seconds, first_activity, last_activity FROM daily_activity
            WHERE learner_id = \(learnerId) AND course_id = \(course.courseId) AND version = \(course.version) ORDER BY day
            """).map { row in
            let (day, seconds, first, last) = try row.decode((Int, Double, Double, Double).self)
            return TimeOnTask.Day(day: Int64(day), seconds: seconds, firstActivity: first, lastActivity: last)
        }
        return (days.reduce(0) { $0 + $1.seconds }, days)
    }

    public func reportSummary(course: CourseVersion) async throws -> CourseReport {
        let id = course.courseId, version = course.version
        let counts = try await query("""
            SELECT COUNT(*), COUNT(*) FILTER (WHERE c.status IN ('in-progress', 'completed')),
                   COUNT(*) FILTER (WHERE c.status = 'completed'), COUNT(*) FILTER (WHERE c.success = 'passed'),
                   AVG(c.score) FILTER (WHERE c.status IN ('in-progress', 'completed'))
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            LEFT JOIN course_progress c ON c.learner_id = e.learner_id AND c.course_id = e.course_id AND c.version = e.version
            WHERE e.course_id = \(id) AND e.version = \(version)
            """)[0].decode((Int, Int, Int, Int, Double?).self)
        let medians = try await query("""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.score) FILTER (WHERE c.score IS NOT NULL),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY c.time_on_task)
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            JOIN course_progress c ON c.learner_id = e.learner_id AND c.course_id = e.course_id AND c.version = e.version
            WHERE e.course_id = \(id) AND e.version = \(version) AND c.status IN ('in-progress', 'completed')
            """)[0].decode((Double?, Double?).self)
        var funnel: [String: (Int, Int, Int)] = [:]
        for row in try await query("SELECT sco_id, started, completed, passed FROM sco_funnel WHERE course_id = \(id) AND version = \(version)") {
            let (sco, started, completed, passed) = try row.decode((String, Int, Int, Int).self)
            funnel[sco] = (started, completed, passed)
        }
        let questions = try await query("""
            SELECT interaction_id, sco_id, answers, correct FROM question_stats
            WHERE course_id = \(id) AND version = \(version) AND answers > 0 ORDER BY interaction_id COLLATE "C", sco_id COLLATE "C"
            """).map { row in
            let (interaction, sco, answers, correct) = try row.decode((String, String, Int, Int).self)
            return CourseReport.QuestionStat(interactionId: interaction, scoId: sco, answers: answers, correct: correct,
                                             successRate: Double(correct) / Double(max(answers, 1)))
        }
        return CourseReport(
            courseId: id, version: version, title: course.title, enrolled: counts.0, started: counts.1, completed: counts.2,
            passed: counts.3, averageScore: counts.4, medianScore: medians.0, medianTimeOnTaskSeconds: medians.1,
            funnel: course.scos.map { sco in
                let step = funnel[sco.id] ?? (0, 0, 0)
                return .init(scoId: sco.id, title: sco.title, module: sco.parents.last, started: step.0, completed: step.1,
                             passed: step.2)
            },
            questions: questions, learners: [])
    }

    public func reportLines(course: CourseVersion, after: String?, limit: Int) async throws -> [CourseReport.LearnerLine] {
        // Learner ids compare as bytes ("C"), as on SQLite: pages follow one order whatever the database's collation.
        try await query("""
            SELECT e.learner_id, l.name, c.status, c.success, c.score, c.time_on_task, c.last_access
            FROM enrollments e JOIN learners l ON l.id = e.learner_id
            LEFT JOIN course_progress c ON c.learner_id = e.learner_id AND c.course_id = e.course_id AND c.version = e.version
            WHERE e.course_id = \(course.courseId) AND e.version = \(course.version) AND e.learner_id COLLATE "C" > \(after ?? "")
            ORDER BY e.learner_id COLLATE "C" LIMIT \(limit)
            """).map { row in
            let (learner, name, status, success, score, time, lastAccess) =
                try row.decode((String, String, String?, String?, Double?, Double?, Double?).self)
            return CourseReport.LearnerLine(learnerId: learner, name: name, status: status ?? "not-started",
                                            success: success ?? "unknown", score: score, timeOnTaskSeconds: time ?? 0,
                                            lastAccess: lastAccess.map(Date.init(timeIntervalSince1970:)))
        }
    }
}

// MARK: Packages, content-addressed, for every process

extension PostgresStore {
    static let chunkSize = 1 << 20

    public func savePackage(hash: String, size: Int, read: (Int, Int) throws -> [UInt8]) async throws {
        if try await !query("SELECT 1 FROM packages WHERE hash = \(hash)").isEmpty { return }
        let parts = (size + Self.chunkSize - 1) / Self.chunkSize
        // Chunk by chunk, each in its own statement: a 200 MiB package never sits in memory whole. The packages row
        // comes last: a package is complete once it has one.
        for part in 0..<parts {
            let offset = part * Self.chunkSize
            let bytes = try read(offset, min(Self.chunkSize, size - offset))
            _ = try await query("""
                INSERT INTO package_chunks(hash, part, data) VALUES (\(hash), \(part), \(ByteBuffer(bytes: bytes)))
                ON CONFLICT DO NOTHING
                """)
        }
        _ = try await query("""
            INSERT INTO packages(hash, size, parts, created_at) VALUES (\(hash), \(size), \(parts), \(Self.now)) ON CONFLICT DO NOTHING
            """)
    }

    public func loadPackage(hash: String, to file: URL) async throws -> Bool {
        guard let row = try await query("SELECT parts FROM packages WHERE hash = \(hash)").first else { return false }
        let parts = try row.decode(Int.self)
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        for part in 0..<parts {
            guard let chunk = try await query("SELECT data FROM package_chunks WHERE hash = \(hash) AND part = \(part)").first else {
                throw StoreError.notFound("package \(hash.prefix(16)) is missing its part \(part)")
            }
            try handle.write(contentsOf: Data(buffer: try chunk.decode(ByteBuffer.self)))
        }
        return true
    }
}
