import Foundation

public struct Enrollment: Codable, Sendable, Equatable {
    public let learnerId: String
    public let courseId: String
    /// The course version the learner's progress belongs to.
    public let version: Int
    public let createdAt: Date
}
