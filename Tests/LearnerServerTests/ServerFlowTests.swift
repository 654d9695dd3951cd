import Foundation
import Testing

/// The real server, over HTTP on loopback, with a temporary SQLite file.
@Suite("Learner server over HTTP", .serialized)
struct ServerFlowTests {
    static let sample = ServerProcess.repository.appendingPathComponent("Tests/Fixtures/sample-course")

    func startedServer() async throws -> ServerProcess {
        let server = try ServerProcess(courses: [Self.sample])
        try await server.start()
        return server
    }

    @Test func healthAndErrorFormat() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let health = try await server.request("GET", "health")
        #expect(health.status == 200)
        #expect(health.object["status"] as? String == "ok")
        let missing = try await server.request("GET", "api/v1/nothing-here", token: server.adminToken)
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        #expect((missing.object["error"] as? [String: Any])?["message"] is String)
    }

    @Test func theWholeLearnerFlow() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let courses = try await server.request("GET", "api/v1/courses", token: server.adminToken)
        #expect(courses.status == 200)
        let course = try #require(courses.array.first)
        #expect(course["id"] as? String == "cafe-associatif")
        #expect(course["version"] as? Int == 1)
        #expect(course["standard"] as? String == "scorm2004")
        #expect((course["scos"] as? [[String: Any]])?.map { $0["id"] as? String } == ["SCO-accueil", "SCO-animer"])

        let alice = try await server.createLearner("Alice")
        try await server.enroll(alice.id, in: "cafe-associatif")
        let mine = try await server.request("GET", "api/v1/me/courses", token: alice.token)
        #expect(mine.status == 200)
        #expect(mine.array.count == 1)
        #expect((mine.array.first?["progress"] as? [String: Any])?["status"] as? String == "not-started")

        let empty = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: alice.token)
        #expect(empty.status == 200)
        #expect(empty.object["attempt"] as? Int == 0)

        let first = try await server.commit(alice.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 1, values: [
            "cmi.completion_status": "incomplete", "cmi.location": "lieu", "cmi.suspend_data": "1|3|-0|",
            "cmi.exit": "suspend", "cmi.session_time": "PT2M30S",
        ])
        #expect(first.status == 200)
        #expect(first.object["applied"] as? Bool == true)
        #expect((first.object["errors"] as? [Any])?.isEmpty == true)

        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: alice.token)
        #expect(state.object["attempt"] as? Int == 1)
        #expect(state.object["seq"] as? Int == 1)
        let values = try #require(state.object["values"] as? [String: String])
        #expect(values["cmi.location"] == "lieu")
        #expect(values["cmi.suspend_data"] == "1|3|-0|")
        #expect(values["cmi.total_time"] == "PT2M30S", "the server keeps total time from the session times")

        let second = try await server.commit(alice.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 2, values: [
            "cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.8",
            "cmi.score.raw": "80", "cmi.score.min": "0", "cmi.score.max": "100",
            "cmi.interactions.0.id": "accueil-premier-geste", "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.learner_response": "a", "cmi.interactions.0.result": "correct",
            "cmi.interactions.1.id": "accueil-benevoles", "cmi.interactions.1.type": "true-false",
            "cmi.interactions.1.learner_response": "false", "cmi.interactions.1.result": "incorrect",
            "cmi.session_time": "PT1M",
        ])
        #expect(second.object["applied"] as? Bool == true)
        #expect((second.object["errors"] as? [Any])?.isEmpty == true, "\(second.text)")

        let progress = try await server.request("GET", "api/v1/me/courses/cafe-associatif/progress", token: alice.token)
        #expect(progress.status == 200)
        #expect(progress.object["status"] as? String == "in-progress")
        #expect(progress.object["completedSCOs"] as? Int == 1)
        let scos = try #require(progress.object["scos"] as? [[String: Any]])
        #expect(scos[0]["completion"] as? String == "completed")
        #expect(scos[0]["success"] as? String == "passed")
        #expect(scos[0]["score"] as? Double == 80)
        #expect(scos[0]["reportedSeconds"] as? Double == 210)
        #expect(scos[1]["completion"] as? String == "not attempted")

        let report = try await server.request("GET", "api/v1/reports/courses/cafe-associatif", token: server.adminToken)
        #expect(report.status == 200)
        #expect(report.object["enrolled"] as? Int == 1)
        #expect(report.object["started"] as? Int == 1)
        #expect(report.object["completed"] as? Int == 0)
        let questions = try #require(report.object["questions"] as? [[String: Any]])
        #expect(questions.map { $0["interactionId"] as? String } == ["accueil-benevoles", "accueil-premier-geste"])
        #expect(questions.map { $0["successRate"] as? Double } == [0, 1])
        let funnel = try #require(report.object["funnel"] as? [[String: Any]])
        #expect(funnel.map { $0["completed"] as? Int } == [1, 0])

        let csv = try await server.request("GET", "api/v1/reports/courses/cafe-associatif?format=csv", token: server.adminToken)
        #expect(csv.status == 200)
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.text.hasPrefix("kind,id,name,status,success,score,time_on_task_s,last_access\r\n"))
        #expect(csv.text.contains("\r\nlearner,\(alice.id),Alice,in-progress,unknown,80.0,"))

        let attendance = try await server.request("GET", "api/v1/me/courses/cafe-associatif/attendance?format=csv", token: alice.token)
        #expect(attendance.status == 200)
        #expect(attendance.text.hasPrefix("learner,course,date,first_activity,last_activity,minutes\r\nAlice,cafe-associatif,"))
    }

    @Test func aRetriedBatchIsAppliedOnceAndAnsweredTheSame() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Bob")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let batch = UUID().uuidString
        let values = ["cmi.session_time": "PT1M", "cmi.location": "bienvenue", "cmi.score.scaled": "3"]
        let first = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", id: batch, seq: 1, values: values)
        let retry = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", id: batch, seq: 1, values: values)
        #expect(first.status == 200 && retry.status == 200)
        #expect(first.text == retry.text)
        #expect((first.object["errors"] as? [[String: Any]])?.first?["code"] as? Int == 407)
        let progress = try await server.request("GET", "api/v1/me/courses/cafe-associatif/progress", token: learner.token)
        let scos = try #require(progress.object["scos"] as? [[String: Any]])
        #expect(scos[0]["reportedSeconds"] as? Double == 60, "the session time of a retried batch counts once")
    }

    @Test func anAbsurdSessionTimeIsCappedNotATrapOrAnInfinity() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Gus")
        try await server.enroll(learner.id, in: "cafe-associatif")
        // Valid timeintervals (their components are unbounded): 10^17 s, then a 308-digit count of seconds.
        for (seq, time) in [(1, "PT100000000000000000S"), (2, "PT" + String(repeating: "9", count: 308) + "S")] {
            let commit = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: seq,
                                                 values: ["cmi.session_time": time])
            #expect(commit.object["applied"] as? Bool == true)
        }
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        #expect(state.status == 200)
        #expect((state.object["values"] as? [String: String])?["cmi.total_time"] == "PT9999H")
        let progress = try await server.request("GET", "api/v1/me/courses/cafe-associatif/progress", token: learner.token)
        #expect(progress.status == 200)
        let scos = try #require(progress.object["scos"] as? [[String: Any]])
        #expect(scos.first { $0["id"] as? String == "SCO-accueil" }?["reportedSeconds"] as? Double == 35_996_400)
        #expect(try await server.request("GET", "health").status == 200, "the server is still there")
    }

    @Test func anOlderSequenceNeverOverwritesANewerOne() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Chloé")
        try await server.enroll(learner.id, in: "cafe-associatif")
        _ = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 5,
                                    values: ["cmi.location": "quiz", "cmi.completion_status": "completed"])
        // Device B was offline and sends an older batch afterwards.
        let late = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 3,
                                           values: ["cmi.location": "lieu", "cmi.suspend_data": "ancien"])
        #expect(late.object["applied"] as? Bool == true, "its element nobody newer set is still applied")
        let allStale = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 2,
                                               values: ["cmi.location": "bienvenue"])
        #expect(allStale.object["applied"] as? Bool == false)
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        let values = try #require(state.object["values"] as? [String: String])
        #expect(values["cmi.location"] == "quiz")
        #expect(values["cmi.completion_status"] == "completed")
        #expect(values["cmi.suspend_data"] == "ancien")
        #expect(state.object["seq"] as? Int == 5)
    }

    @Test func twoDevicesOnOneAttemptConverge() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Dana")
        try await server.enroll(learner.id, in: "cafe-associatif")
        // Interleaved arrivals from a phone (odd seq) and a laptop (even seq), some of them retried.
        let arrivals: [(Int, String)] = [(1, "bienvenue"), (2, "lieu"), (4, "quiz"), (3, "lieu"), (2, "lieu"), (6, "lieu"), (5, "quiz")]
        var ids: [Int: String] = [:]
        for (seq, page) in arrivals {
            let id = ids[seq] ?? UUID().uuidString
            ids[seq] = id
            let reply = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", id: id, seq: seq,
                                                values: ["cmi.location": page, "cmi.suspend_data": "seq\(seq)"])
            #expect(reply.status == 200)
        }
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        let values = try #require(state.object["values"] as? [String: String])
        #expect(values["cmi.location"] == "lieu")
        #expect(values["cmi.suspend_data"] == "seq6")
        #expect(state.object["seq"] as? Int == 6)
    }

    @Test func offlineSyncAppliesManyBatchesInOrder() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Élise")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let batches: [[String: Any]] = [
            ["courseId": "cafe-associatif", "scoId": "SCO-accueil", "id": "b1", "attempt": 1, "seq": 1,
             "values": ["cmi.location": "bienvenue"]],
            ["courseId": "cafe-associatif", "scoId": "SCO-animer", "id": "b2", "attempt": 1, "seq": 1,
             "values": ["cmi.location": "atelier", "cmi.exit": "bogus"]],
            ["courseId": "cafe-associatif", "scoId": "SCO-accueil", "id": "b3", "attempt": 1, "seq": 2,
             "values": ["cmi.location": "lieu"]],
            ["courseId": "autre-cours", "scoId": "x", "id": "b4", "attempt": 1, "seq": 1, "values": [:]],
        ]
        let reply = try await server.request("POST", "api/v1/me/sync", token: learner.token, json: ["batches": batches])
        #expect(reply.status == 200)
        let results = try #require(reply.object["results"] as? [[String: Any]])
        #expect(results.map { $0["id"] as? String } == ["b1", "b2", "b3", "b4"])
        #expect(results.map { $0["applied"] as? Bool } == [true, true, true, false])
        #expect(((results[1]["errors"] as? [[String: Any]])?.first)?["element"] as? String == "cmi.exit")
        #expect(results[3]["error"] as? String == "not enrolled in 'autre-cours'")
        let again = try await server.request("POST", "api/v1/me/sync", token: learner.token, json: ["batches": batches])
        #expect(again.text == reply.text, "a replayed outbox changes nothing and gets the same answers")
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        #expect((state.object["values"] as? [String: String])?["cmi.location"] == "lieu")
    }

    @Test func offlineWorkCountsWhenItWasDoneWithinBoundsAndAttendanceRoundsMinutesDown() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Jade")
        try await server.enroll(learner.id, in: "cafe-associatif")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.startOfDay(for: Date())
        let iso = ISO8601DateFormatter()
        func day(_ offset: Int) -> Date { calendar.date(byAdding: .day, value: offset, to: today)! }
        func date(_ day: Date) -> String { String(iso.string(from: day).prefix(10)) }
        // Two days ago 23:58, yesterday 00:02 (a gap across midnight), yesterday 10:00 and 10:01:30 (90 s after a
        // break), 40 days ago (counted 30 days ago) and tomorrow (counted on arrival).
        let times = [day(-1).addingTimeInterval(-120), day(-1).addingTimeInterval(120),
                     day(-1).addingTimeInterval(36_000), day(-1).addingTimeInterval(36_090),
                     day(-40), day(1)]
        let batches: [[String: Any]] = times.enumerated().map { index, time in
            ["courseId": "cafe-associatif", "scoId": "SCO-accueil", "id": "o\(index)", "attempt": 1, "seq": index + 1,
             "values": ["cmi.location": "p\(index)"], "at": iso.string(from: time)]
        }
        let sync = try await server.request("POST", "api/v1/me/sync", token: learner.token, json: ["batches": batches])
        #expect(sync.status == 200)
        let record = try await server.request("GET", "api/v1/me/courses/cafe-associatif/attendance", token: learner.token)
        let days = try #require(record.object["days"] as? [[String: Any]])
        let seconds = Dictionary(uniqueKeysWithValues: days.map { ($0["date"] as! String, $0["seconds"] as! Double) })
        #expect(seconds[date(day(-2))] == 0, "23:58 alone that day")
        #expect(seconds[date(day(-1))] == 330, "240 s across midnight, counted on the day that ends the gap, then 90 s")
        #expect(days.first?["date"] as? String == date(calendar.date(byAdding: .day, value: -30, to: Date())!),
                "40 days ago is believed only as far as 30")
        #expect(days.last?["date"] as? String == date(Date()), "a time in the future counts on arrival")
        #expect(record.object["totalSeconds"] as? Double == 330)
        let csv = try await server.request("GET", "api/v1/me/courses/cafe-associatif/attendance?format=csv", token: learner.token)
        let yesterday = try #require(csv.text.split(separator: "\r\n").first { $0.contains(",\(date(day(-1))),") })
        #expect(yesterday.hasSuffix(",5"), "330 s is 5 whole minutes, rounded down")
    }

    @Test func invalidValuesAreRejectedOneByOneWithTheStandardsCodes() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Farid")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let reply = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 1, values: [
            "cmi.location": "lieu",                       // valid
            "cmi.completion_status": "finished",          // vocabulary → 406
            "cmi.score.scaled": "1.5",                    // range → 407
            "cmi.total_time": "PT1H",                     // read-only → 404
            "cmi.session_time": "01:00:00",               // 1.2 format in 2004 → 406
            "cmi.interactions._count": "3",               // keyword → 404
            "cmi.interactions.2.id": "q",                 // index gap → 351
            "cmi.nonsense": "x",                          // undefined → 401
        ])
        #expect(reply.status == 200)
        #expect(reply.object["applied"] as? Bool == true)
        let errors = try #require(reply.object["errors"] as? [[String: Any]])
        let codes = Dictionary(uniqueKeysWithValues: errors.map { ($0["element"] as! String, $0["code"] as! Int) })
        #expect(codes["cmi.completion_status"] == 406)
        #expect(codes["cmi.score.scaled"] == 407)
        #expect(codes["cmi.total_time"] == 404)
        #expect(codes["cmi.session_time"] == 406)
        #expect(codes["cmi.interactions._count"] == 404)
        #expect(codes["cmi.interactions.2.id"] == 351)
        #expect(codes["cmi.nonsense"] == 401)
        #expect(codes["cmi.location"] == nil)
        let state = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        let values = try #require(state.object["values"] as? [String: String])
        #expect(values["cmi.location"] == "lieu")
        #expect(values["cmi.completion_status"] == nil)
    }

    @Test func badRequestsGetClearErrorsNeverA500() async throws {
        let server = try await startedServer()
        defer { server.stop() }
        let learner = try await server.createLearner("Gaël")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let path = "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"
        let notJSON = try await server.request("POST", path, token: learner.token, body: Data("{nope".utf8), contentType: "application/json")
        #expect(notJSON.status == 400)
        #expect(notJSON.errorCode == "bad_request")
        let missing = try await server.request("POST", path, token: learner.token, json: ["id": "x", "seq": 1, "values": [:]])
        #expect(missing.status == 400)
        #expect((missing.object["error"] as? [String: Any])?["message"] as? String == "missing field 'attempt'")
        let wrongType = try await server.request("POST", path, token: learner.token,
                                                 json: ["id": "x", "attempt": 1, "seq": 1, "values": ["cmi.location": 3]])
        #expect(wrongType.status == 400)
        let huge = try await server.request("POST", path, token: learner.token,
                                            json: ["id": "x", "attempt": 1, "seq": 1,
                                                   "values": ["cmi.suspend_data": String(repeating: "x", count: 300_000)]])
        #expect(huge.status == 413)
        #expect(huge.errorCode == "body_too_large")
        let unknownSCO = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-nope", seq: 1, values: [:])
        #expect(unknownSCO.status == 404)
        let badLearner = try await server.request("POST", "api/v1/learners", token: server.adminToken, json: ["name": "  "])
        #expect(badLearner.status == 400)
        let enrollNobody = try await server.request("POST", "api/v1/courses/cafe-associatif/enrollments",
                                                    token: server.adminToken, json: ["learnerId": "nobody"])
        #expect(enrollNobody.status == 404)
        let badAttempt = try await server.commit(learner.token, course: "cafe-associatif", sco: "SCO-accueil", attempt: 0, seq: 1, values: [:])
        #expect(badAttempt.status == 400)
    }
}
