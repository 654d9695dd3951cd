import Foundation

/// Everything the server keeps. Handlers talk only to this protocol, so that a PostgreSQL implementation can
/// be added beside the SQLite one without touching them.
public protocol ProgressStore: Sendable {
    // Admin
    func adminTokenHash() async throws -> String?
    func setAdminTokenHash(_ hash: String) async throws

    // Learners and their tokens
    func createLearner(name: String, email: String?, tokenHash: String) async throws -> Learner
    func learners() async throws -> [Learner]
    func learner(id: String) async throws -> Learner?
    /// The learner owning a valid (not revoked) token.
    func learner(tokenHash: String) async throws -> Learner?
    func addToken(learnerId: String, tokenHash: String) async throws
    func revokeTokens(learnerId: String) async throws

    // Browser sign-in: one-time links and sessions, both stored as hashes
    func createSigninLink(learnerId: String, hash: String, expiresAt: Date) async throws
    /// The learner of a valid, unused, unexpired link, which is used up by this call.
    func consumeSigninLink(hash: String, at: Date) async throws -> Learner?
    func createSession(learnerId: String, hash: String, expiresAt: Date) async throws
    func learner(sessionHash: String, at: Date) async throws -> Learner?
    func deleteSession(hash: String) async throws
    func createAdminSession(hash: String, expiresAt: Date) async throws
    func isAdminSession(hash: String, at: Date) async throws -> Bool

    // Courses
    /// Registers a package; returns the latest version unchanged when its content hash is the same.
    func register(_ draft: CourseVersion) async throws -> (version: CourseVersion, created: Bool)
    /// The latest version of every course.
    func courses() async throws -> [CourseVersion]
    func versions(courseId: String) async throws -> [CourseVersion]
    func courseVersion(courseId: String, version: Int?) async throws -> CourseVersion?

    // Enrollments
    func enroll(learnerId: String, courseId: String) async throws -> (enrollment: Enrollment, created: Bool)
    func enrollments(learnerId: String) async throws -> [Enrollment]
    func enrollments(courseId: String, version: Int) async throws -> [Enrollment]

    // Run-time data
    /// The latest attempt of a SCO (attempt 0 and no value when never started).
    func state(learnerId: String, courseId: String, version: Int, scoId: String) async throws -> SCOState
    /// Applies commits in order; batches received together are written in one transaction (group commit),
    /// and each result is returned only once it is durable.
    func commit(_ requests: [CommitRequest]) async throws -> [CommitResult]
    func heartbeat(learnerId: String, courseId: String, version: Int, scoId: String, at: Date) async throws

    // Progress and reports
    /// The latest attempt of every SCO the learner (or every learner, when nil) started in that version.
    func attempts(courseId: String, version: Int, learnerId: String?) async throws -> [AttemptSnapshot]
    /// Server-side activity times (commits and heartbeats) of a learner in a course version, sorted.
    func activity(courseId: String, version: Int, learnerId: String) async throws -> [Date]
    /// Both of the above for one learner, as one consistent read: what a progress request needs.
    func progressInputs(courseId: String, version: Int, learnerId: String) async throws
        -> (attempts: [AttemptSnapshot], activity: [Date])
}

extension ProgressStore {
    public func progressInputs(courseId: String, version: Int, learnerId: String) async throws
        -> (attempts: [AttemptSnapshot], activity: [Date]) {
        (try await attempts(courseId: courseId, version: version, learnerId: learnerId),
         try await activity(courseId: courseId, version: version, learnerId: learnerId))
    }
}
