import Foundation

/// The summaries of one learner's course version as a writer holds them while it writes a group: loaded once,
/// changed by each event and attempt of the group, written at its end.
public struct LearnerSummaries: Sendable, Equatable {
    public var course: LearnerCourseSummary
    public var scos: [String: SCOSummary]
    /// SCOs whose summary changed since the rows were last written.
    public var dirtySCOs: Set<String> = []
    /// Whether the course row changed since it was last written.
    public var dirty = false

    public init(course: LearnerCourseSummary, scos: [String: SCOSummary]) {
        self.course = course
        self.scos = scos
    }
}

/// How each event and each attempt written moves a learner's summaries (docs/storage.md). The backends load the
/// summaries, call these, and write what changed: neither decides anything itself.
public enum SummaryUpkeep {
    /// Whether an event at `time` comes before the last one, so that its neighbours must be looked up among the
    /// stored events. Otherwise its only neighbour is the last event.
    public static func isLate(_ time: Double, in summaries: LearnerSummaries) -> Bool {
        summaries.course.lastActivity.map { time < $0 } ?? false
    }

    /// Records an activity event at `time` between its nearest earlier event `previous` and later one `next` (for
    /// an event that is not late: the last event, and none). Returns the seconds to add per day, the event's own
    /// day first (its row keeps the day's first and last activity, even when nothing is added).
    public static func recordEvent(at time: Double, previous: Double?, next: Double?,
                                   into summaries: inout LearnerSummaries) -> [(day: Int64, seconds: Double)] {
        let change = ActivityLedger.change(at: time, previous: previous, next: next)
        let day = ActivityLedger.day(time)
        var days: [(day: Int64, seconds: Double)] = [(day, change.filter { $0.day == day }.reduce(0) { $0 + $1.seconds })]
        for other in change where other.day != day { days.append(other) }
        summaries.course.timeOnTaskSeconds += change.reduce(0) { $0 + $1.seconds }
        summaries.course.firstActivity = min(summaries.course.firstActivity ?? time, time)
        summaries.course.lastActivity = max(summaries.course.lastActivity ?? time, time)
        summaries.dirty = true
        return days
    }

    /// What a changed SCO summary moves in the course version's counters.
    public struct Counters: Sendable {
        public let funnel: SummaryChange.Funnel
        public let questions: [(id: String, answers: Int, correct: Int)]
    }

    /// Records an attempt after a group wrote it: `value` looks up its values (`isEmpty`: it has none),
    /// `reportedDelta` is the session time the group added. A commit to an attempt older than the latest changes
    /// nothing; nil when the SCO's summary stays the same, else what the counters must move by.
    public static func attemptWritten(scoId: String, attempt: Int, isEmpty: Bool, value: (String) -> String?,
                                      reportedDelta: Double, startedAt: Double, updatedAt: Double, course: CourseVersion,
                                      into summaries: inout LearnerSummaries) -> Counters? {
        let old = summaries.scos[scoId]
        if let old, attempt < old.attempt { return nil }
        let same = old?.attempt == attempt
        let sco = course.scos.first { $0.id == scoId }
        let status = SCOStatusRule.status(standard: course.standard, masteryScore: sco?.masteryScore,
                                          isEmpty: isEmpty, value: value)
        let new = SCOSummary(attempt: attempt, completion: status.completion, success: status.success, score: status.score,
                             reportedSeconds: TotalTime.clamped((same ? old!.reportedSeconds : 0) + reportedDelta),
                             startedAt: same ? old!.startedAt : startedAt,
                             updatedAt: max(same ? old!.updatedAt : updatedAt, updatedAt),
                             interactions: SCOStatusRule.interactions(value: value))
        guard new != old else { return nil }
        summaries.scos[scoId] = new
        summaries.dirtySCOs.insert(scoId)
        summaries.course = CourseRollUp.rollUp(course.scos.map { summaries.scos[$0.id] }, keeping: summaries.course)
        summaries.dirty = true
        return Counters(funnel: SummaryChange.funnel(from: old, to: new),
                        questions: SummaryChange.questions(from: old?.interactions ?? [], to: new.interactions))
    }
}
