import Foundation

/// What the programme team reads: one course version's learners, funnel, scores, time and questions.
public struct CourseReport: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public let scoId: String
        public let title: String
        public let module: String?
        public let started: Int
        public let completed: Int
        public let passed: Int
    }

    public struct QuestionStat: Codable, Sendable, Equatable {
        public let interactionId: String
        public let scoId: String
        public let answers: Int
        public let correct: Int
        /// correct / answers, 0–1.
        public let successRate: Double
    }

    public struct LearnerLine: Codable, Sendable, Equatable {
        public let learnerId: String
        public let name: String
        public let status: String
        public let success: String
        public let score: Double?
        public let timeOnTaskSeconds: Double
        public let lastAccess: Date?
    }

    public let courseId: String
    public let version: Int
    public let title: String
    public let enrolled: Int
    public let started: Int
    public let completed: Int
    public let passed: Int
    public let averageScore: Double?
    public let medianScore: Double?
    public let medianTimeOnTaskSeconds: Double?
    public let funnel: [Step]
    public let questions: [QuestionStat]
    public let learners: [LearnerLine]

    /// The median of values already sorted.
    static func median(sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static let csvHeader = ["kind", "id", "name", "status", "success", "score", "time_on_task_s", "last_access"]

    private static func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }

    /// The CSV's rows before the learners: the course and its figures.
    func csvHead() -> [[String]] {
        [
            ["course", courseId, title, "version \(version)", "", "", "", ""],
            ["summary", "enrolled", String(enrolled), "", "", "", "", ""],
            ["summary", "started", String(started), "", "", "", "", ""],
            ["summary", "completed", String(completed), "", "", "", "", ""],
            ["summary", "passed", String(passed), "", "", "", "", ""],
            ["summary", "average_score", "", "", "", Self.number(averageScore), "", ""],
            ["summary", "median_score", "", "", "", Self.number(medianScore), "", ""],
            ["summary", "median_time_on_task", "", "", "", "", Self.number(medianTimeOnTaskSeconds), ""],
        ]
    }

    static func csvRows(_ lines: [LearnerLine]) -> [[String]] {
        lines.map { line in
            ["learner", line.learnerId, line.name, line.status, line.success, number(line.score),
             number(line.timeOnTaskSeconds), line.lastAccess.map { InternetDate.string(from: $0) } ?? ""]
        }
    }

    /// The CSV's rows after the learners: the funnel and the questions.
    func csvTail() -> [[String]] {
        funnel.map { step in
            ["sco", step.scoId, step.title, "started \(step.started)", "completed \(step.completed)", "passed \(step.passed)", "", ""]
        } + questions.map { question in
            ["question", question.interactionId, question.scoId, "answers \(question.answers)", "correct \(question.correct)",
             Self.number(question.successRate * 100), "", ""]
        }
    }

    func with(learners: [LearnerLine]) -> CourseReport {
        CourseReport(courseId: courseId, version: version, title: title, enrolled: enrolled, started: started,
                     completed: completed, passed: passed, averageScore: averageScore, medianScore: medianScore,
                     medianTimeOnTaskSeconds: medianTimeOnTaskSeconds, funnel: funnel, questions: questions, learners: learners)
    }
}
