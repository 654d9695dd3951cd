import Foundation

/// A learner's course version rolled up from its SCOs, with the time the server measured: what a report line and
/// the top of a progress answer hold. Kept at commit time (`course_progress`).
public struct LearnerCourseSummary: Sendable, Equatable {
    /// `not-started`, `in-progress`, `completed`.
    public var status: String
    /// `unknown`, `passed`, `failed`.
    public var success: String
    /// Average of the SCO scores, 0–100.
    public var score: Double?
    public var completedSCOs: Int
    public var reportedSeconds: Double
    /// The last commit to any SCO.
    public var lastAccess: Double?
    /// Measured by the server from commits and heartbeats (`ActivityLedger`).
    public var timeOnTaskSeconds: Double
    public var firstActivity: Double?
    public var lastActivity: Double?

    public static let empty = LearnerCourseSummary(status: "not-started", success: "unknown", score: nil, completedSCOs: 0,
                                                   reportedSeconds: 0, lastAccess: nil, timeOnTaskSeconds: 0,
                                                   firstActivity: nil, lastActivity: nil)
}

/// The course roll-up: completed when every SCO is, failed when any SCO failed, passed when completed with verdicts
/// and none failed; the score is the average of the SCOs' scores.
public enum CourseRollUp {
    /// `scos`: the version's SCOs in order, each with the learner's summary when they started it. Time fields are
    /// kept from `previous`: they follow activity, not status.
    public static func rollUp(_ scos: [SCOSummary?], keeping previous: LearnerCourseSummary) -> LearnerCourseSummary {
        let completed = scos.filter { $0?.completed == true }.count
        let started = scos.contains { $0?.started == true }
        let status = completed == scos.count && !scos.isEmpty ? "completed" : started ? "in-progress" : "not-started"
        let verdicts = scos.compactMap { $0 }.filter { $0.success != "unknown" }
        let success: String
        if verdicts.contains(where: { $0.success == "failed" }) {
            success = "failed"
        } else if status == "completed" && !verdicts.isEmpty {
            success = "passed"
        } else {
            success = "unknown"
        }
        let scores = scos.compactMap { $0?.score }
        var summary = previous
        summary.status = status
        summary.success = success
        summary.score = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
        summary.completedSCOs = completed
        summary.reportedSeconds = TotalTime.clamped(scos.reduce(0) { $0 + ($1?.reportedSeconds ?? 0) })
        summary.lastAccess = scos.compactMap { $0?.updatedAt }.max()
        return summary
    }
}
