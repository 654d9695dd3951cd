import Foundation

/// A person following courses. Their token is never stored, only its hash.
public struct Learner: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let email: String?
    public let createdAt: Date
}

/// One registered version of a course: a package unpacked in the data folder.
public struct CourseVersion: Codable, Sendable, Equatable {
    public struct SCO: Codable, Sendable, Equatable {
        public let id: String
        public let title: String
        public let href: String
        public let isSCO: Bool
        /// Titles of the enclosing items (the module for Portail's packages).
        public let parents: [String]
        public let masteryScore: Double?
        public let completionThreshold: Double?
        public let launchData: String?
        public let prerequisites: String?
    }

    public let courseId: String
    public let version: Int
    public let title: String
    public let standard: String
    /// BCP 47, from the package metadata; the player's language.
    public let language: String?
    /// The author's version label (course.yaml `version`), when known.
    public let label: String?
    public let contentHash: String
    /// Folder holding the unpacked package, relative to the server's data folder.
    public let folder: String
    public let scos: [SCO]
    public let createdAt: Date
}

public struct Enrollment: Codable, Sendable, Equatable {
    public let learnerId: String
    public let courseId: String
    /// The course version the learner's progress belongs to.
    public let version: Int
    public let createdAt: Date
}

/// What a SCO sends: a batch of CMI element sets for one attempt.
public struct CommitBatch: Codable, Sendable, Equatable {
    public let id: String
    public let attempt: Int
    public let seq: Int
    public let values: [String: String]
    /// When the learner made the change, for batches queued offline (ISO 8601; the server clamps it).
    public let at: Date?

    public init(id: String, attempt: Int, seq: Int, values: [String: String], at: Date? = nil) {
        self.id = id
        self.attempt = attempt
        self.seq = seq
        self.values = values
        self.at = at
    }
}

public struct ElementError: Codable, Sendable, Equatable {
    public let element: String
    public let code: Int
    public let message: String
}

/// The answer to a batch, stored so that a retried batch gets exactly the same one.
public struct CommitResult: Codable, Sendable, Equatable {
    /// False only when every element was already overwritten by a newer sequence number, or all were rejected.
    public let applied: Bool
    public let errors: [ElementError]
}

/// A commit to apply, with everything resolved by the HTTP layer.
public struct CommitRequest: Sendable {
    public let learnerId: String
    public let scoId: String
    public let cmiVersion: CMIVersion
    public let batch: CommitBatch
    public let receivedAt: Date
    /// The course version the learner is enrolled in: its SCOs decide the summaries.
    public let course: CourseVersion
    public var courseId: String { course.courseId }
    public var version: Int { course.version }

    public init(learnerId: String, course: CourseVersion, scoId: String, cmiVersion: CMIVersion, batch: CommitBatch,
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

/// The run-time state of one SCO attempt, for resume.
public struct SCOState: Codable, Sendable, Equatable {
    public let attempt: Int
    public let seq: Int
    public let values: [String: String]
    /// Sum of the session times reported in this attempt; the route turns it into `total_time`, not sent as is.
    public let reportedSeconds: Double

    public init(attempt: Int, seq: Int, values: [String: String], reportedSeconds: Double = 0) {
        self.attempt = attempt
        self.seq = seq
        self.values = values
        self.reportedSeconds = reportedSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case attempt, seq, values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(attempt: try container.decode(Int.self, forKey: .attempt), seq: try container.decode(Int.self, forKey: .seq),
                  values: try container.decode([String: String].self, forKey: .values))
    }
}

/// Everything known about one attempt, for progress and reports.
public struct AttemptSnapshot: Sendable {
    public let learnerId: String
    public let scoId: String
    public let attempt: Int
    public let values: [String: String]
    public let startedAt: Date
    public let updatedAt: Date
    /// Sum of the session times the SCO reported.
    public let reportedSeconds: Double
}

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    /// The store cannot take writes now (its file is gone, its server unreachable): answered 503.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what), .unavailable(let what): return what
        }
    }
}
