import Foundation
import Testing
@testable import LearnerServer
import SCORMRuntime

/// What every store must do, the same on every backend (docs/storage.md): each test runs on SQLite and on
/// PostgreSQL, on a database of its own.
@Suite("Storage: every backend keeps the same promises")
struct StoreConformanceTests {
    static func course(_ id: String = "c", hash: String = "h1", standard: SCORMStandard = .scorm2004, scos: Int = 2) -> CourseVersion {
        CourseVersion(courseId: id, version: 0, title: "Cours \(id)", standard: standard, language: "fr", label: "1.0",
                      contentHash: hash, folder: "packages/\(id)/\(hash)",
                      scos: (1...scos).map { index in
                          .init(id: "S\(index)", title: "SCO \(index)", href: "s\(index).html?x=1", isSCO: true,
                                parents: ["Module é"], masteryScore: index == 1 ? 80 : nil, completionThreshold: 0.5,
                                launchData: index == 2 ? "data" : nil, prerequisites: index == 2 ? "S1" : nil)
                      }, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static func request(_ learner: String, _ course: CourseVersion, sco: String = "S1", id: String, attempt: Int = 1,
                        seq: Int, at: Double, _ values: [String: String], clientTime: Double? = nil) -> CommitRequest {
        CommitRequest(learnerId: learner, course: course, scoId: sco,
                      cmiVersion: course.standard,
                      batch: CommitBatch(id: id, attempt: attempt, seq: seq, values: values,
                                         at: clientTime.map(Date.init(timeIntervalSince1970:))),
                      receivedAt: Date(timeIntervalSince1970: at))
    }

    static func withStore(_ kind: StoreKind, _ body: (any Store) async throws -> Void) async throws {
        let test = try await TestStore.make(kind)
        do {
            try await body(test.store)
        } catch {
            await test.close()
            throw error
        }
        await test.close()
    }

    @Test(arguments: StoreKind.available)
    func learnersTokensAndRevocation(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let ana = try await store.createLearner(name: "Ana", email: "ana@example.org", tokenHash: "t1")
            let bo = try await store.createLearner(name: "Bo", email: nil, tokenHash: "t2")
            #expect(try await store.learners().map(\.id).sorted() == [ana.id, bo.id].sorted())
            let found = try #require(try await store.learner(id: ana.id))
            #expect(found.id == ana.id && found.name == "Ana" && found.email == "ana@example.org")
            #expect(abs(found.createdAt.timeIntervalSince(ana.createdAt)) < 0.001)
            #expect(try await store.learner(id: "nobody") == nil)
            #expect(try await store.learner(tokenHash: "t1")?.id == ana.id)
            #expect(try await store.learner(tokenHash: "t3") == nil)
            try await store.addToken(learnerId: ana.id, tokenHash: "t3")
            #expect(try await store.learner(tokenHash: "t3")?.id == ana.id)
            try await store.createSession(learnerId: ana.id, hash: "s1", expiresAt: Date().addingTimeInterval(3600))
            try await store.createSigninLink(learnerId: ana.id, hash: "l1", expiresAt: Date().addingTimeInterval(3600))
            try await store.revokeTokens(learnerId: ana.id)
            #expect(try await store.learner(tokenHash: "t1") == nil)
            #expect(try await store.learner(tokenHash: "t3") == nil)
            #expect(try await store.learner(sessionHash: "s1", at: Date()) == nil, "revocation ends sessions")
            #expect(try await store.consumeSigninLink(hash: "l1", at: Date()) == nil, "and unused links")
            #expect(try await store.learner(tokenHash: "t2")?.id == bo.id, "others keep theirs")
        }
    }

    @Test(arguments: StoreKind.available)
    func linksSessionsAndTheAdminToken(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let ana = try await store.createLearner(name: "Ana", email: nil, tokenHash: "t1")
            let now = Date()
            try await store.createSigninLink(learnerId: ana.id, hash: "link", expiresAt: now.addingTimeInterval(60))
            try await store.createSigninLink(learnerId: ana.id, hash: "old", expiresAt: now.addingTimeInterval(-1))
            #expect(try await store.consumeSigninLink(hash: "old", at: now) == nil, "expired")
            // Two tabs opening the same link at once: one session.
            async let first = store.consumeSigninLink(hash: "link", at: now)
            async let second = store.consumeSigninLink(hash: "link", at: now)
            let opened = [try await first, try await second].compactMap { $0 }
            #expect(opened.map(\.id) == [ana.id])
            try await store.createSession(learnerId: ana.id, hash: "s", expiresAt: now.addingTimeInterval(60))
            #expect(try await store.learner(sessionHash: "s", at: now)?.id == ana.id)
            #expect(try await store.learner(sessionHash: "s", at: now.addingTimeInterval(61)) == nil, "expired")
            try await store.deleteSession(hash: "s")
            #expect(try await store.learner(sessionHash: "s", at: now) == nil)

            #expect(try await store.adminTokenHash() == nil)
            try await store.setAdminTokenHash("a1")
            try await store.createAdminSession(hash: "as", expiresAt: now.addingTimeInterval(60))
            #expect(try await store.isAdminSession(hash: "as", at: now))
            try await store.setAdminTokenHash("a1")
            #expect(try await store.isAdminSession(hash: "as", at: now), "the same token keeps its sessions")
            try await store.setAdminTokenHash("a2")
            #expect(try await store.adminTokenHash() == "a2")
            #expect(try await !store.isAdminSession(hash: "as", at: now), "a new token ends the old sessions")
        }
    }

    @Test(arguments: StoreKind.available)
    func coursesVersionsAndEnrollments(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let (v1, created) = try await store.register(Self.course())
            #expect(created && v1.version == 1)
            #expect(v1.scos == Self.course().scos, "every SCO field comes back")
            #expect(v1.language == "fr" && v1.label == "1.0" && v1.title == "Cours c")
            let (same, again) = try await store.register(Self.course())
            #expect(!again && same.version == 1, "the same content is the same version")
            let (v2, _) = try await store.register(Self.course(hash: "h2", scos: 3))
            #expect(v2.version == 2 && v2.scos.count == 3)
            _ = try await store.register(Self.course("b"))
            #expect(try await store.courses().map { "\($0.courseId)#\($0.version)" } == ["b#1", "c#2"])
            #expect(try await store.versions(courseId: "c").map(\.version) == [1, 2])
            #expect(try await store.courseVersion(courseId: "c", version: nil)?.version == 2)
            #expect(try await store.courseVersion(courseId: "c", version: 1)?.scos.count == 2)
            #expect(try await store.courseVersion(courseId: "x", version: nil) == nil)

            let ana = try await store.createLearner(name: "Ana", email: nil, tokenHash: "t1")
            let (enrollment, new) = try await store.enroll(learnerId: ana.id, courseId: "c")
            #expect(new && enrollment.version == 2, "the latest version")
            let (kept, renewed) = try await store.enroll(learnerId: ana.id, courseId: "c")
            #expect(!renewed && kept.version == 2)
            await #expect(throws: StoreError.self) { try await store.enroll(learnerId: ana.id, courseId: "x") }
            await #expect(throws: StoreError.self) { try await store.enroll(learnerId: "nobody", courseId: "c") }
            #expect(try await store.enrollments(learnerId: ana.id).map(\.courseId) == ["c"])
        }
    }

    @Test(arguments: StoreKind.available)
    func commitsAreIdempotentOrderedAndBounded(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let (course, _) = try await store.register(Self.course())
            let ana = try await store.createLearner(name: "Ana", email: nil, tokenHash: "t1")
            _ = try await store.enroll(learnerId: ana.id, courseId: "c")
            let t = 1_800_000_000.0
            let first = try await store.commit([Self.request(ana.id, course, id: "b1", seq: 2, at: t,
                                                             ["cmi.location": "p2", "cmi.exit": "bogus"])])
            #expect(first[0].applied && first[0].errors.map(\.element) == ["cmi.exit"])
            // The same batch again: the same answer, nothing applied twice.
            #expect(try await store.commit([Self.request(ana.id, course, id: "b1", seq: 2, at: t + 5, ["cmi.location": "zz"])]) == first)
            // An older sequence number never overwrites a newer value; its new elements are kept.
            let older = try await store.commit([Self.request(ana.id, course, id: "b0", seq: 1, at: t + 6,
                                                             ["cmi.location": "p1", "cmi.suspend_data": "s1"])])
            #expect(older[0].applied)
            var state = try await store.state(learnerId: ana.id, courseId: "c", version: 1, scoId: "S1")
            #expect(state.values == ["cmi.location": "p2", "cmi.suspend_data": "s1"] && state.attempt == 1 && state.seq == 2)
            // Arrays in canonical order within a batch, checked against what is stored.
            let arrays = try await store.commit([Self.request(ana.id, course, id: "b2", seq: 3, at: t + 7, [
                "cmi.interactions.0.type": "true-false", "cmi.interactions.0.id": "q1", "cmi.interactions.0.result": "correct",
                "cmi.interactions.2.id": "gap"])])
            #expect(arrays[0].errors.map(\.code) == [351], "a gap in the array")
            state = try await store.state(learnerId: ana.id, courseId: "c", version: 1, scoId: "S1")
            #expect(state.values["cmi.interactions._count"] == "1" && state.values["cmi.interactions.0.type"] == "true-false")
            // Several batches in one call: applied in order, each answered.
            let many = try await store.commit((3...6).map { Self.request(ana.id, course, id: "m\($0)", seq: $0 + 1, at: t + Double($0) + 10,
                                                                          ["cmi.location": "page-\($0)", "cmi.session_time": "PT10S"]) })
            #expect(many.count == 4 && many.allSatisfy(\.applied))
            state = try await store.state(learnerId: ana.id, courseId: "c", version: 1, scoId: "S1")
            #expect(state.values["cmi.location"] == "page-6" && state.reportedSeconds == 40)
            // A new attempt starts empty.
            _ = try await store.commit([Self.request(ana.id, course, id: "a2", attempt: 2, seq: 1, at: t + 30, ["cmi.location": "x"])])
            state = try await store.state(learnerId: ana.id, courseId: "c", version: 1, scoId: "S1")
            #expect(state.attempt == 2 && state.values == ["cmi.location": "x"])
            // Past the attempt's bound (4 MiB), the batch is refused whole and the attempt keeps what it had.
            var comments: [String: String] = [:]
            for index in 0..<1100 { comments["cmi.comments_from_learner.\(index).comment"] = String(repeating: "c", count: 4000) }
            let bounded = try await store.commit([Self.request(ana.id, course, id: "huge", attempt: 2, seq: 2, at: t + 40, comments)])
            let refused = !bounded[0].applied && bounded[0].errors.count >= 1100 && bounded[0].errors.allSatisfy { $0.code == 351 }
            if !refused { Issue.record("\(bounded[0].applied) \(bounded[0].errors.count) \(Set(bounded[0].errors.map(\.code))) \(bounded[0].errors.first?.message ?? "")") }
            #expect(try await store.state(learnerId: ana.id, courseId: "c", version: 1, scoId: "S1").values == ["cmi.location": "x"])
            #expect(refused, "an attempt's values are bounded")
        }
    }

    @Test(arguments: StoreKind.available)
    func progressAttendanceAndReportsFollowCommitsAndHeartbeats(_ kind: StoreKind) async throws {
        try await Self.withStore(kind) { store in
            let (course, _) = try await store.register(Self.course())
            let ana = try await store.createLearner(name: "Ana", email: nil, tokenHash: "t1")
            let bo = try await store.createLearner(name: "Bo", email: nil, tokenHash: "t2")
            let cy = try await store.createLearner(name: "Cy", email: nil, tokenHash: "t3")
            for learner in [ana, bo, cy] { _ = try await store.enroll(learnerId: learner.id, courseId: "c") }
            let day = 20_000 * 86_400.0
            // Ana: S1 completed with 90 (mastery 80: passed), S2 completed; two sessions on two days.
            _ = try await store.commit([Self.request(ana.id, course, id: "a1", seq: 1, at: day + 100, [
                "cmi.completion_status": "completed", "cmi.score.scaled": "0.9", "cmi.session_time": "PT2M",
                "cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false", "cmi.interactions.0.result": "correct"])])
            try await store.heartbeat(learnerId: ana.id, course: course, scoId: "S1", at: Date(timeIntervalSince1970: day + 160))
            _ = try await store.commit([Self.request(ana.id, course, sco: "S2", id: "a2", seq: 1, at: day + 86_400 + 10,
                                                     ["cmi.completion_status": "completed", "cmi.success_status": "passed"])])
            // A late batch from the first day, between the commit and the heartbeat: the time stays 60 s that day.
            _ = try await store.commit([Self.request(ana.id, course, id: "a3", seq: 2, at: day + 86_400 + 20,
                                                     ["cmi.location": "late"], clientTime: day + 130)])
            // Bo: started S1, failed.
            _ = try await store.commit([Self.request(bo.id, course, id: "b1", seq: 1, at: day + 200, [
                "cmi.completion_status": "completed", "cmi.score.scaled": "0.5",
                "cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false", "cmi.interactions.0.result": "incorrect"])])

            let progress = try await store.progress(learnerId: ana.id, course: course)
            #expect(progress.status == "completed" && progress.success == "passed" && progress.completedSCOs == 2)
            #expect(progress.scos.map(\.success) == ["passed", "passed"])
            #expect(progress.scos[0].score == 90 && progress.scos[0].reportedSeconds == 120)
            #expect(progress.timeOnTaskSeconds == 60)
            #expect(progress.lastAccess == Date(timeIntervalSince1970: day + 86_400 + 10))
            let boProgress = try await store.progress(learnerId: bo.id, course: course)
            #expect(boProgress.status == "in-progress" && boProgress.success == "failed")
            let cyProgress = try await store.progress(learnerId: cy.id, course: course)
            #expect(cyProgress.status == "not-started" && cyProgress.scos.allSatisfy { $0.completion == "not attempted" })

            let attendance = try await store.attendance(learnerId: ana.id, course: course)
            #expect(attendance.days.map(\.date) == ["2024-10-04", "2024-10-05"])
            #expect(attendance.days.map(\.seconds) == [60, 0] && attendance.totalSeconds == 60)
            #expect(attendance.days[0].firstActivity == Date(timeIntervalSince1970: day + 100))
            #expect(attendance.days[0].lastActivity == Date(timeIntervalSince1970: day + 160))

            let report = try await store.reportSummary(course: course)
            #expect((report.enrolled, report.started, report.completed, report.passed) == (3, 2, 1, 1))
            #expect(report.funnel.map(\.started) == [2, 1] && report.funnel.map(\.completed) == [2, 1])
            #expect(report.funnel.map(\.passed) == [1, 1])
            #expect(report.questions.map { "\($0.scoId)/\($0.interactionId) \($0.correct)/\($0.answers)" } == ["S1/q1 1/2"])
            #expect(report.medianTimeOnTaskSeconds == 30)
            let firstPage = try await store.reportLines(course: course, after: nil, limit: 2)
            let rest = try await store.reportLines(course: course, after: firstPage.last?.learnerId, limit: 2)
            #expect((firstPage + rest).map(\.learnerId) == [ana.id, bo.id, cy.id].sorted())
            #expect((firstPage + rest).first { $0.learnerId == cy.id }?.status == "not-started")
        }
    }

    /// The same generated history on each backend gives the same answers, and SQLite's equal a recount
    /// (SummaryTests): so PostgreSQL's do too.
    @Test(arguments: [UInt64(11), 12, 13])
    func postgresAnswersWhatSQLiteAnswers(_ seed: UInt64) async throws {
        guard StoreKind.available.contains(.postgres) else { return }
        var answers: [[String]] = []
        for kind in [StoreKind.sqlite, .postgres] {
            let test = try await TestStore.make(kind)
            do {
                answers.append(try await History.play(seed: seed, on: test.store))
            } catch {
                await test.close()
                throw error
            }
            await test.close()
        }
        #expect(answers[0] == answers[1])
        #expect(answers[0].count > 20)
    }
}

/// A seeded history of commits, retries, late batches and heartbeats, and every answer the readers give after it.
enum History {
    static func play(seed: UInt64, on store: any Store) async throws -> [String] {
        var random = SummaryTests.Generator(state: seed)
        let (course, _) = try await store.register(StoreConformanceTests.course(scos: 3))
        var learners: [String] = []
        for index in 0..<4 {
            let learner = try await store.createLearner(name: "L\(index)", email: nil, tokenHash: "t\(index)")
            _ = try await store.enroll(learnerId: learner.id, courseId: "c")
            learners.append(learner.id)
        }
        var clock = 1_800_000_000.0
        var sent: [CommitRequest] = []
        var seqs: [String: Int] = [:]
        var interactions: [String: Int] = [:]
        var answers: [String] = []
        for step in 0..<150 {
            clock += step % 30 == 29 ? 20 * 3600 : Double(Int.random(in: 1...400, using: &random))
            let learner = learners.randomElement(using: &random)!
            let sco = course.scos.randomElement(using: &random)!.id
            let key = learner + sco
            switch Int.random(in: 0..<10, using: &random) {
            case 0...1:
                let late = Bool.random(using: &random) ? Double(Int.random(in: 0...3000, using: &random)) : 0
                try await store.heartbeat(learnerId: learner, course: course, scoId: sco, at: Date(timeIntervalSince1970: clock - late))
            case 2 where !sent.isEmpty:
                answers += try await store.commit([sent.randomElement(using: &random)!]).map(\.json)
            default:
                seqs[key, default: 0] += 1
                let values = SummaryTests.values("scorm2004", &random, interactionBase: interactions[key, default: 0])
                interactions[key, default: 0] += values.keys.filter { $0.hasSuffix(".id") }.count
                let late = Int.random(in: 0..<4, using: &random) == 0 ? Double(Int.random(in: 1...5000, using: &random)) : nil
                let request = StoreConformanceTests.request(learner, course, sco: sco, id: "b\(step)", seq: seqs[key]!,
                                                            at: clock, values, clientTime: late.map { clock - $0 })
                sent.append(request)
                answers += try await store.commit([request]).map(\.json)
            }
        }
        for learner in learners {
            let progress = try await store.progress(learnerId: learner, course: course)
            answers.append(String(decoding: try JSONBody.encoder.encode(progress), as: UTF8.self))
            let attendance = try await store.attendance(learnerId: learner, course: course)
            answers.append(attendance.days.map { "\($0.date) \(Int(($0.seconds * 1000).rounded())) \($0.firstActivity) \($0.lastActivity)" }
                .joined(separator: ";"))
            for sco in course.scos {
                let state = try await store.state(learnerId: learner, courseId: "c", version: course.version, scoId: sco.id)
                answers.append("\(state.attempt) \(state.seq) \(state.values.sorted { $0.key < $1.key }) \(state.reportedSeconds)")
            }
        }
        // Averages and medians to 1e-9: the two databases sum floats in their own ways.
        func rounded(_ value: Double?) -> String { value.map { String(($0 * 1e9).rounded() / 1e9) } ?? "-" }
        let report = try await store.reportSummary(course: course)
        answers.append("\(report.enrolled) \(report.started) \(report.completed) \(report.passed) \(rounded(report.averageScore)) "
                       + "\(rounded(report.medianScore)) \(rounded(report.medianTimeOnTaskSeconds))")
        answers.append(String(decoding: try JSONBody.encoder.encode(report.funnel), as: UTF8.self))
        answers.append(String(decoding: try JSONBody.encoder.encode(report.questions), as: UTF8.self))
        // Learner ids are random: lines are compared by name.
        let lines = try await store.reportLines(course: course, after: nil, limit: 100)
        answers += lines.map { "\($0.name) \($0.status) \($0.success) \(rounded($0.score)) \(rounded($0.timeOnTaskSeconds)) \(String(describing: $0.lastAccess))" }
            .sorted()
        return answers
    }
}
