import Foundation
import Glibc
import Logging
import Testing
@testable import LearnerServer

/// Several real `portail serve` processes on one PostgreSQL database behave as one server (docs/storage.md), and a
/// PostgreSQL restart under a stream of commits loses nothing acknowledged.
@Suite("PostgreSQL: several processes, restarts, migration", .enabled(if: StoreKind.available.contains(.postgres)))
struct PostgresProcessTests {
    static func commitBody(_ id: String, seq: Int, location: String) -> [String: Any] {
        ["id": id, "attempt": 1, "seq": seq, "values": ["cmi.location": location, "cmi.session_time": "PT1S"]]
    }

    /// Polls a condition, failing after a bound meant for a broken test, not a measured delay.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw TestFailure("the condition never held") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func twoProcessesOnOneDatabaseBehaveAsOne() async throws {
        let admin = try #require(StoreKind.postgresURL)
        let url = try await PostgresDatabases.create(from: admin)
        let token = "admin-\(UUID().uuidString)"
        let a = try ServerProcess(courses: [ServerFlowTests.sample], adminToken: token, postgres: url)
        let b = try ServerProcess(courses: [ServerFlowTests.sample], adminToken: token, postgres: url)
        // Started together: the migrations and the course registration happen once.
        async let startA: Void = a.start()
        async let startB: Void = b.start()
        _ = try await (startA, startB)
        defer {
            a.stop()
            b.stop()
        }
        let coursesA = try await a.request("GET", "api/v1/courses", token: token)
        let coursesB = try await b.request("GET", "api/v1/courses", token: token)
        #expect(coursesA.array.map { $0["version"] as? Int } == [1] && coursesB.text == coursesA.text)

        let learner = try await a.createLearner("Ana")
        try await b.enroll(learner.id, in: "cafe-associatif")
        #expect(try await b.request("GET", "api/v1/me/courses", token: learner.token).array.count == 1)

        // The same batch to both processes at the same moment: applied once, the same answer from both.
        let path = "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"
        async let fromA = a.request("POST", path, token: learner.token, json: Self.commitBody("same", seq: 1, location: "p1"))
        async let fromB = b.request("POST", path, token: learner.token, json: Self.commitBody("same", seq: 1, location: "p1"))
        let (replyA, replyB) = try await (fromA, fromB)
        #expect(replyA.status == 200 && replyB.status == 200)
        #expect(replyA.text == replyB.text)
        let state = try await b.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: learner.token)
        #expect((state.object["values"] as? [String: String])?["cmi.total_time"] == "PT1S", "its session time counted once")

        // A sign-in link made through A opens a session through B, which A knows too.
        let link = try await a.request("POST", "api/v1/learners/\(learner.id)/signin-links", token: token)
        let code = try #require((link.object["url"] as? String)?.components(separatedBy: "/signin/").last)
        let opened = try await b.request("GET", "signin/\(code)")
        #expect(opened.status == 303)
        let cookie = try #require(opened.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        #expect(try await a.request("GET", "api/v1/me", cookie: cookie).object["id"] as? String == learner.id)
        #expect(try await a.request("GET", "signin/\(code)").status == 404, "used once, whichever process")

        // A package uploaded through A plays through B, which has never seen its files.
        let upload = try await a.request("POST", "api/v1/courses", token: token, body: HostileZip.package(),
                                          contentType: "application/zip")
        #expect(upload.status == 201, "\(upload.text)")
        let file = try await b.request("GET", "content/tiers/1/index.html", token: token)
        #expect(file.status == 200 && file.text == "<html><body>SCO</body></html>", "\(file.status) \(file.text)")

        // SIGKILL of A in the middle of a stream of commits: every commit that got a 2xx is there through B.
        let acknowledged = AcknowledgedLog()
        let stream = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<8 {
                    group.addTask {
                        for index in 0..<200 {
                            let id = "k\(client)-\(index)"
                            guard let reply = try? await a.request("POST", path, token: learner.token,
                                                                   json: Self.commitBody(id, seq: 10 + index, location: id)) else {
                                return
                            }
                            if reply.status == 200 { acknowledged.add(id, reply.text) }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await Self.waitUntil { acknowledged.count >= 100 }
        a.stop(kill: true)
        _ = await stream.result
        let kept = acknowledged.all
        #expect(kept.count >= 100)
        for (id, answer) in kept {
            // Sent again to B, an acknowledged batch is known: the stored answer comes back.
            let again = try await b.request("POST", path, token: learner.token, json: Self.commitBody(id, seq: 1, location: "x"))
            #expect(again.text == answer, "\(id) was acknowledged by A and must be stored")
        }
        try? await PostgresDatabases.drop(url, from: admin)
    }

    @Test func aPostgreSQLRestartUnderCommitsLosesNothingAndServiceComesBack() async throws {
        // A cluster of its own: the other tests keep theirs while this one restarts.
        let cluster = try PostgresCluster.start()
        defer { cluster.stop() }
        let token = "admin-\(UUID().uuidString)"
        let server = try ServerProcess(courses: [ServerFlowTests.sample], adminToken: token, postgres: cluster.url)
        try await server.start()
        defer { server.stop() }
        let learner = try await server.createLearner("Ana")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let path = "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"
        let acknowledged = AcknowledgedLog()
        let refused = AcknowledgedLog()
        let stream = Task { () -> Bool in
            var countAtRestart: Int?
            // Bounded in time: the pool backs off between connection attempts (up to a minute after long outages).
            let deadline = ContinuousClock.now + .seconds(180)
            var index = 0
            while ContinuousClock.now < deadline {
                index += 1
                let id = "r\(index)"
                guard let reply = try? await server.request("POST", path, token: learner.token,
                                                            json: Self.commitBody(id, seq: index, location: id)) else { continue }
                if reply.status == 200 {
                    acknowledged.add(id, reply.text)
                } else {
                    refused.add(id, "\(reply.status) \(reply.headers["retry-after"] ?? "-")")
                    // As a client told to retry later would: not a hot loop.
                    try? await Task.sleep(for: .milliseconds(20))
                }
                if cluster.restarted, countAtRestart == nil { countAtRestart = acknowledged.count }
                if let countAtRestart, acknowledged.count >= countAtRestart + 50 { return true }
            }
            return false
        }
        try await Self.waitUntil { acknowledged.count >= 50 }
        try cluster.restart()
        #expect(await stream.value, "commits were acknowledged again after the restart, without restarting Portail")
        #expect(refused.all.allSatisfy { $0.1.hasPrefix("503 ") && !$0.1.hasSuffix(" -") }, "refusals are 503 with Retry-After: \(refused.all.prefix(3))")
        let health = try await server.request("GET", "health")
        #expect(health.status == 200 && health.object["status"] as? String == "ok")
        for (id, answer) in acknowledged.all {
            let again = try await server.request("POST", path, token: learner.token, json: Self.commitBody(id, seq: 1, location: "x"))
            #expect(again.text == answer, "\(id) was acknowledged and must be stored")
        }
    }

    @Test func anSQLiteInstallationMovesToPostgreSQLWithEverythingInIt() async throws {
        let admin = try #require(StoreKind.postgresURL)
        // An SQLite installation with a course, learners, commits and heartbeats.
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let ana = try await portail.learner("Ana", enrolledIn: "cafe-associatif")
        let bo = try await portail.learner("Bo", enrolledIn: "cafe-associatif")
        let version = try #require(try await portail.store.courseVersion(courseId: "cafe-associatif", version: nil))
        for (index, learner) in [ana, bo].enumerated() {
            for seq in 1...5 {
                _ = try await portail.store.commit([CommitRequest(
                    learnerId: learner.id, course: version, scoId: "SCO-accueil", cmiVersion: .scorm2004,
                    batch: CommitBatch(id: "m\(seq)", attempt: 1, seq: seq, values: [
                        "cmi.location": "p\(seq)", "cmi.completion_status": seq == 5 && index == 0 ? "completed" : "incomplete"]),
                    receivedAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(seq * 60)))])
            }
            try await portail.store.heartbeat(learnerId: learner.id, course: version, scoId: "SCO-accueil",
                                              at: Date(timeIntervalSince1970: 1_800_000_400))
        }
        let url = try await PostgresDatabases.create(from: admin)
        let location = try #require(try PostgresLocation.parse(url))
        let counts = try await DatabaseCopy.copy(sqlitePath: portail.configuration.database, dataFolder: portail.dataFolder,
                                                 to: location, logger: TestStore.logger)
        #expect(counts.allSatisfy { $0.source == $0.target })
        #expect(counts.first { $0.table == "commit_receipts" }?.target == 10)
        let postgres = try await PostgresStore(location: location, logger: TestStore.logger)
        for learner in [ana, bo] {
            let before = try await portail.store.progress(learnerId: learner.id, course: version)
            #expect(try await postgres.progress(learnerId: learner.id, course: version) == before)
            #expect(try await postgres.attendance(learnerId: learner.id, course: version).days
                    == (try await portail.store.attendance(learnerId: learner.id, course: version).days))
            #expect(try await postgres.learner(tokenHash: Tokens.hash(learner.token))?.id == learner.id, "tokens still work")
        }
        // A fresh process with an empty data folder serves the package from the database.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-fresh-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let packages = PackageFolders(importer: PackageImporter(store: postgres, dataFolder: folder))
        let unpacked = try await packages.folder(of: version)
        #expect(FileManager.default.fileExists(atPath: unpacked.appendingPathComponent(version.scos[0].href).path))
        // Migrating again into the same database is refused: it is no longer empty.
        await #expect(throws: DatabaseCopy.Failure.self) {
            try await DatabaseCopy.copy(sqlitePath: portail.configuration.database, dataFolder: portail.dataFolder,
                                        to: location, logger: TestStore.logger)
        }
        await postgres.shutdown()
        try? await PostgresDatabases.drop(url, from: admin)
    }
}

/// Thread-safe record of acknowledged answers.
final class AcknowledgedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, String)] = []
    func add(_ id: String, _ answer: String) { lock.withLock { entries.append((id, answer)) } }
    var count: Int { lock.withLock { entries.count } }
    var all: [(String, String)] { lock.withLock { entries } }
}

/// A PostgreSQL cluster of a test's own (Tests/Support/postgres.sh), for restarting it.
final class PostgresCluster: @unchecked Sendable {
    let url: String
    let data: String
    private let lock = NSLock()
    private var didRestart = false
    var restarted: Bool { lock.withLock { didRestart } }

    static let script = ServerProcess.repository.appendingPathComponent("Tests/Support/postgres.sh").path

    private init(url: String, data: String) {
        self.url = url
        self.data = data
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        // Into a file, not a pipe: the server the script starts may inherit the pipe and keep it open for ever.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("postgres-sh-\(UUID())")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("postgres.sh \(arguments) failed") }
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    static func start() throws -> PostgresCluster {
        let exports = try run(["start"])
        func value(_ name: String) -> String? {
            exports.split(separator: "\n").first { $0.hasPrefix("export \(name)=") }.map { String($0.dropFirst("export \(name)=".count)) }
        }
        return PostgresCluster(url: try #require(value("PORTAIL_TEST_POSTGRES_URL")), data: try #require(value("PORTAIL_TEST_POSTGRES_DATA")))
    }

    func restart() throws {
        _ = try Self.run(["restart", data])
        lock.withLock { didRestart = true }
    }

    func stop() {
        _ = try? Self.run(["stop", data])
    }
}
