import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Group commit on PostgreSQL, per process: batches and heartbeats that arrive while a group is being written wait
/// and go into the next one. A group is one transaction running a fixed number of statements whatever its size
/// (arrays bound through `unnest`), so throughput grows with the group.
///
/// Several processes write to the same database: each group first locks the `course_progress` rows of the
/// learners' course versions it touches, in key order. Every write to a learner's attempts, receipts and summaries
/// happens under that lock, so two groups that share a learner run one after the other, and two that do not never
/// wait on each other. Under the lock, a batch id found among the receipts was applied before (by any process) and
/// gets the stored answer; stored values are merged as read, never from a cache another process could not update.
final class PostgresCommitter: Sendable {
    private typealias Waiter = (work: [GroupWork], continuation: CheckedContinuation<[CommitResult?], any Error>)
    private struct State {
        var pending: [Waiter] = []
        var draining = false
    }

    private let client: PostgresClient
    private let logger: Logger
    private let outage: PostgresStore.Outage
    private let state = Mutex(State())
    static let maximumGroup = 512
    /// Deadlocks cannot happen between groups (locks are taken in key order), but a receipt claimed for the same
    /// batch id through another course at the same moment, or a serialisation failure, makes a group start again.
    static let attempts = 5

    init(client: PostgresClient, logger: Logger, outage: PostgresStore.Outage) {
        self.client = client
        self.logger = logger
        self.outage = outage
    }

    func submit(_ work: [GroupWork]) async throws -> [CommitResult?] {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.pending.append((work, continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = state.withLock { state -> [Waiter] in
                var count = 0, size = 0
                while count < state.pending.count, size < Self.maximumGroup {
                    size += state.pending[count].work.count
                    count += 1
                }
                let group = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            let work = group.map(\.work)
            do {
                let results = try await write(work)
                for (waiter, result) in zip(group, results) { waiter.continuation.resume(returning: result) }
            } catch {
                for waiter in group { waiter.continuation.resume(throwing: error) }
            }
        }
    }

    private func write(_ work: [[GroupWork]]) async throws -> [[CommitResult?]] {
        let client = client, logger = logger, outage = outage
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await PostgresStore.guarded(outage: outage) {
                    try await client.withTransaction(logger: logger) { connection in
                        var group = PostgresGroup(connection: connection, logger: logger)
                        return try await group.write(work)
                    }
                }
            } catch let error as PSQLError where attempt < Self.attempts && Self.isRetryable(error) {
                logger.debug("PostgreSQL group retried: \(error.serverInfo?[.sqlState] ?? "")")
            }
        }
    }

    /// Serialisation failure, deadlock, or a receipt's key claimed meanwhile.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01" || state == "23505"
    }
}

/// One group's transaction.
private struct PostgresGroup {
    let connection: PostgresConnection
    let logger: Logger

    struct LearnerKey: Hashable, Comparable {
        let learnerId: String
        let courseId: String
        let version: Int
        static func < (a: Self, b: Self) -> Bool {
            (a.learnerId, a.courseId, a.version) < (b.learnerId, b.courseId, b.version)
        }
    }

    struct Pending {
        var state: AttemptCache.State
        var lastSeq: Int
        var reportedSeconds: Double
        var startedAt: Double
        var updatedAt: Double
        let course: CourseVersion
    }

    struct DayChange {
        var seconds: Double = 0
        var first = Double.infinity
        var last = -Double.infinity
    }

    var summaries: [LearnerKey: LearnerSummaries] = [:]
    /// Events of this group, not in the tables yet: late events find their neighbours among them too.
    var groupEvents: [LearnerKey: [Double]] = [:]
    var days: [LearnerKey: [Int64: DayChange]] = [:]
    var pending: [AttemptCache.Key: Pending] = [:]
    var receipts: [(learner: String, batch: String, response: String, at: Double, course: String, version: Int, sco: String)] = []
    var ledger: [(learner: String, course: String, version: Int, sco: String, at: Double)] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    static func key(_ work: GroupWork) -> LearnerKey {
        switch work {
        case .commit(let request): return LearnerKey(learnerId: request.learnerId, courseId: request.courseId, version: request.version)
        case .heartbeat(let heartbeat):
            return LearnerKey(learnerId: heartbeat.learnerId, courseId: heartbeat.course.courseId, version: heartbeat.course.version)
        }
    }

    mutating func write(_ work: [[GroupWork]]) async throws -> [[CommitResult?]] {
        let keys = Set(work.joined().map(Self.key)).sorted()
        try await lockAndLoad(keys)
        let known = try await storedReceipts(work.joined())
        let stored = try await storedAttempts(work.joined(), skipping: known)

        var claimed: [String: CommitResult] = [:]
        var results: [[CommitResult?]] = []
        for waiter in work {
            var answers: [CommitResult?] = []
            for item in waiter {
                switch item {
                case .heartbeat(let heartbeat):
                    let key = Self.key(item)
                    let at = heartbeat.at.timeIntervalSince1970
                    try await recordEvent(at: at, key: key)
                    ledger.append((heartbeat.learnerId, key.courseId, key.version, heartbeat.scoId, at))
                    answers.append(nil)
                case .commit(let request):
                    let receiptKey = request.learnerId + "\u{0}" + request.batch.id
                    if let answer = claimed[receiptKey] ?? known[receiptKey] {
                        answers.append(answer)
                        continue
                    }
                    let answer = try await apply(request, stored: stored)
                    claimed[receiptKey] = answer
                    answers.append(answer)
                }
            }
            results.append(answers)
        }
        try await writeAttemptsAndSummaries()
        return results
    }

    // MARK: Reading, under the learners' locks

    mutating func lockAndLoad(_ keys: [LearnerKey]) async throws {
        let learners = keys.map(\.learnerId), courses = keys.map(\.courseId), versions = keys.map(\.version)
        try await connection.query("""
            INSERT INTO course_progress(learner_id, course_id, version, status, success, completed_scos, reported_seconds,
                                        time_on_task)
            SELECT l, c, v, 'not-started', 'unknown', 0, 0, 0 FROM unnest(\(learners)::text[], \(courses)::text[], \(versions)::int8[]) AS k(l, c, v)
            ON CONFLICT DO NOTHING
            """, logger: logger)
        let rows = try await connection.query("""
            SELECT learner_id, course_id, version, status, success, score, completed_scos, reported_seconds, last_access,
                   time_on_task, first_activity, last_activity
            FROM course_progress
            WHERE (learner_id, course_id, version) IN (SELECT * FROM unnest(\(learners)::text[], \(courses)::text[], \(versions)::int8[]))
            ORDER BY learner_id, course_id, version FOR UPDATE
            """, logger: logger)
        for try await row in rows {
            let (learner, course, version, status, success, score, completed, reported, lastAccess, time, first, last) =
                try row.decode((String, String, Int, String, String, Double?, Int, Double, Double?, Double, Double?, Double?).self)
            let summary = LearnerCourseSummary(status: status, success: success, score: score, completedSCOs: completed,
                                               reportedSeconds: reported, lastAccess: lastAccess, timeOnTaskSeconds: time,
                                               firstActivity: first, lastActivity: last)
            summaries[LearnerKey(learnerId: learner, courseId: course, version: version)] = LearnerSummaries(course: summary, scos: [:])
        }
        let scos = try await connection.query("""
            SELECT learner_id, course_id, version, sco_id, attempt, completion, success, score, reported_seconds, started_at,
                   updated_at, interactions
            FROM sco_progress
            WHERE (learner_id, course_id, version) IN (SELECT * FROM unnest(\(learners)::text[], \(courses)::text[], \(versions)::int8[]))
            """, logger: logger)
        for try await row in scos {
            let (learner, course, version, sco, attempt, completion, success, score, reported, started, updated, interactions) =
                try row.decode((String, String, Int, String, Int, String, String, Double?, Double, Double, Double, String).self)
            summaries[LearnerKey(learnerId: learner, courseId: course, version: version)]?.scos[sco] =
                SCOSummary(attempt: attempt, completion: completion, success: success, score: score, reportedSeconds: reported,
                           startedAt: started, updatedAt: updated, interactions: InteractionResult.decode(interactions))
        }
    }

    /// The answers stored for batch ids already applied, by `learner NUL batch`.
    func storedReceipts(_ work: some Sequence<GroupWork>) async throws -> [String: CommitResult] {
        var learners: [String] = [], batches: [String] = []
        for case .commit(let request) in work {
            learners.append(request.learnerId)
            batches.append(request.batch.id)
        }
        guard !learners.isEmpty else { return [:] }
        var known: [String: CommitResult] = [:]
        let rows = try await connection.query("""
            SELECT learner_id, batch_id, response FROM commit_receipts
            WHERE (learner_id, batch_id) IN (SELECT * FROM unnest(\(learners)::text[], \(batches)::text[]))
            """, logger: logger)
        for try await (learner, batch, response) in rows.decode((String, String, String).self) {
            known[learner + "\u{0}" + batch] = try JSONDecoder().decode(CommitResult.self, from: Data(response.utf8))
        }
        return known
    }

    /// The stored values of the attempts the new batches touch.
    func storedAttempts(_ work: some Sequence<GroupWork>, skipping known: [String: CommitResult]) async throws
        -> [AttemptCache.Key: AttemptCache.State] {
        var keys = Set<AttemptCache.Key>()
        for case .commit(let request) in work where known[request.learnerId + "\u{0}" + request.batch.id] == nil {
            keys.insert(AttemptCache.Key(learnerId: request.learnerId, courseId: request.courseId, version: request.version,
                                         scoId: request.scoId, attempt: request.batch.attempt))
        }
        guard !keys.isEmpty else { return [:] }
        let list = Array(keys)
        let rows = try await connection.query("""
            SELECT learner_id, course_id, version, sco_id, attempt, cmi_values FROM attempts
            WHERE (learner_id, course_id, version, sco_id, attempt) IN (SELECT * FROM unnest(
                \(list.map(\.learnerId))::text[], \(list.map(\.courseId))::text[], \(list.map(\.version))::int8[],
                \(list.map(\.scoId))::text[], \(list.map(\.attempt))::int8[]))
            """, logger: logger)
        var states: [AttemptCache.Key: AttemptCache.State] = [:]
        for try await (learner, course, version, sco, attempt, bytes) in rows.decode((String, String, Int, String, Int, ByteBuffer).self) {
            states[AttemptCache.Key(learnerId: learner, courseId: course, version: version, scoId: sco, attempt: attempt)] =
                bytes.withUnsafeReadableBytes { AttemptCache.State(values: AttemptValues.decode($0), size: $0.count) }
        }
        return states
    }

    // MARK: Applying

    mutating func apply(_ request: CommitRequest, stored: [AttemptCache.Key: AttemptCache.State]) async throws -> CommitResult {
        let batch = request.batch
        let now = request.occurredAt.timeIntervalSince1970
        let key = AttemptCache.Key(learnerId: request.learnerId, courseId: request.courseId, version: request.version,
                                   scoId: request.scoId, attempt: batch.attempt)
        var entry = pending.removeValue(forKey: key)
        var state = entry?.state ?? stored[key] ?? .empty
        entry?.state = .empty
        let (merge, size) = CommitMerger.boundedMerge(request, current: state.values, currentSize: state.size)
        let result = CommitResult(applied: merge.applied, errors: merge.errors)
        receipts.append((request.learnerId, batch.id, result.json, now, request.courseId, request.version, request.scoId))
        try await recordEvent(at: now, key: LearnerKey(learnerId: request.learnerId, courseId: request.courseId,
                                                       version: request.version))
        for (element, value) in merge.writes { state.values[element] = StoredValue(value: value, seq: batch.seq) }
        state.size = size
        // The sequence and the clock never go back; session time adds up.
        pending[key] = Pending(state: state, lastSeq: max(entry?.lastSeq ?? batch.seq, batch.seq),
                               reportedSeconds: TotalTime.clamped((entry?.reportedSeconds ?? 0) + merge.sessionSeconds),
                               startedAt: min(entry?.startedAt ?? now, now), updatedAt: max(entry?.updatedAt ?? now, now),
                               course: request.course)
        return result
    }

    mutating func recordEvent(at time: Double, key: LearnerKey) async throws {
        var learner = summaries[key] ?? LearnerSummaries(course: .empty, scos: [:])
        let previous: Double?, next: Double?
        let group = groupEvents[key] ?? []
        if SummaryUpkeep.isLate(time, in: learner) {
            let (stored, storedNext) = try await neighbours(of: time, key: key)
            previous = ([stored].compactMap { $0 } + group.filter { $0 <= time }).max()
            next = ([storedNext].compactMap { $0 } + group.filter { $0 > time }).min()
        } else {
            (previous, next) = (learner.course.lastActivity, nil)
        }
        let changes = SummaryUpkeep.recordEvent(at: time, previous: previous, next: next, into: &learner)
        summaries[key] = learner
        groupEvents[key, default: []].append(time)
        var perDay = days[key] ?? [:]
        for (index, change) in changes.enumerated() {
            var day = perDay[change.day] ?? DayChange()
            day.seconds += change.seconds
            if index == 0 {
                day.first = min(day.first, time)
                day.last = max(day.last, time)
            }
            perDay[change.day] = day
        }
        days[key] = perDay
    }

    func neighbours(of time: Double, key: LearnerKey) async throws -> (Double?, Double?) {
        let rows = try await connection.query("""
            SELECT (SELECT MAX(t) FROM (
                        SELECT MAX(at) AS t FROM time_ledger
                        WHERE learner_id = \(key.learnerId) AND course_id = \(key.courseId) AND version = \(key.version) AND at <= \(time)
                        UNION ALL
                        SELECT MAX(created_at) FROM commit_receipts
                        WHERE learner_id = \(key.learnerId) AND course_id = \(key.courseId) AND version = \(key.version)
                          AND created_at <= \(time)) AS before),
                   (SELECT MIN(t) FROM (
                        SELECT MIN(at) AS t FROM time_ledger
                        WHERE learner_id = \(key.learnerId) AND course_id = \(key.courseId) AND version = \(key.version) AND at > \(time)
                        UNION ALL
                        SELECT MIN(created_at) FROM commit_receipts
                        WHERE learner_id = \(key.learnerId) AND course_id = \(key.courseId) AND version = \(key.version)
                          AND created_at > \(time)) AS after)
            """, logger: logger).collect()
        return try rows[0].decode((Double?, Double?).self)
    }

    // MARK: Writing

    mutating func writeAttemptsAndSummaries() async throws {
        var funnel: [[String]: SummaryChange.Funnel] = [:]
        var questions: [[String]: (answers: Int, correct: Int)] = [:]
        let attempts = pending.sorted { ($0.key.learnerId, $0.key.scoId, $0.key.attempt) < ($1.key.learnerId, $1.key.scoId, $1.key.attempt) }
        for (key, entry) in attempts {
            let learnerKey = LearnerKey(learnerId: key.learnerId, courseId: key.courseId, version: key.version)
            var learner = summaries[learnerKey] ?? LearnerSummaries(course: .empty, scos: [:])
            let values = entry.state.values
            if let counters = SummaryUpkeep.attemptWritten(
                scoId: key.scoId, attempt: key.attempt, isEmpty: values.isEmpty, value: { values[$0]?.value },
                reportedDelta: entry.reportedSeconds, startedAt: entry.startedAt, updatedAt: entry.updatedAt,
                course: entry.course, into: &learner) {
                let scoKey = [key.courseId, String(key.version), key.scoId]
                var total = funnel[scoKey] ?? .init()
                total.started += counters.funnel.started
                total.completed += counters.funnel.completed
                total.passed += counters.funnel.passed
                funnel[scoKey] = total
                for question in counters.questions {
                    var count = questions[scoKey + [question.id]] ?? (0, 0)
                    count.answers += question.answers
                    count.correct += question.correct
                    questions[scoKey + [question.id]] = count
                }
            }
            summaries[learnerKey] = learner
        }

        if !receipts.isEmpty {
            try await connection.query("""
                INSERT INTO commit_receipts(learner_id, batch_id, response, created_at, course_id, version, sco_id)
                SELECT * FROM unnest(\(receipts.map(\.learner))::text[], \(receipts.map(\.batch))::text[],
                                     \(receipts.map(\.response))::text[], \(receipts.map(\.at))::float8[],
                                     \(receipts.map(\.course))::text[], \(receipts.map(\.version))::int8[],
                                     \(receipts.map(\.sco))::text[])
                """, logger: logger)
        }
        if !ledger.isEmpty {
            try await connection.query("""
                INSERT INTO time_ledger(learner_id, course_id, version, sco_id, at, kind)
                SELECT l, c, v, s, a, 'heartbeat' FROM unnest(\(ledger.map(\.learner))::text[], \(ledger.map(\.course))::text[],
                    \(ledger.map(\.version))::int8[], \(ledger.map(\.sco))::text[], \(ledger.map(\.at))::float8[]) AS h(l, c, v, s, a)
                """, logger: logger)
        }
        if !attempts.isEmpty {
            let keys = attempts.map(\.key), entries = attempts.map(\.value)
            let values = entries.map { ByteBuffer(bytes: AttemptValues.encode($0.state.values)) }
            try await connection.query("""
                INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at,
                                     updated_at, cmi_values)
                SELECT * FROM unnest(\(keys.map(\.learnerId))::text[], \(keys.map(\.courseId))::text[], \(keys.map(\.version))::int8[],
                                     \(keys.map(\.scoId))::text[], \(keys.map(\.attempt))::int8[], \(entries.map(\.lastSeq))::int8[],
                                     \(entries.map(\.reportedSeconds))::float8[], \(entries.map(\.startedAt))::float8[],
                                     \(entries.map(\.updatedAt))::float8[], \(values)::bytea[])
                ON CONFLICT (learner_id, course_id, version, sco_id, attempt) DO UPDATE SET
                    last_seq = GREATEST(attempts.last_seq, excluded.last_seq),
                    updated_at = GREATEST(attempts.updated_at, excluded.updated_at),
                    reported_seconds = LEAST(attempts.reported_seconds + excluded.reported_seconds, \(TotalTime.maximumSeconds)),
                    cmi_values = excluded.cmi_values
                """, logger: logger)
        }
        try await writeDays()
        try await writeSummaries()
        if !funnel.isEmpty {
            let rows = funnel.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            try await connection.query("""
                INSERT INTO sco_funnel(course_id, version, sco_id, started, completed, passed)
                SELECT * FROM unnest(\(rows.map { $0.key[0] })::text[], \(rows.map { Int($0.key[1])! })::int8[],
                                     \(rows.map { $0.key[2] })::text[], \(rows.map(\.value.started))::int8[],
                                     \(rows.map(\.value.completed))::int8[], \(rows.map(\.value.passed))::int8[])
                ON CONFLICT (course_id, version, sco_id) DO UPDATE SET started = sco_funnel.started + excluded.started,
                    completed = sco_funnel.completed + excluded.completed, passed = sco_funnel.passed + excluded.passed
                """, logger: logger)
        }
        if !questions.isEmpty {
            let rows = questions.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            try await connection.query("""
                INSERT INTO question_stats(course_id, version, sco_id, interaction_id, answers, correct)
                SELECT * FROM unnest(\(rows.map { $0.key[0] })::text[], \(rows.map { Int($0.key[1])! })::int8[],
                                     \(rows.map { $0.key[2] })::text[], \(rows.map { $0.key[3] })::text[],
                                     \(rows.map(\.value.answers))::int8[], \(rows.map(\.value.correct))::int8[])
                ON CONFLICT (course_id, version, sco_id, interaction_id) DO UPDATE SET
                    answers = question_stats.answers + excluded.answers, correct = question_stats.correct + excluded.correct
                """, logger: logger)
        }
    }

    func writeDays() async throws {
        var learners: [String] = [], courses: [String] = [], versions: [Int] = [], dayNumbers: [Int] = []
        var seconds: [Double] = [], firsts: [Double] = [], lasts: [Double] = []
        for (key, perDay) in days {
            for (day, change) in perDay {
                learners.append(key.learnerId)
                courses.append(key.courseId)
                versions.append(key.version)
                dayNumbers.append(Int(day))
                seconds.append(change.seconds)
                firsts.append(change.first)
                lasts.append(change.last)
            }
        }
        guard !learners.isEmpty else { return }
        // A change to another day than its event's (a gap taken back) leaves that day's first and last as they are:
        // it carries +∞ and −∞.
        try await connection.query("""
            INSERT INTO daily_activity(learner_id, course_id, version, day, seconds, first_activity, last_activity)
            SELECT * FROM unnest(\(learners)::text[], \(courses)::text[], \(versions)::int8[], \(dayNumbers)::int8[],
                                 \(seconds)::float8[], \(firsts)::float8[], \(lasts)::float8[])
            ON CONFLICT (learner_id, course_id, version, day) DO UPDATE SET
                seconds = daily_activity.seconds + excluded.seconds,
                first_activity = LEAST(daily_activity.first_activity, excluded.first_activity),
                last_activity = GREATEST(daily_activity.last_activity, excluded.last_activity)
            """, logger: logger)
    }

    func writeSummaries() async throws {
        // NaN stands for NULL in float arrays (unnest cannot carry a NULL element from Swift's arrays here).
        func optional(_ value: Double?) -> Double { value ?? .nan }
        var scoRows: [(LearnerKey, String, SCOSummary)] = []
        var courseRows: [(LearnerKey, LearnerCourseSummary)] = []
        for (key, learner) in summaries where learner.dirty {
            courseRows.append((key, learner.course))
            for id in learner.dirtySCOs { scoRows.append((key, id, learner.scos[id]!)) }
        }
        if !scoRows.isEmpty {
            try await connection.query("""
                INSERT INTO sco_progress(learner_id, course_id, version, sco_id, attempt, completion, success, score,
                                         reported_seconds, started_at, updated_at, interactions)
                SELECT l, c, v, s, a, co, su, NULLIF(sc, 'NaN'::float8), r, st, u, i FROM unnest(
                    \(scoRows.map(\.0.learnerId))::text[], \(scoRows.map(\.0.courseId))::text[], \(scoRows.map(\.0.version))::int8[],
                    \(scoRows.map(\.1))::text[], \(scoRows.map(\.2.attempt))::int8[], \(scoRows.map(\.2.completion))::text[],
                    \(scoRows.map(\.2.success))::text[], \(scoRows.map { optional($0.2.score) })::float8[],
                    \(scoRows.map(\.2.reportedSeconds))::float8[], \(scoRows.map(\.2.startedAt))::float8[],
                    \(scoRows.map(\.2.updatedAt))::float8[], \(scoRows.map { InteractionResult.encode($0.2.interactions) })::text[])
                    AS p(l, c, v, s, a, co, su, sc, r, st, u, i)
                ON CONFLICT (learner_id, course_id, version, sco_id) DO UPDATE SET attempt = excluded.attempt,
                    completion = excluded.completion, success = excluded.success, score = excluded.score,
                    reported_seconds = excluded.reported_seconds, started_at = excluded.started_at,
                    updated_at = excluded.updated_at, interactions = excluded.interactions
                """, logger: logger)
        }
        if !courseRows.isEmpty {
            try await connection.query("""
                UPDATE course_progress AS p SET status = u.st, success = u.su, score = NULLIF(u.sc, 'NaN'::float8),
                    completed_scos = u.cs, reported_seconds = u.r, last_access = NULLIF(u.la, 'NaN'::float8), time_on_task = u.t,
                    first_activity = NULLIF(u.f, 'NaN'::float8), last_activity = NULLIF(u.l2, 'NaN'::float8)
                FROM unnest(\(courseRows.map(\.0.learnerId))::text[], \(courseRows.map(\.0.courseId))::text[],
                            \(courseRows.map(\.0.version))::int8[], \(courseRows.map(\.1.status))::text[],
                            \(courseRows.map(\.1.success))::text[], \(courseRows.map { optional($0.1.score) })::float8[],
                            \(courseRows.map(\.1.completedSCOs))::int8[], \(courseRows.map(\.1.reportedSeconds))::float8[],
                            \(courseRows.map { optional($0.1.lastAccess) })::float8[], \(courseRows.map(\.1.timeOnTaskSeconds))::float8[],
                            \(courseRows.map { optional($0.1.firstActivity) })::float8[],
                            \(courseRows.map { optional($0.1.lastActivity) })::float8[])
                    AS u(l, c, v, st, su, sc, cs, r, la, t, f, l2)
                WHERE p.learner_id = u.l AND p.course_id = u.c AND p.version = u.v
                """, logger: logger)
        }
    }
}
