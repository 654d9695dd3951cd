import Foundation

/// Durations in each standard's format, for `cmi.core.total_time` (1.2) and `cmi.total_time` (2004).
enum TotalTime {
    /// CMITimespan `HHHH:MM:SS.SS`.
    static func timespan(_ seconds: Double) -> String {
        let centiseconds = Int((max(0, seconds) * 100).rounded())
        let hours = min(centiseconds / 360_000, 9999)
        let minutes = centiseconds / 6000 % 60
        let rest = centiseconds % 6000
        return String(format: "%04d:%02d:%02d.%02d", hours, minutes, rest / 100, rest % 100)
    }

    /// ISO 8601 duration `PT#H#M#S`, seconds with at most two decimals.
    static func interval(_ seconds: Double) -> String {
        let centiseconds = Int((max(0, seconds) * 100).rounded())
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
