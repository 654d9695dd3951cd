import Foundation
import GRDB

/// Applies the batches of one group inside its transaction. Each batch: the attempt's values (from the group,
/// the writer's `AttemptCache`, or one read), the merge, and its receipt, which is claimed first so that a retry
/// gets the stored answer (one more read) and changes nothing; the receipt is also the commit's entry in the time
/// ledger. Each attempt the group touched is then written once (`writeAttempts`), however many of its batches the
/// group held: a sync of many batches for one attempt writes its row once. Cached statements driven through the C
/// API (`RawStatement`): GRDB's per-call arguments showed in profiles.
enum CommitApplier {
    /// What a group has done to one attempt so far.
    struct PendingAttempt {
        var state: AttemptCache.State
        var lastSeq: Int
        var reportedSeconds: Double
        var startedAt: Double
        var updatedAt: Double
        let course: CourseVersion
    }

    /// A heartbeat: an activity event, then its ledger row (after, so that it is not its own neighbour).
    static func record(_ heartbeat: HeartbeatRequest, in db: Database, summaries: SummaryWriter) throws {
        let at = heartbeat.at.timeIntervalSince1970
        try summaries.recordEvent(at: at, key: .init(learnerId: heartbeat.learnerId, courseId: heartbeat.course.courseId,
                                                     version: heartbeat.course.version), receipt: nil, in: db)
        let insert = try raw(db, """
            INSERT INTO time_ledger(learner_id, course_id, version, sco_id, at, kind) VALUES (?, ?, ?, ?, ?, 'heartbeat')
            """)
        insert.bind(heartbeat.learnerId, heartbeat.course.courseId, heartbeat.course.version, heartbeat.scoId, at)
        try insert.run()
    }

    static func apply(_ request: CommitRequest, in db: Database, cache: AttemptCache, summaries: SummaryWriter,
                      pending: inout [AttemptCache.Key: PendingAttempt]) throws -> CommitResult {
        let batch = request.batch
        let now = request.occurredAt.timeIntervalSince1970
        let key = AttemptCache.Key(learnerId: request.learnerId, courseId: request.courseId, version: request.version,
                                   scoId: request.scoId, attempt: batch.attempt)
        // Taken out of the group or the cache, so that the values change in place rather than being copied.
        var entry = pending.removeValue(forKey: key)
        var state: AttemptCache.State
        if entry != nil {
            state = entry!.state
            entry!.state = .empty
        } else if let cached = cache.take(key) {
            state = cached
        } else {
            state = try SQLiteStore.attemptState(db, key)
        }
        let (merge, size) = CommitMerger.boundedMerge(request, current: state.values, currentSize: state.size)
        let result = CommitResult(applied: merge.applied, errors: merge.errors)
        let claim = try raw(db, """
            INSERT INTO commit_receipts(learner_id, batch_id, response, created_at, course_id, version, sco_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, batch_id) DO NOTHING
            """)
        claim.bind(request.learnerId, batch.id, result.json, now, request.courseId, request.version, request.scoId)
        try claim.run()
        if db.changesCount == 0 {
            // A retry: everything goes back as it was.
            if var entry {
                entry.state = state
                pending[key] = entry
            } else {
                cache.store(state, for: key)
            }
            let receipt = try raw(db, "SELECT response FROM commit_receipts WHERE learner_id = ? AND batch_id = ?")
            receipt.bind(request.learnerId, batch.id)
            guard let stored = try receipt.firstText() else { return result }
            return try JSONDecoder().decode(CommitResult.self, from: Data(stored.utf8))
        }
        try summaries.recordEvent(at: now, key: .init(learnerId: request.learnerId, courseId: request.courseId,
                                                      version: request.version), receipt: batch.id, in: db)
        for (element, value) in merge.writes { state.values[element] = StoredValue(value: value, seq: batch.seq) }
        state.size = size
        // The sequence and the clock never go back; session time adds up.
        pending[key] = PendingAttempt(state: state, lastSeq: max(entry?.lastSeq ?? batch.seq, batch.seq),
                                      reportedSeconds: TotalTime.clamped((entry?.reportedSeconds ?? 0) + merge.sessionSeconds),
                                      startedAt: min(entry?.startedAt ?? now, now), updatedAt: max(entry?.updatedAt ?? now, now),
                                      course: request.course)
        return result
    }

    /// Writes each attempt of the group once (creating it or moving it forward) and keeps its values in the cache.
    static func writeAttempts(_ pending: [AttemptCache.Key: PendingAttempt], in db: Database, cache: AttemptCache,
                              summaries: SummaryWriter) throws {
        let upsert = try raw(db, """
            INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at,
                                 updated_at, cmi_values)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version, sco_id, attempt) DO UPDATE SET
                last_seq = MAX(last_seq, excluded.last_seq), updated_at = MAX(updated_at, excluded.updated_at),
                reported_seconds = MIN(reported_seconds + excluded.reported_seconds, \(TotalTime.maximumSeconds)),
                cmi_values = excluded.cmi_values
            """)
        for (key, entry) in pending {
            upsert.bind(key.learnerId, key.courseId, key.version, key.scoId, key.attempt, entry.lastSeq,
                        entry.reportedSeconds, entry.startedAt, entry.updatedAt, AttemptValues.encode(entry.state.values))
            try upsert.run()
            cache.store(entry.state, for: key)
            try summaries.attemptWritten(key, values: entry.state.values, reportedDelta: entry.reportedSeconds,
                                         startedAt: entry.startedAt, updatedAt: entry.updatedAt, course: entry.course, in: db)
        }
    }

    private static func raw(_ db: Database, _ sql: String) throws -> RawStatement {
        RawStatement(statement: try db.cachedStatement(sql: sql), db: db)
    }
}
