import Foundation

/// Attendance as audits read it: a learner's time on task per UTC day (`ActivityLedger` measures it).
public enum TimeOnTask {
    public struct Day: Codable, Sendable, Equatable {
        /// `YYYY-MM-DD`, UTC.
        public let date: String
        public let firstActivity: Date
        public let lastActivity: Date
        public let seconds: TimeInterval

        /// `day`: days since 1970-01-01. A day whose gaps were all taken back by late events keeps 0, never less.
        init(day: Int64, seconds: Double, firstActivity: Double, lastActivity: Double) {
            date = InternetDate.dayString(from: Date(timeIntervalSince1970: Double(day) * 86_400))
            self.firstActivity = Date(timeIntervalSince1970: firstActivity)
            self.lastActivity = Date(timeIntervalSince1970: lastActivity)
            // Sums kept by adding and taking back gaps carry float dust.
            self.seconds = seconds < 1e-6 ? 0 : seconds
        }
    }
}
