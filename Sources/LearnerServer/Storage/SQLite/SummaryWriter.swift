import Foundation
import GRDB

/// Keeps the summaries (docs/storage.md) up to date inside the writer's transactions: each activity event moves the
/// time on task of its learner and course version; each attempt a group wrote moves its SCO's summary, the counters
/// and the roll-up. What it reads it keeps (the learner's course and SCO rows), so that in the steady state a commit
/// reads nothing more; only the writer's queue touches it, and a failed transaction empties it.
final class SummaryWriter: @unchecked Sendable {
    struct Key: Hashable {
        let learnerId: String
        let courseId: String
        let version: Int
    }

    struct Entry {
        var summaries: LearnerSummaries
        var size: Int
    }

    private var entries: [Key: Entry] = [:]
    private var bytes = 0
    /// Bounds on what is kept: past either, the cache starts again (learners being played come back at once).
    static let maximumEntries = 20_000
    static let maximumBytes = 64 << 20

    func removeAll() {
        entries.removeAll()
        bytes = 0
    }

    // MARK: Events

    /// An activity event at `time`. `receipt`: the batch id of a commit's receipt, already inserted, which is not its
    /// own neighbour.
    func recordEvent(at time: Double, key: Key, receipt: String?, in db: Database) throws {
        var entry = try take(key, db)
        defer { put(entry, key) }
        let previous: Double?, next: Double?
        if SummaryUpkeep.isLate(time, in: entry.summaries) {
            (previous, next) = try neighbours(of: time, key: key, receipt: receipt, db)
        } else {
            (previous, next) = (entry.summaries.course.lastActivity, nil)
        }
        let days = SummaryUpkeep.recordEvent(at: time, previous: previous, next: next, into: &entry.summaries)
        let upsert = try raw(db, """
            INSERT INTO daily_activity(learner_id, course_id, version, day, seconds, first_activity, last_activity)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version, day) DO UPDATE SET seconds = seconds + excluded.seconds,
                first_activity = MIN(first_activity, excluded.first_activity),
                last_activity = MAX(last_activity, excluded.last_activity)
            """)
        upsert.bind(key.learnerId, key.courseId, key.version, Int(days[0].day), days[0].seconds, time, time)
        try upsert.run()
        let move = try raw(db, "UPDATE daily_activity SET seconds = seconds + ? WHERE learner_id = ? AND course_id = ? AND version = ? AND day = ?")
        for (otherDay, seconds) in days.dropFirst() {
            move.bind(seconds, key.learnerId, key.courseId, key.version, Int(otherDay))
            try move.run()
        }
    }

    /// The nearest events at or before `time` and after it, among heartbeats (and commits before schema v4) and
    /// commit receipts.
    private func neighbours(of time: Double, key: Key, receipt: String?, _ db: Database) throws -> (Double?, Double?) {
        let before = try raw(db, """
            SELECT MAX(at) FROM (
                SELECT MAX(at) AS at FROM time_ledger WHERE learner_id = ? AND course_id = ? AND version = ? AND at <= ?
                UNION ALL
                SELECT MAX(created_at) FROM commit_receipts
                WHERE learner_id = ? AND course_id = ? AND version = ? AND created_at <= ? AND batch_id <> ?)
            """)
        before.bind(key.learnerId, key.courseId, key.version, time, key.learnerId, key.courseId, key.version, time, receipt ?? "")
        let after = try raw(db, """
            SELECT MIN(at) FROM (
                SELECT MIN(at) AS at FROM time_ledger WHERE learner_id = ? AND course_id = ? AND version = ? AND at > ?
                UNION ALL
                SELECT MIN(created_at) FROM commit_receipts
                WHERE learner_id = ? AND course_id = ? AND version = ? AND created_at > ? AND batch_id <> ?)
            """)
        after.bind(key.learnerId, key.courseId, key.version, time, key.learnerId, key.courseId, key.version, time, receipt ?? "")
        var previous: Double?, next: Double?
        try before.forEachRow { previous = $0.optionalDouble(0) }
        try after.forEachRow { next = $0.optionalDouble(0) }
        return (previous, next)
    }

    // MARK: Attempts

    /// An attempt the group wrote, with its values after the group. `reportedDelta`: the session time the group
    /// added to it.
    func attemptWritten(_ attempt: AttemptCache.Key, values: [String: StoredValue], reportedDelta: Double,
                        startedAt: Double, updatedAt: Double, course: CourseVersion, in db: Database) throws {
        let key = Key(learnerId: attempt.learnerId, courseId: attempt.courseId, version: attempt.version)
        var entry = try take(key, db)
        defer { put(entry, key) }
        let old = entry.summaries.scos[attempt.scoId]
        guard let counters = SummaryUpkeep.attemptWritten(
            scoId: attempt.scoId, attempt: attempt.attempt, isEmpty: values.isEmpty, value: { values[$0]?.value },
            reportedDelta: reportedDelta,
            startedAt: startedAt, updatedAt: updatedAt, course: course, into: &entry.summaries) else { return }
        entry.size += Self.size(entry.summaries.scos[attempt.scoId]!) - (old.map(Self.size) ?? 0)
        if !counters.funnel.isZero {
            let bump = try raw(db, """
                INSERT INTO sco_funnel(course_id, version, sco_id, started, completed, passed) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(course_id, version, sco_id) DO UPDATE SET started = started + excluded.started,
                    completed = completed + excluded.completed, passed = passed + excluded.passed
                """)
            bump.bind(key.courseId, key.version, attempt.scoId, counters.funnel.started, counters.funnel.completed,
                      counters.funnel.passed)
            try bump.run()
        }
        if !counters.questions.isEmpty {
            let bump = try raw(db, """
                INSERT INTO question_stats(course_id, version, sco_id, interaction_id, answers, correct) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(course_id, version, sco_id, interaction_id) DO UPDATE SET answers = answers + excluded.answers,
                    correct = correct + excluded.correct
                """)
            for question in counters.questions {
                bump.bind(key.courseId, key.version, attempt.scoId, question.id, question.answers, question.correct)
                try bump.run()
            }
        }
    }

    /// Writes the rows the group changed.
    func flush(in db: Database) throws {
        let sco = try raw(db, """
            INSERT INTO sco_progress(learner_id, course_id, version, sco_id, attempt, completion, success, score,
                                     reported_seconds, started_at, updated_at, interactions)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version, sco_id) DO UPDATE SET attempt = excluded.attempt,
                completion = excluded.completion, success = excluded.success, score = excluded.score,
                reported_seconds = excluded.reported_seconds, started_at = excluded.started_at,
                updated_at = excluded.updated_at, interactions = excluded.interactions
            """)
        let course = try raw(db, """
            INSERT INTO course_progress(learner_id, course_id, version, status, success, score, completed_scos,
                                        reported_seconds, last_access, time_on_task, first_activity, last_activity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version) DO UPDATE SET status = excluded.status, success = excluded.success,
                score = excluded.score, completed_scos = excluded.completed_scos,
                reported_seconds = excluded.reported_seconds, last_access = excluded.last_access,
                time_on_task = excluded.time_on_task, first_activity = excluded.first_activity,
                last_activity = excluded.last_activity
            """)
        for (key, var entry) in entries where entry.summaries.dirty {
            for id in entry.summaries.dirtySCOs {
                let summary = entry.summaries.scos[id]!
                sco.bind(key.learnerId, key.courseId, key.version, id, summary.attempt, summary.completion, summary.success,
                         summary.score, summary.reportedSeconds, summary.startedAt, summary.updatedAt,
                         InteractionResult.encode(summary.interactions))
                try sco.run()
            }
            let summary = entry.summaries.course
            course.bind(key.learnerId, key.courseId, key.version, summary.status, summary.success, summary.score,
                        summary.completedSCOs, summary.reportedSeconds, summary.lastAccess, summary.timeOnTaskSeconds,
                        summary.firstActivity, summary.lastActivity)
            try course.run()
            entry.summaries.dirty = false
            entry.summaries.dirtySCOs = []
            entries[key] = entry
        }
    }

    // MARK: The cache

    private func take(_ key: Key, _ db: Database) throws -> Entry {
        if let entry = entries.removeValue(forKey: key) {
            bytes -= entry.size
            return entry
        }
        let (course, scos) = try Self.load(key, db)
        return Entry(summaries: LearnerSummaries(course: course, scos: scos), size: 128 + scos.values.reduce(0) { $0 + Self.size($1) })
    }

    private func put(_ entry: Entry, _ key: Key) {
        // Past its bounds the cache starts again, but never drops what the group has not written yet.
        if entries.count >= Self.maximumEntries || bytes + entry.size > Self.maximumBytes {
            entries = entries.filter { $0.value.summaries.dirty }
            bytes = entries.values.reduce(0) { $0 + $1.size }
        }
        entries[key] = entry
        bytes += entry.size
    }

    private static func size(_ summary: SCOSummary) -> Int {
        96 + summary.interactions.reduce(0) { $0 + $1.id.utf8.count + 24 }
    }

    /// A learner's course and SCO rows as stored.
    static func load(_ key: Key, _ db: Database) throws -> (LearnerCourseSummary, [String: SCOSummary]) {
        let course = RawStatement(statement: try db.cachedStatement(sql: """
            SELECT status, success, score, completed_scos, reported_seconds, last_access, time_on_task, first_activity,
                   last_activity FROM course_progress WHERE learner_id = ? AND course_id = ? AND version = ?
            """), db: db)
        course.bind(key.learnerId, key.courseId, key.version)
        var summary = LearnerCourseSummary.empty
        try course.forEachRow { row in
            summary = LearnerCourseSummary(status: row.text(0), success: row.text(1), score: row.optionalDouble(2),
                                           completedSCOs: row.integer(3), reportedSeconds: row.double(4),
                                           lastAccess: row.optionalDouble(5), timeOnTaskSeconds: row.double(6),
                                           firstActivity: row.optionalDouble(7), lastActivity: row.optionalDouble(8))
        }
        return (summary, try scoSummaries(key, db))
    }

    static func scoSummaries(_ key: Key, _ db: Database) throws -> [String: SCOSummary] {
        let scos = RawStatement(statement: try db.cachedStatement(sql: """
            SELECT sco_id, attempt, completion, success, score, reported_seconds, started_at, updated_at, interactions
            FROM sco_progress WHERE learner_id = ? AND course_id = ? AND version = ?
            """), db: db)
        scos.bind(key.learnerId, key.courseId, key.version)
        var summaries: [String: SCOSummary] = [:]
        try scos.forEachRow { row in
            summaries[row.text(0)] = SCOSummary(attempt: row.integer(1), completion: row.text(2), success: row.text(3),
                                                score: row.optionalDouble(4), reportedSeconds: row.double(5),
                                                startedAt: row.double(6), updatedAt: row.double(7),
                                                interactions: InteractionResult.decode(row.text(8)))
        }
        return summaries
    }

    private func raw(_ db: Database, _ sql: String) throws -> RawStatement {
        RawStatement(statement: try db.cachedStatement(sql: sql), db: db)
    }
}
