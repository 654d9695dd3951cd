/// A module: an ordered set of lessons and an optional quiz, one SCO or more in the package.
public struct Module: Sendable, Hashable {
    public let id: String
    public let title: String
    public let objectives: [String]
    /// Estimated minutes.
    public let duration: Int
    /// Course-relative folder, e.g. `01-comprendre`.
    public let folder: String
    public let lessons: [Lesson]
    public let quiz: Quiz?

    public init(id: String, title: String, objectives: [String], duration: Int, folder: String,
                lessons: [Lesson], quiz: Quiz?) {
        self.id = id
        self.title = title
        self.objectives = objectives
        self.duration = duration
        self.folder = folder
        self.lessons = lessons
        self.quiz = quiz
    }
}
