import Foundation
import GRDB
import Testing
@testable import LearnerServer

/// A database written by an earlier version is carried forward: v4 folds one row per element into the attempt's
/// row and makes receipts the commits' time ledger, without losing a value, a sequence number or a moment.
@Suite("Storage: migrations")
struct StorageMigrationTests {
    @Test func valuesAndLedgerFromVersion3SurviveTheMoveToVersion4() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-migrate-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(old, upTo: "v3-admin-sessions-and-language")
            try await old.write { db in
                try db.execute(sql: """
                    INSERT INTO learners(id, name, created_at) VALUES ('L1', 'Ana', 0), ('L2', 'Bo', 0);
                    INSERT INTO courses(id) VALUES ('c');
                    INSERT INTO course_versions(course_id, version, title, standard, content_hash, folder, created_at)
                        VALUES ('c', 1, 'C', 'scorm2004', 'h', 'f', 0);
                    INSERT INTO scos(course_id, version, sco_id, position, title, href, is_sco, parents)
                        VALUES ('c', 1, 'S1', 0, 'S1', 's1.html', 1, '[]'), ('c', 1, 'S2', 1, 'S2', 's2.html', 1, '[]');
                    INSERT INTO enrollments(learner_id, course_id, version, created_at) VALUES ('L1', 'c', 1, 0), ('L2', 'c', 1, 0);
                    INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at, updated_at)
                        VALUES ('L1', 'c', 1, 'S1', 1, 3, 12, 100, 130), ('L1', 'c', 1, 'S1', 2, 1, 0, 200, 200),
                               ('L2', 'c', 1, 'S2', 1, 5, 0, 100, 100), ('L2', 'c', 1, 'S1', 1, 0, 0, 100, 100);
                    INSERT INTO runtime_values(learner_id, course_id, version, sco_id, attempt, element, value, seq) VALUES
                        ('L1', 'c', 1, 'S1', 1, 'cmi.location', 'p3', 3),
                        ('L1', 'c', 1, 'S1', 1, 'cmi.suspend_data', 'a=1;é😀', 2),
                        ('L1', 'c', 1, 'S1', 2, 'cmi.location', 'again', 1),
                        ('L2', 'c', 1, 'S2', 1, 'cmi.score.scaled', '0.8', 5),
                        ('L2', 'c', 1, 'S2', 1, 'cmi.suspend_data', '', 4);
                    INSERT INTO commit_receipts(learner_id, batch_id, response, created_at)
                        VALUES ('L1', 'b1', '{"applied":true,"errors":[]}', 110);
                    INSERT INTO time_ledger(learner_id, course_id, version, sco_id, at, kind)
                        VALUES ('L1', 'c', 1, 'S1', 110, 'commit'), ('L1', 'c', 1, 'S1', 120, 'heartbeat');
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        let first = try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1")
        #expect(first.attempt == 2 && first.values == ["cmi.location": "again"], "the latest attempt, with its own values")
        let attempts = try await store.pool.read { db in try SQLiteStore.attempts(db, courseId: "c", version: 1, learnerId: nil) }
        #expect(attempts.map(\.learnerId) == ["L1", "L2", "L2"])
        #expect(attempts.first { $0.learnerId == "L2" && $0.scoId == "S2" }?.values
                == ["cmi.score.scaled": "0.8", "cmi.suspend_data": ""])
        #expect(attempts.first { $0.learnerId == "L2" && $0.scoId == "S1" }?.values == [:], "an attempt without values")
        let stored = try await store.pool.read { db in
            try SQLiteStore.values(db, learnerId: "L1", courseId: "c", version: 1, scoId: "S1", attempt: 1)
        }
        #expect(stored == ["cmi.location": StoredValue(value: "p3", seq: 3),
                           "cmi.suspend_data": StoredValue(value: "a=1;é😀", seq: 2)], "sequence numbers are kept")
        let tables = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(!tables.contains("runtime_values"))

        // The old ledger rows still count; a new commit counts through its receipt, once.
        let before = try await store.pool.read { db in try SQLiteStore.activity(db, courseId: "c", version: 1, learnerId: "L1") }
        #expect(before.map(\.timeIntervalSince1970) == [110, 120])
        let batch = CommitBatch(id: "b2", attempt: 2, seq: 2, values: ["cmi.location": "p9"], at: nil)
        let course = try #require(try await store.courseVersion(courseId: "c", version: 1))
        let request = CommitRequest(learnerId: "L1", course: course, scoId: "S1", cmiVersion: .scorm2004,
                                    batch: batch, receivedAt: Date(timeIntervalSince1970: 140))
        #expect(try await store.commit([request]) == [CommitResult(applied: true, errors: [])])
        #expect(try await store.commit([request]) == [CommitResult(applied: true, errors: [])], "a retry")
        let after = try await store.pool.read { db in try SQLiteStore.activity(db, courseId: "c", version: 1, learnerId: "L1") }
        #expect(after.map(\.timeIntervalSince1970) == [110, 120, 140])
        #expect(try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1").values == ["cmi.location": "p9"])
        #expect(try store.integrityCheck() == "ok")
    }
}

@Suite("Storage: an attempt's values in one column")
struct AttemptValuesTests {
    @Test func valuesComeBackAsTheyWentIn() {
        let values = ["cmi.suspend_data": StoredValue(value: "", seq: 0),
                      "cmi.location": StoredValue(value: "é😀 \t\n|~", seq: 42),
                      "cmi.interactions.0.id": StoredValue(value: "q1", seq: -3),
                      "cmi.score.raw": StoredValue(value: String(repeating: "9", count: 5_000), seq: Int.max)]
        let bytes = AttemptValues.encode(values)
        #expect(AttemptValues.decode(bytes) == values)
        #expect(AttemptValues.encode(values) == bytes, "the same values give the same bytes")
        #expect(AttemptValues.decode([UInt8]()) == [:])
        #expect(AttemptValues.decode(Array("cmi.location\u{0}7".utf8)) == [:], "a record cut short is not read")
        let extremes = ["a": StoredValue(value: "x", seq: Int.min), "b": StoredValue(value: "y", seq: Int.max)]
        #expect(AttemptValues.decode(AttemptValues.encode(extremes)) == extremes)
        #expect(AttemptValues.encode(values).count == values.reduce(0) { $0 + AttemptValues.size($1.key, $1.value) })
        let damaged = Array("a\u{0}1\u{0}x\u{0}b\u{0}1x\u{0}y\u{0}c\u{0}3\u{0}z\u{0}".utf8)
        #expect(AttemptValues.decode(damaged) == ["a": StoredValue(value: "x", seq: 1)], "reading stops at a bad number")
        #expect(AttemptValues.decode(Array("a\u{0}99999999999999999999\u{0}x\u{0}".utf8)) == [:], "no overflow")
    }
}
