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

    public static func build(version: CourseVersion, learners: [Learner], progress: [String: CourseProgress],
                             attempts: [AttemptSnapshot]) -> CourseReport {
        let lines = learners.map { learner -> LearnerLine in
            let course = progress[learner.id]
            return LearnerLine(learnerId: learner.id, name: learner.name, status: course?.status ?? "not-started",
                               success: course?.success ?? "unknown", score: course?.score,
                               timeOnTaskSeconds: course?.timeOnTaskSeconds ?? 0, lastAccess: course?.lastAccess)
        }
        let started = lines.filter { $0.status != "not-started" }
        let scores = started.compactMap(\.score)
        let funnel = version.scos.map { sco -> Step in
            let states = progress.values.compactMap { $0.scos.first { $0.id == sco.id } }
            return Step(scoId: sco.id, title: sco.title, module: sco.parents.last,
                        started: states.filter { $0.completion != "not attempted" }.count,
                        completed: states.filter { $0.completion == "completed" }.count,
                        passed: states.filter { $0.success == "passed" }.count)
        }
        return CourseReport(
            courseId: version.courseId, version: version.version, title: version.title, enrolled: learners.count,
            started: started.count, completed: lines.filter { $0.status == "completed" }.count,
            passed: lines.filter { $0.success == "passed" }.count,
            averageScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
            medianScore: median(scores), medianTimeOnTaskSeconds: median(started.map(\.timeOnTaskSeconds)),
            funnel: funnel, questions: questionStats(attempts), learners: lines)
    }

    /// Per interaction id, from every learner's latest attempt: how many answers, how many right.
    static func questionStats(_ attempts: [AttemptSnapshot]) -> [QuestionStat] {
        var tally: [String: (sco: String, answers: Int, correct: Int)] = [:]
        for attempt in attempts {
            let count = Int(attempt.values["cmi.interactions._count"] ?? "0") ?? 0
            for index in 0..<count {
                guard let id = attempt.values["cmi.interactions.\(index).id"],
                      let result = attempt.values["cmi.interactions.\(index).result"] else { continue }
                var entry = tally[id] ?? (attempt.scoId, 0, 0)
                entry.answers += 1
                if result == "correct" { entry.correct += 1 }
                tally[id] = entry
            }
        }
        return tally.keys.sorted().map { id in
            let entry = tally[id]!
            return QuestionStat(interactionId: id, scoId: entry.sco, answers: entry.answers, correct: entry.correct,
                                successRate: Double(entry.correct) / Double(max(entry.answers, 1)))
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    public func csv() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        var rows: [[String]] = [
            ["course", courseId, title, "version \(version)", "", "", "", ""],
            ["summary", "enrolled", String(enrolled), "", "", "", "", ""],
            ["summary", "started", String(started), "", "", "", "", ""],
            ["summary", "completed", String(completed), "", "", "", "", ""],
            ["summary", "passed", String(passed), "", "", "", "", ""],
            ["summary", "average_score", "", "", "", number(averageScore), "", ""],
            ["summary", "median_score", "", "", "", number(medianScore), "", ""],
            ["summary", "median_time_on_task", "", "", "", "", number(medianTimeOnTaskSeconds), ""],
        ]
        for line in learners {
            rows.append(["learner", line.learnerId, line.name, line.status, line.success, number(line.score),
                         number(line.timeOnTaskSeconds), line.lastAccess.map { InternetDate.string(from: $0) } ?? ""])
        }
        for step in funnel {
            rows.append(["sco", step.scoId, step.title, "started \(step.started)", "completed \(step.completed)",
                         "passed \(step.passed)", "", ""])
        }
        for question in questions {
            rows.append(["question", question.interactionId, question.scoId, "answers \(question.answers)",
                         "correct \(question.correct)", number(question.successRate * 100), "", ""])
        }
        return CSV.document(header: ["kind", "id", "name", "status", "success", "score", "time_on_task_s", "last_access"],
                            rows: rows)
    }
}
