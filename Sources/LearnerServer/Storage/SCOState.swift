import Foundation

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
