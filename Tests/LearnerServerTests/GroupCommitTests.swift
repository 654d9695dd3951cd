import Foundation
import GRDB
import Testing
@testable import LearnerServer

/// The writer keeps the values of attempts being played in memory; a group whose transaction fails must not
/// leave the values it was about to write there, or the next commit would merge against values never stored.
@Suite("Storage: group commits")
struct GroupCommitTests {
    @Test func aFailedGroupLeavesNothingBehindInTheWritersMemory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-group-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteProgressStore(path: folder.appendingPathComponent("p.sqlite").path)
        try await store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO learners(id, name, created_at) VALUES ('L1', 'Ana', 0);
                INSERT INTO courses(id) VALUES ('c');
                INSERT INTO course_versions(course_id, version, title, standard, content_hash, folder, created_at)
                    VALUES ('c', 1, 'C', 'scorm2004', 'h', 'f', 0);
                INSERT INTO scos(course_id, version, sco_id, position, title, href, is_sco, parents)
                    VALUES ('c', 1, 'S1', 0, 'S1', 's1.html', 1, '[]');
                INSERT INTO enrollments(learner_id, course_id, version, created_at) VALUES ('L1', 'c', 1, 0);
                """)
        }
        func request(_ id: String, sco: String = "S1", seq: Int, _ values: [String: String]) -> CommitRequest {
            CommitRequest(learnerId: "L1", courseId: "c", version: 1, scoId: sco, cmiVersion: .scorm2004,
                          batch: CommitBatch(id: id, attempt: 1, seq: seq, values: values), receivedAt: Date())
        }
        _ = try await store.commit([request("a", seq: 1, ["cmi.location": "one"])])
        // One group: the first batch is applied in the transaction, the second breaks a foreign key (no such SCO).
        await #expect(throws: (any Error).self) {
            try await store.commit([request("b", seq: 2, ["cmi.location": "two", "cmi.exit": "suspend"]),
                                    request("c", sco: "nope", seq: 1, ["cmi.location": "x"])])
        }
        _ = try await store.commit([request("d", seq: 3, ["cmi.suspend_data": "s"])])
        let state = try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1")
        #expect(state.values == ["cmi.location": "one", "cmi.suspend_data": "s"], "nothing of the failed group")
        // The failed batch was not received: its retry is applied.
        #expect(try await store.commit([request("b", seq: 2, ["cmi.location": "two"])]) == [CommitResult(applied: true, errors: [])])
        #expect(try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1").values["cmi.location"] == "two")
    }
}
