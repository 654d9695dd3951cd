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

/// Progress answers, from the summaries kept at commit time (`SCOSummary`, `LearnerCourseSummary`).
public enum ProgressCalculator {
    public static func sco(_ sco: CourseVersion.SCO, summary: SCOSummary?) -> SCOProgress {
        guard let summary else {
            return SCOProgress(id: sco.id, title: sco.title, module: sco.parents.last, completion: "not attempted",
                               success: "unknown", score: nil, attempt: 0, reportedSeconds: 0, lastAccess: nil)
        }
        return SCOProgress(id: sco.id, title: sco.title, module: sco.parents.last, completion: summary.completion,
                           success: summary.success, score: summary.score, attempt: summary.attempt,
                           reportedSeconds: summary.reportedSeconds, lastAccess: Date(timeIntervalSince1970: summary.updatedAt))
    }

    public static func course(_ version: CourseVersion, summary: LearnerCourseSummary, scos: [String: SCOSummary])
        -> CourseProgress {
        CourseProgress(
            courseId: version.courseId, version: version.version, title: version.title, status: summary.status,
            success: summary.success, score: summary.score, completedSCOs: summary.completedSCOs,
            totalSCOs: version.scos.count, timeOnTaskSeconds: summary.timeOnTaskSeconds < 1e-6 ? 0 : summary.timeOnTaskSeconds,
            reportedSeconds: summary.reportedSeconds, lastAccess: summary.lastAccess.map(Date.init(timeIntervalSince1970:)),
            scos: version.scos.map { sco($0, summary: scos[$0.id]) })
    }
}
