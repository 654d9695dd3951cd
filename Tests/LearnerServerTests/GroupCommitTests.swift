import Foundation
import GRDB
import Testing
@testable import LearnerServer

/// The writer keeps the values of attempts being played in memory; a group whose transaction fails must not
/// leave the values it was about to write there, or the next commit would merge against values never stored.
@Suite("Storage: group commits")
struct GroupCommitTests {
    /// A store with one learner enrolled in a SCORM 2004 course of one SCO.
    static func store(_ folder: URL) async throws -> SQLiteStore {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("p.sqlite").path)
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
        return store
    }

    /// The course version `store(_:)` registers.
    static let course = CourseVersion(
        courseId: "c", version: 1, title: "C", standard: .scorm2004, language: nil, label: nil, contentHash: "h", folder: "f",
        scos: [.init(id: "S1", title: "S1", href: "s1.html", isSCO: true, parents: [], masteryScore: nil,
                     completionThreshold: nil, launchData: nil, prerequisites: nil)],
        createdAt: Date(timeIntervalSince1970: 0))

    static func request(_ id: String, sco: String = "S1", seq: Int, _ values: [String: String]) -> CommitRequest {
        CommitRequest(learnerId: "L1", course: course, scoId: sco, cmiVersion: .scorm2004,
                      batch: CommitBatch(id: id, attempt: 1, seq: seq, values: values), receivedAt: Date())
    }

    @Test func aFailedGroupLeavesNothingBehindInTheWritersMemory() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-group-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(folder)
        _ = try await store.commit([Self.request("a", seq: 1, ["cmi.location": "one"])])
        // One group: the first batch is applied in the transaction, the second breaks a foreign key (no such SCO).
        await #expect(throws: (any Error).self) {
            try await store.commit([Self.request("b", seq: 2, ["cmi.location": "two", "cmi.exit": "suspend"]),
                                    Self.request("c", sco: "nope", seq: 1, ["cmi.location": "x"])])
        }
        _ = try await store.commit([Self.request("d", seq: 3, ["cmi.suspend_data": "s"])])
        let state = try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1")
        #expect(state.values == ["cmi.location": "one", "cmi.suspend_data": "s"], "nothing of the failed group")
        // The failed batch was not received: its retry is applied.
        #expect(try await store.commit([Self.request("b", seq: 2, ["cmi.location": "two"])]) == [CommitResult(applied: true, errors: [])])
        #expect(try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1").values["cmi.location"] == "two")
    }

    /// Many batches for one attempt in one group (a sync after a day offline): applied in order, written once.
    @Test func aGroupWritesEachAttemptOnceWithEveryBatchApplied() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-group-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(folder)
        var batches = (1...50).map { Self.request("b\($0)", seq: $0, ["cmi.location": "page-\($0)", "cmi.session_time": "PT2S"]) }
        // An older batch arriving last in the same group does not overwrite, but its new element is kept.
        batches.append(Self.request("late", seq: 3, ["cmi.location": "old", "cmi.suspend_data": "s3"]))
        let results = try await store.commit(batches)
        #expect(results.allSatisfy { $0.applied })
        let state = try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1")
        #expect(state.seq == 50)
        #expect(state.values == ["cmi.location": "page-50", "cmi.session_time": "PT2S", "cmi.suspend_data": "s3"])
        #expect(state.reportedSeconds == 100, "50 session times of 2 s; the late batch reports none")
        let stored = try await store.pool.read { db in
            try SQLiteStore.values(db, learnerId: "L1", courseId: "c", version: 1, scoId: "S1", attempt: 1)
        }
        #expect(stored["cmi.suspend_data"]?.seq == 3 && stored["cmi.location"]?.seq == 50)
        // Retried together, every batch gets its first answer and nothing moves.
        #expect(try await store.commit(batches) == results)
        #expect(try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1").reportedSeconds == 100)
    }

    /// An attempt's data is bounded: a batch that would pass the bound is refused whole, with the standard's
    /// general failure for each element, and the attempt keeps what it had.
    @Test func aBatchThatWouldPassTheAttemptLimitIsRefusedWhole() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-group-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await Self.store(folder)
        let comment = String(repeating: "c", count: 4_000)
        func comments(_ range: Range<Int>) -> [String: String] {
            Dictionary(uniqueKeysWithValues: range.map { ("cmi.comments_from_learner.\($0).comment", comment) })
        }
        let first = try await store.commit([Self.request("a", seq: 1, comments(0..<600))])
        #expect(first == [CommitResult(applied: true, errors: [])])
        let tooMuch = Self.request("b", seq: 2, comments(600..<1_200).merging(["cmi.location": "here"]) { a, _ in a })
        let refused = try #require(try await store.commit([tooMuch]).first)
        #expect(!refused.applied)
        #expect(refused.errors.count == 602, "600 comments, the location and the count the batch would have set")
        #expect(refused.errors.allSatisfy { $0.code == 351 && $0.message.contains("4 MiB") })
        let state = try await store.state(learnerId: "L1", courseId: "c", version: 1, scoId: "S1")
        #expect(state.values["cmi.comments_from_learner._count"] == "600" && state.values["cmi.location"] == nil)
        #expect(state.seq == 2, "the batch was received")
        #expect(try await store.commit([tooMuch]) == [refused], "its retry gets the same answer")
        let small = try await store.commit([Self.request("c", seq: 3, ["cmi.location": "here"])])
        #expect(small == [CommitResult(applied: true, errors: [])])
    }
}
