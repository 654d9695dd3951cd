import Foundation
import SCORMRuntime

/// A commit to apply, with everything resolved by the HTTP layer.
public struct CommitRequest: Sendable {
    public let learnerId: String
    public let scoId: String
    public let cmiVersion: SCORMStandard
    public let batch: CommitBatch
    public let receivedAt: Date
    /// The course version the learner is enrolled in: its SCOs decide the summaries.
    public let course: CourseVersion
    public var courseId: String { course.courseId }
    public var version: Int { course.version }

    public init(learnerId: String, course: CourseVersion, scoId: String, cmiVersion: SCORMStandard, batch: CommitBatch,
                receivedAt: Date) {
        self.learnerId = learnerId
        self.course = course
        self.scoId = scoId
        self.cmiVersion = cmiVersion
        self.batch = batch
        self.receivedAt = receivedAt
    }
    /// Validation done before the writer, when the batch allows it (set by the store).
    var prepared: CommitMerger.Prepared?

    /// Offline clients may send when a change happened; it is trusted only within the last 30 days and never
    /// later than its arrival, so a wrong clock cannot inflate or move attendance much.
    public var occurredAt: Date {
        guard let at = batch.at else { return receivedAt }
        return min(receivedAt, max(at, receivedAt.addingTimeInterval(-30 * 24 * 3600)))
    }
}

/// What a store's writer does in its groups: commits, and heartbeats, which move time on task as commits do.
enum GroupWork: Sendable {
    case commit(CommitRequest)
    case heartbeat(HeartbeatRequest)
}

/// A heartbeat: the learner is still on the SCO (time on task).
public struct HeartbeatRequest: Sendable {
    public let learnerId: String
    public let course: CourseVersion
    public let scoId: String
    public let at: Date
}
