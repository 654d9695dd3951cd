import Foundation

/// Time on task measured by the server from activity (commits and heartbeats), not trusted from the SCO:
/// the gap between two events counts when it is short enough to mean the learner was still there.
public enum TimeOnTask {
    /// Gaps longer than this are a break (the player sends a heartbeat every minute while visible).
    public static let idleLimit: TimeInterval = 5 * 60

    public static func seconds(_ events: [Date], idleLimit: TimeInterval = idleLimit) -> TimeInterval {
        zip(events, events.dropFirst()).reduce(0) { total, pair in
            let gap = pair.1.timeIntervalSince(pair.0)
            return gap > 0 && gap <= idleLimit ? total + gap : total
        }
    }

    public struct Day: Codable, Sendable, Equatable {
        /// `YYYY-MM-DD`, UTC.
        public let date: String
        public let firstActivity: Date
        public let lastActivity: Date
        public let seconds: TimeInterval
    }

    /// One line per day with activity, for attendance records.
    public static func days(_ events: [Date], idleLimit: TimeInterval = idleLimit) -> [Day] {
        let sorted = events.sorted()
        // UTC days, counted from the epoch.
        func day(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
        let groups = Dictionary(grouping: sorted, by: day)
        // A gap counts on the day of the event that ends it, so that the days add up to the total.
        var perDay: [Int64: TimeInterval] = [:]
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            let gap = next.timeIntervalSince(previous)
            if gap > 0 && gap <= idleLimit { perDay[day(next), default: 0] += gap }
        }
        return groups.keys.sorted().map { key in
            let events = groups[key]!
            return Day(date: InternetDate.dayString(from: Date(timeIntervalSince1970: Double(key) * 86_400)),
                       firstActivity: events.first!, lastActivity: events.last!, seconds: perDay[key] ?? 0)
        }
    }
}
