import Foundation
import SCORMRuntime

/// A SCO as a learner's latest attempt left it: what progress, reports and the funnel count. Kept at commit time
/// (`sco_progress`), so that reading a learner's progress reads one row per SCO, not their attempts' values.
public struct SCOSummary: Sendable, Equatable {
    public var attempt: Int
    /// `not attempted`, `incomplete`, `completed`.
    public var completion: String
    /// `unknown`, `passed`, `failed`.
    public var success: String
    /// 0–100.
    public var score: Double?
    /// Session times the SCO reported in this attempt.
    public var reportedSeconds: Double
    public var startedAt: Double
    /// The last commit to the attempt: the SCO's last access.
    public var updatedAt: Double
    /// The interactions the attempt answered, in index order: what the report's per-question rates count.
    public var interactions: [InteractionResult]

    public var started: Bool { completion != "not attempted" }
    public var completed: Bool { completion == "completed" }
    public var passed: Bool { success == "passed" }
}

/// One answered interaction of an attempt: its id and whether the SCO judged it right.
public struct InteractionResult: Sendable, Equatable {
    public let id: String
    public let correct: Bool

    public init(id: String, correct: Bool) {
        self.id = id
        self.correct = correct
    }

    /// `id TAB 1|0`, one per line. Interaction ids hold neither tabs nor line breaks (the data model refuses them).
    static func encode(_ results: [InteractionResult]) -> String {
        results.map { "\($0.id)\t\($0.correct ? 1 : 0)" }.joined(separator: "\n")
    }

    static func decode(_ text: String) -> [InteractionResult] {
        text.split(separator: "\n").compactMap { line in
            guard let tab = line.lastIndex(of: "\t") else { return nil }
            return InteractionResult(id: String(line[..<tab]), correct: line[line.index(after: tab)...] == "1")
        }
    }
}

/// How a SCO's completion, success and score follow from its run-time values: the one place this is decided, for
/// the summaries kept at commit time, for their rebuild, and for progress read from an attempt.
public enum SCOStatusRule {
    /// `value` looks an element up in the attempt's values; `isEmpty` says whether the attempt holds none.
    public static func status(standard: SCORMStandard, masteryScore: Double?, isEmpty: Bool, value: (String) -> String?)
        -> (completion: String, success: String, score: Double?) {
        var completion = "incomplete"
        var success = "unknown"
        let score = Self.score(standard: standard, value: value)
        if standard == .scorm12 {
            switch value("cmi.core.lesson_status") {
            case "passed": (completion, success) = ("completed", "passed")
            case "failed": (completion, success) = ("completed", "failed")
            case "completed": completion = "completed"
            case "not attempted", nil: completion = isEmpty ? "not attempted" : "incomplete"
            default: completion = "incomplete"
            }
        } else {
            switch value("cmi.completion_status") {
            case "completed": completion = "completed"
            case "not attempted": completion = "not attempted"
            default: completion = isEmpty ? "not attempted" : "incomplete"
            }
            if let status = value("cmi.success_status"), status == "passed" || status == "failed" { success = status }
        }
        // A mastery score decides when the SCO reported a score but no verdict (SCORM 1.2 RTE 3.4.4).
        if success == "unknown", let masteryScore, let score, completion == "completed" {
            success = score >= masteryScore ? "passed" : "failed"
        }
        return (completion, success, score)
    }

    /// 0–100, from `score.scaled` (2004) or `raw` within `min`/`max`.
    public static func score(standard: SCORMStandard, value: (String) -> String?) -> Double? {
        let prefix = standard == .scorm12 ? "cmi.core.score." : "cmi.score."
        if standard != .scorm12, let scaled = value("cmi.score.scaled").flatMap(Double.init), scaled.isFinite {
            return min(100, max(0, scaled * 100))
        }
        guard let raw = value(prefix + "raw").flatMap(Double.init), raw.isFinite else { return nil }
        let low = value(prefix + "min").flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 0
        let high = value(prefix + "max").flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? 100
        // Without a usable range the raw score is read as a percentage.
        let percent = high > low ? (raw - low) / (high - low) * 100 : raw
        return percent.isFinite ? min(100, max(0, percent)) : nil
    }

    /// The answered interactions (those with a `result`), in index order.
    public static func interactions(value: (String) -> String?) -> [InteractionResult] {
        let count = min(Int(value("cmi.interactions._count") ?? "0") ?? 0, 100_000)
        guard count > 0 else { return [] }
        var results: [InteractionResult] = []
        for index in 0..<count {
            guard let id = value("cmi.interactions.\(index).id"), let result = value("cmi.interactions.\(index).result") else {
                continue
            }
            results.append(InteractionResult(id: id, correct: result == "correct"))
        }
        return results
    }
}
