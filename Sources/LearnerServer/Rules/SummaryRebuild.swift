import Foundation

/// The summaries of one learner's course version computed from scratch, from their attempts and activity events:
/// what a migration fills in for an existing database, and what the incremental upkeep must always equal.
public enum SummaryRebuild {
    public struct Day: Sendable, Equatable {
        public let day: Int64
        public let seconds: Double
        public let firstActivity: Double
        public let lastActivity: Double
    }

    public struct Result: Sendable {
        public let scos: [String: SCOSummary]
        public let course: LearnerCourseSummary
        public let days: [Day]
    }

    /// `attempts`: the learner's latest attempt of each SCO they started; `events`: their activity times, any order.
    public static func compute(version: CourseVersion, attempts: [AttemptSnapshot], events: [Double]) -> Result {
        var scos: [String: SCOSummary] = [:]
        for attempt in attempts where scos[attempt.scoId].map({ $0.attempt < attempt.attempt }) ?? true {
            let sco = version.scos.first { $0.id == attempt.scoId }
            let value = { (name: String) in attempt.values[name] }
            let status = SCOStatusRule.status(standard: version.standard, masteryScore: sco?.masteryScore,
                                              isEmpty: attempt.values.isEmpty, value: value)
            scos[attempt.scoId] = SCOSummary(attempt: attempt.attempt, completion: status.completion, success: status.success,
                                             score: status.score, reportedSeconds: attempt.reportedSeconds,
                                             startedAt: attempt.startedAt.timeIntervalSince1970,
                                             updatedAt: attempt.updatedAt.timeIntervalSince1970,
                                             interactions: SCOStatusRule.interactions(value: value))
        }
        let sorted = events.sorted()
        let seconds = ActivityLedger.recount(sorted)
        var days: [Int64: Day] = [:]
        for time in sorted {
            let day = ActivityLedger.day(time)
            let first = days[day]?.firstActivity ?? time
            days[day] = Day(day: day, seconds: seconds[day] ?? 0, firstActivity: min(first, time), lastActivity: time)
        }
        var course = LearnerCourseSummary.empty
        course.timeOnTaskSeconds = seconds.values.reduce(0, +)
        course.firstActivity = sorted.first
        course.lastActivity = sorted.last
        course = CourseRollUp.rollUp(version.scos.map { scos[$0.id] }, keeping: course)
        return Result(scos: scos, course: course, days: days.values.sorted { $0.day < $1.day })
    }
}
