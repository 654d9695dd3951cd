/// A module's quiz.
public struct Quiz: Sendable, Hashable {
    /// Course-relative path of the quiz file.
    public let path: String
    public let title: String?
    /// 0–100; the course's passing score when the quiz sets none.
    public let passingScore: Int
    /// Present the questions in random order.
    public let shuffle: Bool
    public let questions: [Question]
    /// Files its Markdown texts link to, found and checked when it was read.
    public let references: [AssetReference]

    public init(path: String, title: String?, passingScore: Int, shuffle: Bool, questions: [Question],
                references: [AssetReference] = []) {
        self.path = path
        self.title = title
        self.passingScore = passingScore
        self.shuffle = shuffle
        self.questions = questions
        self.references = references
    }

    public var totalPoints: Double { questions.reduce(0) { $0 + $1.points } }
}
