import Foundation
import GRDB

/// Applies one batch inside the group's transaction: the receipt lookup, the current values, the attempt
/// upsert, one upsert per element, the time ledger and the receipt. Cached statements driven through the C API
/// (`RawStatement`): the same few run for every commit, and GRDB's per-call arguments showed in profiles.
enum CommitApplier {
    static func apply(_ request: CommitRequest, in db: Database) throws -> CommitResult {
        let batch = request.batch
        // Idempotency: a retried batch gets the answer it got the first time, and changes nothing.
        let receipt = try raw(db, "SELECT response FROM commit_receipts WHERE learner_id = ? AND batch_id = ?")
        receipt.bind([request.learnerId, batch.id])
        if let stored = try receipt.firstText() {
            return try JSONDecoder().decode(CommitResult.self, from: Data(stored.utf8))
        }
        let now = request.occurredAt.timeIntervalSince1970
        let current = try SQLiteProgressStore.values(db, learnerId: request.learnerId, courseId: request.courseId,
                                                     version: request.version, scoId: request.scoId, attempt: batch.attempt)
        let merge = CommitMerger(validator: CMIValidator(version: request.cmiVersion)).merge(batch, current: current)
        // Creates the attempt, or moves it forward: the sequence and the clock never go back.
        let attempt = try raw(db, """
            INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(learner_id, course_id, version, sco_id, attempt) DO UPDATE SET
                last_seq = MAX(last_seq, excluded.last_seq), updated_at = MAX(updated_at, excluded.updated_at),
                reported_seconds = reported_seconds + excluded.reported_seconds
            """)
        attempt.bind([request.learnerId, request.courseId, request.version, request.scoId, batch.attempt, batch.seq,
                      merge.sessionSeconds, now, now])
        try attempt.run()
        if !merge.writes.isEmpty {
            let upsert = try raw(db, """
                INSERT INTO runtime_values(learner_id, course_id, version, sco_id, attempt, element, value, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(learner_id, course_id, version, sco_id, attempt, element)
                DO UPDATE SET value = excluded.value, seq = excluded.seq
                """)
            // Bindings stay across steps: the attempt once, then each element.
            upsert.bind([request.learnerId, request.courseId, request.version, request.scoId, batch.attempt])
            upsert.bind(batch.seq, at: 8)
            for (element, value) in merge.writes {
                upsert.bind(element, at: 6)
                upsert.bind(value, at: 7)
                try upsert.run()
            }
        }
        let ledger = try raw(db, """
            INSERT INTO time_ledger(learner_id, course_id, version, sco_id, at, kind) VALUES (?, ?, ?, ?, ?, 'commit')
            """)
        ledger.bind([request.learnerId, request.courseId, request.version, request.scoId, now])
        try ledger.run()
        let result = CommitResult(applied: merge.applied, errors: merge.errors)
        let store = try raw(db, "INSERT INTO commit_receipts(learner_id, batch_id, response, created_at) VALUES (?, ?, ?, ?)")
        store.bind([request.learnerId, batch.id, result.json, now])
        try store.run()
        return result
    }

    private static func raw(_ db: Database, _ sql: String) throws -> RawStatement {
        RawStatement(statement: try db.cachedStatement(sql: sql), db: db)
    }
}
