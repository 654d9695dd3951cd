import Foundation

/// A learner's progress in one SCO, read from the run-time values of their latest attempt.
public struct SCOProgress: Codable, Sendable, Equatable {
    public let id: String
    public let title: String
    /// The enclosing item's title (the module for Portail's packages).
    public let module: String?
    /// `not attempted`, `incomplete`, `completed`.
    public let completion: String
    /// `unknown`, `passed`, `failed`.
    public let success: String
    /// 0–100.
    public let score: Double?
    public let attempt: Int
    /// Session times the SCO reported.
    public let reportedSeconds: Double
    public let lastAccess: Date?
}

/// A learner's progress in one course version, rolled up from its SCOs.
public struct CourseProgress: Codable, Sendable, Equatable {
    public let courseId: String
    public let version: Int
    public let title: String
    /// `not-started`, `in-progress`, `completed`.
    public let status: String
    /// `unknown`, `passed`, `failed`.
    public let success: String
    /// Average of the SCO scores, 0–100.
    public let score: Double?
    public let completedSCOs: Int
    public let totalSCOs: Int
    /// Measured by the server from commits and heartbeats.
    public let timeOnTaskSeconds: Double
    /// Sum of the session times the SCOs reported.
    public let reportedSeconds: Double
    public let lastAccess: Date?
    public let scos: [SCOProgress]
}

public enum ProgressCalculator {
    public static func sco(_ sco: CourseVersion.SCO, attempt: AttemptSnapshot?, standard: String) -> SCOProgress {
        guard let attempt else {
            return SCOProgress(id: sco.id, title: sco.title, module: sco.parents.last, completion: "not attempted",
                               success: "unknown", score: nil, attempt: 0, reportedSeconds: 0, lastAccess: nil)
        }
        let values = attempt.values
        var completion = "incomplete"
        var success = "unknown"
        let score = Self.score(values, standard: standard)
        if standard == "scorm12" {
            switch values["cmi.core.lesson_status"] {
            case "passed": (completion, success) = ("completed", "passed")
            case "failed": (completion, success) = ("completed", "failed")
            case "completed": completion = "completed"
            case "not attempted", nil: completion = values.isEmpty ? "not attempted" : "incomplete"
            default: completion = "incomplete"
            }
        } else {
            switch values["cmi.completion_status"] {
            case "completed": completion = "completed"
            case "not attempted": completion = "not attempted"
            default: completion = values.isEmpty ? "not attempted" : "incomplete"
            }
            if let status = values["cmi.success_status"], status == "passed" || status == "failed" { success = status }
        }
        // A mastery score decides when the SCO reported a score but no verdict (SCORM 1.2 RTE 3.4.4).
        if success == "unknown", let mastery = sco.masteryScore, let score, completion == "completed" {
            success = score >= mastery ? "passed" : "failed"
        }
        return SCOProgress(id: sco.id, title: sco.title, module: sco.parents.last, completion: completion, success: success,
                           score: score, attempt: attempt.attempt, reportedSeconds: attempt.reportedSeconds,
                           lastAccess: attempt.updatedAt)
    }

    /// 0–100, from `score.scaled` (2004) or `raw` within `min`/`max`.
    static func score(_ values: [String: String], standard: String) -> Double? {
        let prefix = standard == "scorm12" ? "cmi.core.score." : "cmi.score."
        if standard != "scorm12", let scaled = values["cmi.score.scaled"].flatMap(Double.init) {
            return min(100, max(0, scaled * 100))
        }
        guard let raw = values[prefix + "raw"].flatMap(Double.init) else { return nil }
        let low = values[prefix + "min"].flatMap(Double.init) ?? 0
        let high = values[prefix + "max"].flatMap(Double.init) ?? 100
        // Without a usable range the raw score is read as a percentage.
        let percent = high > low ? (raw - low) / (high - low) * 100 : raw
        return min(100, max(0, percent))
    }

    public static func course(_ version: CourseVersion, attempts: [AttemptSnapshot], activity: [Date]) -> CourseProgress {
        let byID = Dictionary(attempts.map { ($0.scoId, $0) }, uniquingKeysWith: { $0.attempt >= $1.attempt ? $0 : $1 })
        let scos = version.scos.map { sco(_: $0, attempt: byID[$0.id], standard: version.standard) }
        let completed = scos.filter { $0.completion == "completed" }.count
        let started = scos.contains { $0.completion != "not attempted" }
        let status = completed == scos.count && !scos.isEmpty ? "completed" : started ? "in-progress" : "not-started"
        let verdicts = scos.filter { $0.success != "unknown" }
        let success: String
        if verdicts.contains(where: { $0.success == "failed" }) {
            success = "failed"
        } else if status == "completed" && !verdicts.isEmpty {
            success = "passed"
        } else {
            success = "unknown"
        }
        let scores = scos.compactMap(\.score)
        return CourseProgress(
            courseId: version.courseId, version: version.version, title: version.title, status: status, success: success,
            score: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
            completedSCOs: completed, totalSCOs: scos.count, timeOnTaskSeconds: TimeOnTask.seconds(activity),
            reportedSeconds: scos.reduce(0) { $0 + $1.reportedSeconds }, lastAccess: scos.compactMap(\.lastAccess).max(),
            scos: scos)
    }
}
