import Foundation

/// Time on task, measured by the server from activity events (commits and heartbeats), never trusted from the
/// SCO: the gap between two consecutive events counts when it is short enough (`idleLimit`) to mean the learner was
/// still there, on the UTC day of the event that ends it.
///
/// Kept as events arrive: an event after the last one adds one gap; a late event e (an offline batch's `at`)
/// between p and s takes p→s back and adds p→e and e→s. The sum is exactly what a recount of all events gives.
public enum ActivityLedger {
    /// Gaps longer than this are a break (the player sends a heartbeat every minute while visible).
    public static let idleLimit: Double = 5 * 60

    /// The UTC day of a time, in days since 1970-01-01.
    public static func day(_ time: Double) -> Int64 {
        Int64((time / 86_400).rounded(.down))
    }

    /// What a gap from `from` to `to` counts, if anything.
    static func gap(_ from: Double, _ to: Double) -> Double? {
        let seconds = to - from
        return seconds > 0 && seconds <= idleLimit ? seconds : nil
    }

    /// Seconds to add to each day when an event arrives at `time`, between its nearest earlier event `previous` and
    /// its nearest later one `next` (nil when there is none). An event at the very time of another changes nothing:
    /// pass `previous == time`.
    public static func change(at time: Double, previous: Double?, next: Double?) -> [(day: Int64, seconds: Double)] {
        if previous == time { return [] }
        var change: [(day: Int64, seconds: Double)] = []
        if let previous, let next, let old = gap(previous, next) { change.append((day(next), -old)) }
        if let previous, let added = gap(previous, time) { change.append((day(time), added)) }
        if let next, let added = gap(time, next) { change.append((day(next), added)) }
        return change
    }

    /// A full recount, for rebuilds and tests: seconds per day of sorted events.
    public static func recount(_ sorted: [Double]) -> [Int64: Double] {
        var days: [Int64: Double] = [:]
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            if let seconds = gap(previous, next) { days[day(next), default: 0] += seconds }
        }
        return days
    }
}
