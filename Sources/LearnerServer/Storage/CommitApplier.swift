import Foundation
import GRDB

/// Applies one batch inside the group's transaction, in three statements whatever the batch holds: read the
/// attempt's values, claim the batch id (the receipt, which is also the commit's entry in the time ledger), and
/// write the attempt row with its merged values. Few statements and few pages: the writer is one thread, and
/// every page a commit dirties is written to the log. The values of attempts being played stay in memory
/// (`AttemptCache`), so the read is usually not even a statement. Cached statements driven through the C API
/// (`RawStatement`): GRDB's per-call arguments showed in profiles.
enum CommitApplier {
    static func apply(_ request: CommitRequest, in db: Database, cache: AttemptCache) throws -> CommitResult {
        let batch = request.batch
        let now = request.occurredAt.timeIntervalSince1970
        let key = AttemptCache.Key(learnerId: request.learnerId, courseId: request.courseId, version: request.version,
                                   scoId: request.scoId, attempt: batch.attempt)
        let current = try cache.values[key] ?? SQLiteProgressStore.values(db, learnerId: request.learnerId,
            courseId: request.courseId, version: request.version, scoId: request.scoId, attempt: batch.attempt)
        let merger = CommitMerger(validator: CMIValidator(version: request.cmiVersion))
        let merge = request.prepared.map { merger.merge($0, seq: batch.seq, current: current) }
            ?? merger.merge(batch, current: current)
        let result = CommitResult(applied: merge.applied, errors: merge.errors)
        // Idempotency: the receipt is claimed first. A batch id already claimed is a retry: it gets the answer it
        // got the first time, and changes nothing.
        let claim = try raw(db, """
            INSERT INTO commit_receipts(learner_id, batch_id, response, created_at, course_id, version, sco_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, batch_id) DO NOTHING
            """)
        claim.bind([request.learnerId, batch.id, result.json, now, request.courseId, request.version, request.scoId])
        try claim.run()
        if db.changesCount == 0 {
            let receipt = try raw(db, "SELECT response FROM commit_receipts WHERE learner_id = ? AND batch_id = ?")
            receipt.bind([request.learnerId, batch.id])
            guard let stored = try receipt.firstText() else { return result }
            return try JSONDecoder().decode(CommitResult.self, from: Data(stored.utf8))
        }
        var values = current
        for (element, value) in merge.writes { values[element] = StoredValue(value: value, seq: batch.seq) }
        // Creates the attempt, or moves it forward: the sequence and the clock never go back.
        let attempt = try raw(db, """
            INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at,
                                 updated_at, cmi_values)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version, sco_id, attempt) DO UPDATE SET
                last_seq = MAX(last_seq, excluded.last_seq), updated_at = MAX(updated_at, excluded.updated_at),
                reported_seconds = reported_seconds + excluded.reported_seconds, cmi_values = excluded.cmi_values
            """)
        attempt.bind([request.learnerId, request.courseId, request.version, request.scoId, batch.attempt, batch.seq,
                      merge.sessionSeconds, now, now, AttemptValues.encode(values)])
        try attempt.run()
        cache.store(values, for: key)
        return result
    }

    private static func raw(_ db: Database, _ sql: String) throws -> RawStatement {
        RawStatement(statement: try db.cachedStatement(sql: sql), db: db)
    }
}
