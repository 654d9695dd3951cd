import Foundation

/// A course that loaded without errors. Values are immutable; ids are stable keys (see docs/authoring.md).
public struct Course: Sendable, Hashable {
    public enum Order: String, Sendable, Hashable, CaseIterable {
        case free
        case sequential
    }

    public let id: String
    public let title: String
    /// BCP 47 tag, e.g. `fr`.
    public let language: String
    public let version: String
    public let description: String
    public let authors: [String]
    public let licence: String
    public let keywords: [String]
    public let objectives: [String]
    /// 0–100.
    public let passingScore: Int
    public let order: Order
    /// Whether raw HTML in lessons is kept (filtered) rather than shown as text.
    public let allowHTML: Bool
    public let modules: [Module]
    /// The course folder on disk.
    public let root: URL

    public init(id: String, title: String, language: String, version: String, description: String,
                authors: [String], licence: String, keywords: [String], objectives: [String],
                passingScore: Int, order: Order, allowHTML: Bool, modules: [Module], root: URL) {
        self.id = id
        self.title = title
        self.language = language
        self.version = version
        self.description = description
        self.authors = authors
        self.licence = licence
        self.keywords = keywords
        self.objectives = objectives
        self.passingScore = passingScore
        self.order = order
        self.allowHTML = allowHTML
        self.modules = modules
        self.root = root
    }

    /// Estimated minutes for the whole course.
    public var duration: Int { modules.reduce(0) { $0 + $1.duration } }

    /// Every media or document file the lessons use, course-relative, sorted, each once.
    public var assetPaths: [String] {
        Array(Set(modules.flatMap { $0.lessons.flatMap { $0.references.map(\.path) } })).sorted()
    }

    public var lessons: [Lesson] { modules.flatMap(\.lessons) }
}
