import Foundation

/// Everything the server keeps, one protocol per concern (docs/storage.md). Handlers talk only to these; a backend
/// (SQLite, PostgreSQL) implements them all, calling the same rules (`CommitMerger`, `SCOStatusRule`,
/// `CourseRollUp`, `ActivityLedger`), and passes the same store test suite.
public protocol Store: LearnerStore, SessionStore, CourseStore, RuntimeStore, ProgressReader, StoreHealth {}

/// Learners and their bearer tokens (stored as hashes).
public protocol LearnerStore: Sendable {
    func createLearner(name: String, email: String?, tokenHash: String) async throws -> Learner
    func learners() async throws -> [Learner]
    func learner(id: String) async throws -> Learner?
    /// The learner owning a valid (not revoked) token.
    func learner(tokenHash: String) async throws -> Learner?
    func addToken(learnerId: String, tokenHash: String) async throws
    /// Also ends the learner's browser sessions and unused sign-in links.
    func revokeTokens(learnerId: String) async throws
}

/// The admin token, one-time sign-in links, browser sessions and admin sessions, all stored as hashes.
public protocol SessionStore: Sendable {
    func adminTokenHash() async throws -> String?
    /// A new hash ends the admin sessions opened with the old token.
    func setAdminTokenHash(_ hash: String) async throws
    /// Sets the hash only when there is none yet; false when there was one.
    func initializeAdminTokenHash(_ hash: String) async throws -> Bool
    func createSigninLink(learnerId: String, hash: String, expiresAt: Date) async throws
    /// The learner of a valid, unused, unexpired link, which is used up by this call (once, whoever else tries).
    func consumeSigninLink(hash: String, at: Date) async throws -> Learner?
    func createSession(learnerId: String, hash: String, expiresAt: Date) async throws
    func learner(sessionHash: String, at: Date) async throws -> Learner?
    func deleteSession(hash: String) async throws
    func createAdminSession(hash: String, expiresAt: Date) async throws
    func isAdminSession(hash: String, at: Date) async throws -> Bool
}

/// Courses, their versions, and who is enrolled in which version.
public protocol CourseStore: Sendable {
    /// Registers a package; returns the latest version unchanged when its content hash is the same.
    func register(_ draft: CourseVersion) async throws -> (version: CourseVersion, created: Bool)
    /// The latest version of every course.
    func courses() async throws -> [CourseVersion]
    func versions(courseId: String) async throws -> [CourseVersion]
    func courseVersion(courseId: String, version: Int?) async throws -> CourseVersion?
    func enroll(learnerId: String, courseId: String) async throws -> (enrollment: Enrollment, created: Bool)
    func enrollments(learnerId: String) async throws -> [Enrollment]
    /// Keeps a package's bytes by their hash, for the other processes on the same database; `read(offset, count)`
    /// gives them. A store that serves one process keeps nothing (its data folder is the package's only home).
    func savePackage(hash: String, size: Int, read: (Int, Int) throws -> [UInt8]) async throws
    /// Writes a kept package to `file`; false when the store keeps none under that hash.
    func loadPackage(hash: String, to file: URL) async throws -> Bool
}

/// Whether the store can be reached: what `/health` reports.
public protocol StoreHealth: Sendable {
    /// nil when the store answers; else why not, in a few words.
    func unavailability() async -> String?
}

/// The run-time data of SCO attempts: resume, commits, heartbeats.
public protocol RuntimeStore: Sendable {
    /// The latest attempt of a SCO (attempt 0 and no value when never started).
    func state(learnerId: String, courseId: String, version: Int, scoId: String) async throws -> SCOState
    /// Applies commits in order; batches received together are written in one transaction (group commit), each
    /// result returned only once it is durable. The summaries move in the same transaction.
    func commit(_ requests: [CommitRequest]) async throws -> [CommitResult]
    func heartbeat(learnerId: String, course: CourseVersion, scoId: String, at: Date) async throws
}

/// What the summaries kept at commit time answer: each read costs what its answer holds.
public protocol ProgressReader: Sendable {
    /// One learner's progress in a course version: one row per SCO, and one for the course.
    func progress(learnerId: String, course: CourseVersion) async throws -> CourseProgress
    /// One learner's time on task in a course version, per UTC day.
    func attendance(learnerId: String, course: CourseVersion) async throws -> (totalSeconds: Double, days: [TimeOnTask.Day])
    /// A report's figures, funnel and questions, without its learner lines.
    func reportSummary(course: CourseVersion) async throws -> CourseReport
    /// Up to `limit` learner lines of a report, by learner id, after `after`: the lines are read a page at a time.
    func reportLines(course: CourseVersion, after: String?, limit: Int) async throws -> [CourseReport.LearnerLine]
}
