import Foundation
import Testing
@testable import LearnerServer

@Suite("Learner server: restarts and crashes", .serialized)
struct ServerDurabilityTests {
    @Test func theWriterRunsWithSynchronousFull() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-sync-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("p.sqlite").path)
        #expect(try store.synchronousLevel() == 2)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aRestartKeepsEverythingAndAGeneratedAdminTokenIsShownOnce() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start(useAdminToken: false)
        let line = try #require(server.stdout.split(separator: "\n").first { $0.hasPrefix("Admin token (shown once, keep it): ") })
        let admin = String(line.dropFirst("Admin token (shown once, keep it): ".count))
        let created = try await server.request("POST", "api/v1/learners", token: admin, json: ["name": "Inès"])
        let learnerId = try #require(created.object["id"] as? String)
        let token = try #require(created.object["token"] as? String)
        _ = try await server.request("POST", "api/v1/courses/cafe-associatif/enrollments", token: admin, json: ["learnerId": learnerId])
        _ = try await server.commit(token, course: "cafe-associatif", sco: "SCO-animer", seq: 1, values: ["cmi.location": "quiz"])
        server.stop()

        try await server.start(useAdminToken: false)
        defer { server.stop() }
        #expect(!server.stdout.contains("Admin token"), "the token is printed only when it is generated")
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-animer/state", token: token)
        #expect((state.object["values"] as? [String: String])?["cmi.location"] == "quiz")
        let courses = try await server.request("GET", "api/v1/courses", token: admin)
        #expect(courses.array.map { $0["version"] as? Int } == [1], "an unchanged course keeps its version")
    }

    @Test func aChangedCourseBecomesANewVersionAndProgressStaysWithItsVersion() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        let learner = try await server.createLearner("Jules")
        try await server.enroll(learner.id, in: "cafe-associatif")
        _ = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 1, values: ["cmi.location": "lieu"])
        server.stop()
        let lesson = server.coursesFolder.appendingPathComponent("sample-course/01-accueil/02-lieu.md")
        try Data((try String(contentsOf: lesson, encoding: .utf8) + "\nUn paragraphe ajouté.\n").utf8).write(to: lesson)
        try await server.start()
        defer { server.stop() }
        let versions = try await server.request("GET", "api/v1/courses/cafe-associatif/versions", token: server.adminToken)
        #expect(versions.array.map { $0["version"] as? Int } == [1, 2])
        let mine = try await server.request("GET", "api/v1/me/courses", token: learner.token)
        #expect(mine.array.first?["version"] as? Int == 1)
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        #expect((state.object["values"] as? [String: String])?["cmi.location"] == "lieu")
        let newcomer = try await server.createLearner("Karim")
        try await server.enroll(newcomer.id, in: "cafe-associatif")
        let theirs = try await server.request("GET", "api/v1/me/courses", token: newcomer.token)
        #expect(theirs.array.first?["version"] as? Int == 2)
    }

    /// SIGKILL in the middle of a stream of commits: every commit that was acknowledged must be there.
    @Test func everyAcknowledgedCommitSurvivesSIGKILL() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        var learners: [(id: String, token: String)] = []
        for index in 0..<4 {
            let learner = try await server.createLearner("Crash \(index)")
            try await server.enroll(learner.id, in: "cafe-associatif")
            learners.append(learner)
        }
        let acknowledged = AcknowledgedCommits()
        let writers = learners.enumerated().map { index, learner in
            Task {
                for seq in 1...10_000 {
                    do {
                        let reply = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil",
                                                            id: "\(index)-\(seq)", seq: seq,
                                                            values: ["cmi.suspend_data": "\(index)-\(seq)"])
                        guard reply.status == 200 else { return }
                        await acknowledged.add(learner: learner.id, seq: seq)
                    } catch {
                        return
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1500))
        server.stop(kill: true)
        for writer in writers { await writer.value }
        let acked = await acknowledged.highest
        #expect(acked.values.reduce(0, +) > 20, "the stream was running when the server died")

        let store = try SQLiteStore(path: server.database.path)
        #expect(try store.integrityCheck() == "ok")
        for learner in learners {
            let state = try await store.state(learnerId: learner.id, courseId: "cafe-associatif", version: 1, scoId: "SCO-accueil")
            let highest = acked[learner.id] ?? 0
            #expect(state.seq >= highest, "acknowledged seq \(highest) of \(learner.id) is durable")
            if highest > 0, let stored = state.values["cmi.suspend_data"], let seq = Int(stored.split(separator: "-")[1]) {
                #expect(seq >= highest)
            }
        }
    }
}

extension ServerDurabilityTests {
    /// SIGTERM during a stream of commits: the server finishes what it accepted, exits 0, and loses nothing.
    @Test func aGracefulStopFinishesInFlightCommits() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        let learner = try await server.createLearner("Lina")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let acknowledged = AcknowledgedCommits()
        let writers = (0..<4).map { lane in
            Task {
                for step in 0..<5_000 {
                    let seq = step * 4 + lane + 1
                    do {
                        let reply = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-animer",
                                                            id: "g-\(seq)", seq: seq, values: ["cmi.location": "p\(seq)"])
                        guard reply.status == 200 else { return }
                        await acknowledged.add(learner: learner.id, seq: seq)
                    } catch {
                        return
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(1000))
        server.stop()
        for writer in writers { await writer.value }
        #expect(server.process?.terminationStatus == 0)
        let highest = await acknowledged.highest[learner.id] ?? 0
        #expect(highest > 10)
        let store = try SQLiteStore(path: server.database.path)
        let state = try await store.state(learnerId: learner.id, courseId: "cafe-associatif", version: 1, scoId: "SCO-animer")
        #expect(state.seq >= highest)
        #expect(try store.integrityCheck() == "ok")
    }
}

actor AcknowledgedCommits {
    private(set) var highest: [String: Int] = [:]
    func add(learner: String, seq: Int) { highest[learner] = max(highest[learner] ?? 0, seq) }
}
