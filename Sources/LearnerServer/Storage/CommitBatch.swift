import Foundation

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
