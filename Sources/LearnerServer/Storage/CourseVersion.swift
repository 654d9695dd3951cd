import Foundation
import SCORMRuntime

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
    public let standard: SCORMStandard
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
