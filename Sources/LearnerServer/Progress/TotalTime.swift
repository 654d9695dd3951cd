import Foundation

/// Durations in each standard's format, for `cmi.core.total_time` (1.2) and `cmi.total_time` (2004).
enum TotalTime {
    /// The most a total (or one session) counts: 9999 hours, what SCORM 1.2's CMITimespan can hold. A SCORM 2004
    /// timeinterval has no upper bound, and a SCO that reports an absurd one must not overflow anything.
    static let maximumSeconds: Double = 9999 * 3600

    /// `seconds` within 0…`maximumSeconds` (NaN counts 0).
    static func clamped(_ seconds: Double) -> Double {
        seconds.isNaN ? 0 : min(max(seconds, 0), maximumSeconds)
    }

    /// CMITimespan `HHHH:MM:SS.SS`.
    static func timespan(_ seconds: Double) -> String {
        let centiseconds = Int((clamped(seconds) * 100).rounded())
        let hours = centiseconds / 360_000
        let minutes = centiseconds / 6000 % 60
        let rest = centiseconds % 6000
        return String(format: "%04d:%02d:%02d.%02d", hours, minutes, rest / 100, rest % 100)
    }

    /// ISO 8601 duration `PT#H#M#S`, seconds with at most two decimals.
    static func interval(_ seconds: Double) -> String {
        let centiseconds = Int((clamped(seconds) * 100).rounded())
        let hours = centiseconds / 360_000, minutes = centiseconds / 6000 % 60, rest = centiseconds % 6000
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if rest > 0 || (hours == 0 && minutes == 0) {
            text += rest % 100 == 0 ? "\(rest / 100)S" : String(format: "%d.%02dS", rest / 100, rest % 100)
        }
        return text
    }
}
