import Foundation

/// A person following courses. Their token is never stored, only its hash.
public struct Learner: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let email: String?
    public let createdAt: Date
}
