import Foundation
import GRDB
import Testing
@testable import LearnerServer
import SCORMRuntime

/// The summaries kept at commit time (docs/storage.md) must always equal what a recount from the attempts and
/// events gives, whatever the order events arrive in: late offline batches, retries, new attempts, heartbeats.
@Suite("Storage: summaries kept at commit time")
struct SummaryTests {
    /// A small, seeded generator: the same histories every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func course(_ standard: String) -> CourseVersion {
        CourseVersion(courseId: "c", version: 1, title: "C", standard: SCORMStandard(rawValue: standard)!, language: nil, label: nil, contentHash: "h",
                      folder: "f", scos: (1...3).map { index in
                          .init(id: "S\(index)", title: "S\(index)", href: "s\(index).html", isSCO: true, parents: ["M"],
                                masteryScore: index == 2 ? 70 : nil, completionThreshold: nil, launchData: nil,
                                prerequisites: nil)
                      }, createdAt: Date(timeIntervalSince1970: 0))
    }

    static func store(_ folder: URL, _ course: CourseVersion) async throws -> SQLiteStore {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("p.sqlite").path)
        try await store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO courses(id) VALUES ('c');
                INSERT INTO course_versions(course_id, version, title, standard, content_hash, folder, created_at)
                    VALUES ('c', 1, 'C', ?, 'h', 'f', 0);
                """, arguments: [course.standard.rawValue])
            for (position, sco) in course.scos.enumerated() {
                try db.execute(sql: """
                    INSERT INTO scos(course_id, version, sco_id, position, title, href, is_sco, parents, mastery_score)
                    VALUES ('c', 1, ?, ?, ?, ?, 1, '["M"]', ?)
                    """, arguments: [sco.id, position, sco.title, sco.href, sco.masteryScore])
            }
            for learner in ["L1", "L2", "L3"] {
                try db.execute(sql: "INSERT INTO learners(id, name, created_at) VALUES (?, ?, 0)", arguments: [learner, learner])
                try db.execute(sql: "INSERT INTO enrollments(learner_id, course_id, version, created_at) VALUES (?, 'c', 1, 0)",
                               arguments: [learner])
            }
        }
        return store
    }

    /// Values a SCO may send, for either standard.
    static func values(_ standard: String, _ random: inout Generator, interactionBase: Int) -> [String: String] {
        var values: [String: String] = [:]
        if standard == "scorm12" {
            values["cmi.core.lesson_status"] = ["incomplete", "completed", "passed", "failed", "browsed"].randomElement(using: &random)!
            if Bool.random(using: &random) { values["cmi.core.score.raw"] = String(Int.random(in: 0...100, using: &random)) }
            values["cmi.core.session_time"] = "0000:00:\(String(format: "%02d", Int.random(in: 1...59, using: &random)))"
        } else {
            values["cmi.completion_status"] = ["incomplete", "completed", "not attempted", "unknown"].randomElement(using: &random)!
            if Bool.random(using: &random) { values["cmi.success_status"] = ["passed", "failed", "unknown"].randomElement(using: &random)! }
            if Bool.random(using: &random) { values["cmi.score.scaled"] = String(Double(Int.random(in: 0...10, using: &random)) / 10) }
            values["cmi.session_time"] = "PT\(Int.random(in: 1...59, using: &random))S"
        }
        values["cmi.location"] = "p\(Int.random(in: 0...9, using: &random))"
        // Interactions in order from the current count, so that they are accepted.
        let result = standard == "scorm12" ? ["correct", "wrong"] : ["correct", "incorrect"]
        for offset in 0..<Int.random(in: 0...2, using: &random) {
            let index = interactionBase + offset
            values["cmi.interactions.\(index).id"] = "q\(Int.random(in: 1...4, using: &random))"
            values["cmi.interactions.\(index).type"] = "true-false"
            values["cmi.interactions.\(index).result"] = result.randomElement(using: &random)!
        }
        return values
    }

    struct Tables: Equatable {
        var rows: [String: [[String]]]
    }

    /// Every summary row, doubles rounded to the microsecond (sums kept by adding and taking back carry float dust).
    static func tables(_ db: Database) throws -> Tables {
        var rows: [String: [[String]]] = [:]
        for (table, order) in [("sco_progress", "learner_id, sco_id"), ("course_progress", "learner_id"),
                               ("daily_activity", "learner_id, day"), ("sco_funnel", "sco_id"),
                               ("question_stats", "sco_id, interaction_id")] {
            rows[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map { row in
                row.databaseValues.map { value in
                    if case .double(let number) = value.storage {
                        let rounded = (number * 1_000_000).rounded() / 1_000_000
                        return String(rounded == 0 ? 0 : rounded)
                    }
                    return value.description
                }
            }.filter { table != "question_stats" || $0[4] != "0" || $0[5] != "0" }
                .filter { table != "sco_funnel" || $0[3...5] != ["0", "0", "0"] }
        }
        return Tables(rows: rows)
    }

    @Test(arguments: [("scorm2004", UInt64(1)), ("scorm2004", 2), ("scorm2004", 3), ("scorm12", 4), ("scorm12", 5),
                      ("scorm2004", 6), ("scorm12", 7), ("scorm2004", 8)])
    func incrementalSummariesEqualARecount(_ standard: String, _ seed: UInt64) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-summary-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let course = Self.course(standard)
        let store = try await Self.store(folder, course)
        var random = Generator(state: seed)
        var clock = 1_800_000_000.0
        var sent: [CommitRequest] = []
        var attempts: [String: Int] = [:]
        var seqs: [String: Int] = [:]
        var interactionCounts: [String: Int] = [:]
        for step in 0..<220 {
            // Mostly minutes apart, and now and then the next day.
            clock += step % 40 == 39 ? 20 * 3600 : Double(Int.random(in: 1...400, using: &random))
            let learner = ["L1", "L2", "L3"].randomElement(using: &random)!
            let sco = course.scos.randomElement(using: &random)!.id
            let key = "\(learner)/\(sco)"
            switch Int.random(in: 0..<10, using: &random) {
            case 0...1:
                // A heartbeat, now or late (offline, stamped earlier).
                let late = Bool.random(using: &random) ? Double(Int.random(in: 0...3000, using: &random)) : 0
                try await store.heartbeat(learnerId: learner, course: course, scoId: sco, at: Date(timeIntervalSince1970: clock - late))
            case 2 where !sent.isEmpty:
                // A retry of a batch already stored: changes nothing.
                _ = try await store.commit([sent.randomElement(using: &random)!])
            default:
                if attempts[key] == nil || Int.random(in: 0..<12, using: &random) == 0 {
                    attempts[key, default: 0] += 1
                    seqs[key] = 0
                    interactionCounts[key] = 0
                }
                // Sometimes a commit to an earlier attempt, which changes nothing of the summaries.
                let attempt = attempts[key]! > 1 && Int.random(in: 0..<8, using: &random) == 0 ? attempts[key]! - 1 : attempts[key]!
                seqs[key, default: 0] += 1
                let values = Self.values(standard, &random, interactionBase: attempt == attempts[key]! ? interactionCounts[key]! : 1000)
                if attempt == attempts[key]! {
                    interactionCounts[key]! += values.keys.filter { $0.hasSuffix(".id") }.count
                }
                let late = Int.random(in: 0..<4, using: &random) == 0 ? Double(Int.random(in: 1...5000, using: &random)) : nil
                let batch = CommitBatch(id: "b\(step)", attempt: attempt, seq: seqs[key]!, values: values,
                                        at: late.map { Date(timeIntervalSince1970: clock - $0) })
                let request = CommitRequest(learnerId: learner, course: course, scoId: sco,
                                            cmiVersion: standard == "scorm12" ? .scorm12 : .scorm2004, batch: batch,
                                            receivedAt: Date(timeIntervalSince1970: clock))
                sent.append(request)
                // Now and then a few batches in one group, as a sync sends them.
                if Int.random(in: 0..<5, using: &random) == 0, sent.count > 3 {
                    _ = try await store.commit(Array(sent.suffix(3)))
                } else {
                    _ = try await store.commit([request])
                }
            }
        }
        let incremental = try await store.pool.read { db in try Self.tables(db) }
        let recounted = try await store.pool.write { db -> Tables in
            try SQLiteSummaries.rebuildAll(db)
            return try Self.tables(db)
        }
        for table in recounted.rows.keys.sorted() {
            #expect(incremental.rows[table] == recounted.rows[table], "\(table) differs from a recount (seed \(seed))")
        }
        #expect((recounted.rows["daily_activity"]?.count ?? 0) > 3, "the history covered several days")
        #expect((recounted.rows["question_stats"]?.count ?? 0) > 0, "questions were answered")
    }

    @Test func aLateEventBetweenTwoOthersTakesTheirGapBackAndAddsItsOwn() {
        // Events at 0 and 200 s: one gap of 200. An event at 100 s arrives late: 100 + 100 = 200, on the same day.
        #expect(ActivityLedger.change(at: 100, previous: 0, next: 200).map(\.seconds).reduce(0, +) == 0)
        // Events at 0 and 400: one gap of 400 counts nothing (a break); an event at 200 makes two gaps of 200.
        #expect(ActivityLedger.change(at: 200, previous: 0, next: 400).map(\.seconds).reduce(0, +) == 400)
        // An event at the very time of another changes nothing.
        #expect(ActivityLedger.change(at: 50, previous: 50, next: 60).isEmpty)
        // Across midnight, a gap counts on the day of the event that ends it.
        let midnight = 86_400.0 * 20_000
        let change = ActivityLedger.change(at: midnight + 30, previous: midnight - 30, next: nil)
        #expect(change.count == 1 && change[0].day == 20_000 && change[0].seconds == 60)
        #expect(ActivityLedger.recount([0, 100, 150, 1000, 1100]) == [0: 250])
    }

    @Test func countersMoveByTheDifference() {
        let old = SCOSummary(attempt: 1, completion: "incomplete", success: "unknown", score: nil, reportedSeconds: 0,
                             startedAt: 0, updatedAt: 0, interactions: [.init(id: "q1", correct: false), .init(id: "q2", correct: true)])
        var new = old
        new.completion = "completed"
        new.success = "passed"
        new.interactions = [.init(id: "q1", correct: true), .init(id: "q2", correct: true), .init(id: "q3", correct: false)]
        #expect(SummaryChange.funnel(from: old, to: new) == .init(started: 0, completed: 1, passed: 1))
        #expect(SummaryChange.funnel(from: nil, to: old) == .init(started: 1, completed: 0, passed: 0))
        let questions = SummaryChange.questions(from: old.interactions, to: new.interactions)
        #expect(questions.map(\.id) == ["q1", "q3"])
        #expect(questions.map(\.answers) == [0, 1])
        #expect(questions.map(\.correct) == [1, 0])
        #expect(InteractionResult.decode(InteractionResult.encode(new.interactions)) == new.interactions)
    }
}
