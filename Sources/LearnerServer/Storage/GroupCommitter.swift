import Foundation
import GRDB

/// Group commit: batches that arrive while a transaction is being written wait and are written together in the
/// next one. Nobody is answered before their transaction is durable; one fsync serves many learners.
actor GroupCommitter {
    private let pool: DatabasePool
    private var pending: [(requests: [CommitRequest], continuation: CheckedContinuation<[CommitResult], any Error>)] = []
    private var writing = false
    /// Bound on the batches of one transaction, so that one huge group does not delay everyone.
    static let maximumGroup = 512

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func submit(_ requests: [CommitRequest]) async throws -> [CommitResult] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((requests, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var group: [(requests: [CommitRequest], continuation: CheckedContinuation<[CommitResult], any Error>)] = []
            var size = 0
            while !pending.isEmpty, size < Self.maximumGroup {
                let next = pending.removeFirst()
                size += next.requests.count
                group.append(next)
            }
            let work = group.map(\.requests)
            do {
                let results = try await pool.write { db in
                    try work.map { requests in try requests.map { try CommitApplier.apply($0, in: db) } }
                }
                for (entry, result) in zip(group, results) { entry.continuation.resume(returning: result) }
            } catch {
                for entry in group { entry.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}

/// Applies one batch inside the group's transaction.
enum CommitApplier {
    static func apply(_ request: CommitRequest, in db: Database) throws -> CommitResult {
        let batch = request.batch
        // Idempotency: a retried batch gets the answer it got the first time, and changes nothing.
        // Cached statements: the same dozen statements run for every commit, parsing them each time showed in profiles.
        if let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT response FROM commit_receipts WHERE learner_id = ? AND batch_id = ?"),
                                            arguments: [request.learnerId, batch.id]) {
            return try JSONDecoder().decode(CommitResult.self, from: Data(stored.utf8))
        }
        let now = request.occurredAt.timeIntervalSince1970
        let key: StatementArguments = [request.learnerId, request.courseId, request.version, request.scoId, batch.attempt]
        let exists = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT 1 FROM attempts WHERE learner_id = ? AND course_id = ? AND version = ? AND sco_id = ? AND attempt = ?
            """), arguments: key) ?? false
        if !exists {
            try db.cachedStatement(sql: """
                INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, started_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                """).execute(arguments: key + [now, now])
        }
        let current = try SQLiteProgressStore.values(db, learnerId: request.learnerId, courseId: request.courseId,
                                                     version: request.version, scoId: request.scoId, attempt: batch.attempt)
        let merge = CommitMerger(validator: CMIValidator(version: request.cmiVersion)).merge(batch, current: current)
        for (element, value) in merge.writes {
            try db.cachedStatement(sql: """
                INSERT INTO runtime_values(learner_id, course_id, version, sco_id, attempt, element, value, seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(learner_id, course_id, version, sco_id, attempt, element)
                DO UPDATE SET value = excluded.value, seq = excluded.seq
                """).execute(arguments: key + [element, value, batch.seq])
        }
        try db.cachedStatement(sql: """
            UPDATE attempts SET last_seq = MAX(last_seq, ?), updated_at = MAX(updated_at, ?), reported_seconds = reported_seconds + ?
            WHERE learner_id = ? AND course_id = ? AND version = ? AND sco_id = ? AND attempt = ?
            """).execute(arguments: [batch.seq, now, merge.sessionSeconds] + key)
        try db.cachedStatement(sql: """
            INSERT INTO time_ledger(learner_id, course_id, version, sco_id, at, kind) VALUES (?, ?, ?, ?, ?, 'commit')
            """).execute(arguments: [request.learnerId, request.courseId, request.version, request.scoId, now])
        let result = CommitResult(applied: merge.applied, errors: merge.errors)
        try db.cachedStatement(sql: "INSERT INTO commit_receipts(learner_id, batch_id, response, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [request.learnerId, batch.id,
                                   String(decoding: try JSONEncoder().encode(result), as: UTF8.self), now])
        return result
    }
}
