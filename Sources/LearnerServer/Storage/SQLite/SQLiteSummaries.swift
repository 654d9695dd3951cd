import Foundation
import GRDB

/// Writes the summaries computed from scratch (`SummaryRebuild`) for every learner and course version of an SQLite
/// database: the v5 migration, and the reference the tests compare the incremental upkeep with.
enum SQLiteSummaries {
    static func rebuildAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM sco_progress; DELETE FROM course_progress; DELETE FROM daily_activity; "
                       + "DELETE FROM sco_funnel; DELETE FROM question_stats")
        let keys = try Row.fetchAll(db, sql: """
            SELECT learner_id, course_id, version FROM attempts
            UNION SELECT learner_id, course_id, version FROM time_ledger
            UNION SELECT learner_id, course_id, version FROM commit_receipts WHERE course_id IS NOT NULL
            """)
        var versions: [String: CourseVersion] = [:]
        var funnel: [[String]: SummaryChange.Funnel] = [:]
        var questions: [[String]: (answers: Int, correct: Int)] = [:]
        for row in keys {
            let learner: String = row[0], course: String = row[1], number: Int = row[2]
            let versionKey = "\(course)#\(number)"
            if versions[versionKey] == nil {
                versions[versionKey] = try SQLiteStore.courseVersion(db, courseId: course, version: number)
            }
            guard let version = versions[versionKey] else { continue }
            let result = try rebuild(learner: learner, version: version, db)
            for (scoId, summary) in result.scos {
                let change = SummaryChange.funnel(from: nil, to: summary)
                var total = funnel[[course, String(number), scoId]] ?? .init()
                total.started += change.started
                total.completed += change.completed
                total.passed += change.passed
                funnel[[course, String(number), scoId]] = total
                for interaction in summary.interactions {
                    var entry = questions[[course, String(number), scoId, interaction.id]] ?? (0, 0)
                    entry.answers += 1
                    if interaction.correct { entry.correct += 1 }
                    questions[[course, String(number), scoId, interaction.id]] = entry
                }
            }
        }
        for (key, counts) in funnel {
            try db.execute(sql: "INSERT INTO sco_funnel(course_id, version, sco_id, started, completed, passed) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [key[0], Int(key[1]), key[2], counts.started, counts.completed, counts.passed])
        }
        for (key, counts) in questions {
            try db.execute(sql: """
                INSERT INTO question_stats(course_id, version, sco_id, interaction_id, answers, correct) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [key[0], Int(key[1]), key[2], key[3], counts.answers, counts.correct])
        }
    }

    /// One learner's rows in one course version, written from scratch (counters are the caller's).
    @discardableResult
    static func rebuild(learner: String, version: CourseVersion, _ db: Database) throws -> SummaryRebuild.Result {
        let attempts = try SQLiteStore.attempts(db, courseId: version.courseId, version: version.version, learnerId: learner)
        let events = try SQLiteStore.activity(db, courseId: version.courseId, version: version.version, learnerId: learner)
        let result = SummaryRebuild.compute(version: version, attempts: attempts, events: events.map(\.timeIntervalSince1970))
        for (scoId, summary) in result.scos {
            try db.execute(sql: """
                INSERT OR REPLACE INTO sco_progress(learner_id, course_id, version, sco_id, attempt, completion, success, score,
                                                    reported_seconds, started_at, updated_at, interactions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [learner, version.courseId, version.version, scoId, summary.attempt, summary.completion,
                                 summary.success, summary.score, summary.reportedSeconds, summary.startedAt, summary.updatedAt,
                                 InteractionResult.encode(summary.interactions)])
        }
        let course = result.course
        try db.execute(sql: """
            INSERT OR REPLACE INTO course_progress(learner_id, course_id, version, status, success, score, completed_scos,
                                                   reported_seconds, last_access, time_on_task, first_activity, last_activity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [learner, version.courseId, version.version, course.status, course.success, course.score,
                             course.completedSCOs, course.reportedSeconds, course.lastAccess, course.timeOnTaskSeconds,
                             course.firstActivity, course.lastActivity])
        for day in result.days {
            try db.execute(sql: """
                INSERT OR REPLACE INTO daily_activity(learner_id, course_id, version, day, seconds, first_activity, last_activity)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [learner, version.courseId, version.version, day.day, day.seconds, day.firstActivity,
                                 day.lastActivity])
        }
        return result
    }
}
