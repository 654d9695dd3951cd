import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import LearnerServer
@testable import SCORMExport
@testable import SCORMPackage

/// What a careless or hostile client sends: every case answers a clear 4xx, loses nothing and leaves the server
/// serving. Each test here failed before its fix.
@Suite("Learner server: hostile and careless input")
struct ServerHardeningTests {
    static let course = "cafe-associatif"
    static let commitPath = "/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"

    static func commit(at: String, id: String = UUID().uuidString) -> String {
        #"{"id":"\#(id)","attempt":1,"seq":1,"values":{"cmi.location":"p1"},"at":"\#(at)"}"#
    }

    // MARK: Dates

    @Test func aCommitsDateIsReadStrictlyAndNamedWhenWrong() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.router) { client in
            let refused = [
                // 35 fractional digits crashed the whole process inside ICU.
                ("2026-12-07T10:00:00.00000000000000000000000000000000000Z", "at most 9 digits"),
                ("2026-02-30T10:00:00Z", "2026-02-30 does not exist"),
                ("2026-12-07T10:00:00+99:99", "offset +99:99 is out of range"),
                ("٢٠٢٦-12-07T10:00:00Z", "ASCII digits"),
            ]
            for (at, reason) in refused {
                let commit = try await client.request(.post, Self.commitPath, token: alice.token, json: Self.commit(at: at))
                #expect(commit.status == .badRequest, "\(at)")
                #expect(commit.errorMessage.hasPrefix("field 'at' is not a valid date: "), "\(commit.errorMessage)")
                #expect(commit.errorMessage.contains(reason), "\(commit.errorMessage)")
                let sync = try await client.request(.post, "/api/v1/me/sync", token: alice.token, json: """
                    {"batches":[{"courseId":"cafe-associatif","scoId":"SCO-accueil","id":"s1","attempt":1,"seq":1,
                    "values":{"cmi.location":"p1"},"at":"\(at)"}]}
                    """)
                #expect(sync.status == .badRequest, "\(at)")
                #expect(sync.errorMessage.hasPrefix("field 'batches[0].at' is not a valid date: "), "\(sync.errorMessage)")
            }
            let state = try await client.request(.get, "/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: alice.token)
            #expect(state.object["attempt"] as? Int == 0, "nothing refused was stored")

            // A valid date with an offset and milliseconds counts on its UTC day.
            let hourAgo = Date().addingTimeInterval(-3600)
            let local = InternetDate.string(from: hourAgo.addingTimeInterval(2 * 3600), fractionDigits: 3)
                .replacingOccurrences(of: "Z", with: "+02:00")
            let accepted = try await client.request(.post, Self.commitPath, token: alice.token, json: Self.commit(at: local))
            #expect(accepted.status == .ok, "\(accepted.text)")
            let attendance = try await client.request(.get, "/api/v1/me/courses/cafe-associatif/attendance", token: alice.token)
            let days = attendance.object["days"] as? [[String: Any]] ?? []
            #expect(days.first?["date"] as? String == InternetDate.dayString(from: hourAgo))
            let first = try InternetDate.parse(days.first?["firstActivity"] as? String ?? "")
            #expect(abs(first.timeIntervalSince(hourAgo)) < 1)
        }
    }

    // MARK: Request bodies on the wire

    static func requestHead(contentLength: Int? = nil, transferEncoding: String? = nil) -> HTTPRequestPart {
        var fields: HTTPFields = [:]
        if let contentLength { fields[.contentLength] = String(contentLength) }
        if let transferEncoding { fields[.transferEncoding] = transferEncoding }
        return .head(HTTPRequest(method: .post, scheme: nil, authority: "x", path: "/signin", headerFields: fields))
    }

    static func channel(_ limits: RequestBodyDeadline.Limits = .init()) throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: RequestBodyDeadline(limits: limits), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, loop)
    }

    static func answeredStatus(_ channel: EmbeddedChannel) throws -> HTTPResponse.Status? {
        guard case .head(let head) = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        return head.status
    }

    @Test func aTrickledBodyIsCutOffWith408() throws {
        let (channel, loop) = try Self.channel(.init(timeout: .seconds(30), minimumRate: 500))
        try channel.writeInbound(Self.requestHead(contentLength: 100_000))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "a")))
        // One byte every 20 s: the rate is far below 500 bytes a second.
        loop.advanceTime(by: .seconds(20))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "a")))
        loop.advanceTime(by: .seconds(9))
        #expect(channel.isActive, "within the first 30 s")
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        loop.advanceTime(by: .seconds(2))
        #expect(try Self.answeredStatus(channel) == .requestTimeout)
        #expect(!channel.isActive, "the connection is closed")
    }

    @Test func aSlowButSteadyBodyGoesThroughAndATooSlowOneDoesNot() throws {
        // 600 bytes a second stays ahead of the deadline (30 s + 1 s per 500 bytes) for ever.
        let (steady, steadyLoop) = try Self.channel(.init(timeout: .seconds(30), minimumRate: 500))
        try steady.writeInbound(Self.requestHead(contentLength: 600 * 300))
        for _ in 0..<300 {
            steadyLoop.advanceTime(by: .seconds(1))
            try steady.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0x61, count: 600)))
        }
        try steady.writeInbound(HTTPRequestPart.end(nil))
        steadyLoop.advanceTime(by: .seconds(3600))
        #expect(steady.isActive)
        #expect(try steady.readOutbound(as: HTTPResponsePart.self) == nil)

        // 400 bytes a second falls behind after 150 s.
        let (slow, slowLoop) = try Self.channel(.init(timeout: .seconds(30), minimumRate: 500))
        try slow.writeInbound(Self.requestHead(contentLength: 400 * 300))
        var cutAfter = 0
        for second in 1...300 {
            slowLoop.advanceTime(by: .seconds(1))
            guard slow.isActive else {
                cutAfter = second
                break
            }
            try slow.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0x61, count: 400)))
        }
        #expect((144...150).contains(cutAfter), "cut after \(cutAfter) s")
        #expect(try Self.answeredStatus(slow) == .requestTimeout)
    }

    @Test func anAnswerAlreadyStartedIsNotFollowedByA408() throws {
        let (channel, loop) = try Self.channel(.init(timeout: .seconds(5), minimumRate: 500))
        try channel.writeInbound(Self.requestHead(contentLength: 10_000))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .unauthorized)))
        #expect(try Self.answeredStatus(channel) == .unauthorized)
        loop.advanceTime(by: .seconds(6))
        #expect(!channel.isActive)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil, "no second answer")
    }

    @Test(arguments: [
        (Optional(300 << 20), String?.none, HTTPResponse.Status.contentTooLarge),
        (nil, "xchunked", .notImplemented),
        (nil, "identity, chunked", .notImplemented),
        (Optional(10), "chunked", .badRequest),
    ])
    func aRequestTheServerCannotReadIsRefusedAtItsHead(_ length: Int?, _ coding: String?, _ status: HTTPResponse.Status) throws {
        let (channel, loop) = try Self.channel(.init(maximumLength: 200 << 20))
        try channel.writeInbound(Self.requestHead(contentLength: length, transferEncoding: coding))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil, "the request never reaches the routes")
        #expect(try Self.answeredStatus(channel) == status)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(repeating: 0, count: 1000)))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil, "the rest of it is dropped")
        loop.advanceTime(by: RequestBodyDeadline.linger)
        #expect(!channel.isActive)
    }

    @Test func chunkedFramingStillWorks() throws {
        let (channel, _) = try Self.channel()
        try channel.writeInbound(Self.requestHead(transferEncoding: "Chunked"))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
    }

    @Test func onTheWireBadFramingAndSlowBodiesGet4xxAndCloseWithoutHurtingOthers() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse]) { $0.bodyTimeout = .seconds(1) }
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.live) { client in
            let port = try #require(client.port)
            let cases = [
                ("POST /api/v1/me/sync HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),
                ("POST /api/v1/me/sync HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),
                // The route reads the body, and the parser refuses a chunk size past 64 bits.
                ("POST /api/v1/me/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(alice.token)\r\n"
                 + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n", 400),
                ("POST /api/v1/courses HTTP/1.1\r\nHost: x\r\nContent-Type: application/zip\r\nContent-Length: 314572800\r\n\r\nPK", 413),
                // Headers, one byte of a 100,000-byte body, then nothing: cut after the 1 s body timeout.
                ("POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\na", 408),
            ]
            for (request, status) in cases {
                let connection = try RawConnection(port: port)
                connection.send(request)
                let (answer, closed) = connection.readUntilClosed()
                #expect(RawConnection.status(answer) == status, "\(request.prefix(60)): \(answer.prefix(80))")
                #expect(closed, "the server closed the connection")
            }
            #expect(try await client.request(.get, "/health").status == .ok, "others are served meanwhile")
        }
        #expect(portail.logs.errors.isEmpty, "\(portail.logs.errors)")
    }

    @Test func aClientThatGoesAwayMidBodyIsNotAnError() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port))
            connection.send("POST \(Self.commitPath) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(alice.token)\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":")
            shutdown(connection.socket, Int32(SHUT_RDWR))
            // The abort is logged at debug once the server sees it; wait for that line (bounded), not for a time.
            for _ in 0..<500 where !portail.logs.all.contains(where: { $0.contains("malformed request") }) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await client.request(.get, "/health").status == .ok)
        }
        #expect(portail.logs.all.contains { $0.contains(" debug ") && $0.contains("malformed request on POST") })
        #expect(portail.logs.errors.isEmpty, "\(portail.logs.errors)")
    }

    // MARK: Packages

    @Test(arguments: [
        ("a file and a folder of one name", [HostileZip.Entry(name: "x", data: Data("1".utf8)),
                                             HostileZip.Entry(name: "x/y", data: Data("2".utf8))], "'x' is both a file and a folder"),
        ("a folder entry with a file's name", [HostileZip.Entry(name: "x/", data: Data()),
                                               HostileZip.Entry(name: "x", data: Data("1".utf8))], "'x' is both a file and a folder"),
        ("a name over 255 bytes", [HostileZip.Entry(name: "a/" + String(repeating: "é", count: 128), data: Data("1".utf8))],
         "longer than 255 bytes"),
        ("a path over 4,096 bytes", [HostileZip.Entry(name: Array(repeating: String(repeating: "d", count: 200), count: 21)
            .joined(separator: "/"), data: Data("1".utf8))], "more than the limit of 1024"),
        ("an entry named .", [HostileZip.Entry(name: ".", data: Data("1".utf8))], "zip entry '.' has an unsafe name"),
        ("an entry named a/.", [HostileZip.Entry(name: "a/.", data: Data("1".utf8))], "zip entry 'a/.' has an unsafe name"),
    ])
    func aPackageThatCannotBeUnpackedIsRefusedAndLeavesNothingBehind(_ name: String, _ extra: [HostileZip.Entry],
                                                                       _ message: String) async throws {
        let portail = try await TestPortail()
        try await portail.test(.router) { client in
            let reply = try await client.request(.post, "/api/v1/courses", token: portail.adminToken,
                                                 body: ByteBuffer(data: HostileZip.package(extra)),
                                                 headers: [.contentType: "application/zip"])
            #expect(reply.status == .unprocessableContent, "\(name): \(reply.text)")
            #expect(reply.errorCode == "unsafe_package")
            #expect(reply.errorMessage.contains(message), "\(reply.errorMessage)")
        }
        let packages = portail.dataFolder.appendingPathComponent("packages")
        #expect(!FileManager.default.fileExists(atPath: packages.appendingPathComponent("tiers").path), "no empty package folder")
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: portail.dataFolder.appendingPathComponent("tmp").path)) ?? []
        #expect(temporary.isEmpty, "no upload or staging folder left: \(temporary)")
    }

    @Test func anUploadIsStreamedToDiskAndRefusedOnceItPassesTheLimit() async throws {
        let portail = try await TestPortail { $0.maximumPackageSize = 4096 }
        try await portail.test(.router) { client in
            let large = ByteBuffer(repeating: 0x50, count: 10_000)
            let reply = try await client.request(.post, "/api/v1/courses", token: portail.adminToken, body: large,
                                                 headers: [.contentType: "application/zip"])
            #expect(reply.status == .contentTooLarge)
            #expect(reply.errorCode == "body_too_large")
            let good = try await client.request(.post, "/api/v1/courses", token: portail.adminToken,
                                                body: ByteBuffer(data: HostileZip.package()), headers: [.contentType: "application/zip"])
            #expect(good.status == .created, "\(good.text)")
        }
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: portail.dataFolder.appendingPathComponent("tmp").path)) ?? []
        #expect(temporary.isEmpty, "\(temporary)")
    }

    @Test func anArchiveIsReadFromItsFileAndStreamedEntryByEntry() throws {
        // Deflated and stored entries, one larger than the reader's chunk, read from a file through ZipArchive.
        let big = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 1000) })
        let zip = try ZipWriter.archive([.init(path: "big.bin", data: big), .init(path: "small.txt", data: Data("petit".utf8))])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zip-\(UUID()).zip")
        try zip.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let archive = try ZipArchive(try ZipFileSource(path: file.path))
        #expect(archive.members.map(\.path) == ["big.bin", "small.txt"])
        let target = file.deletingPathExtension().appendingPathExtension("out")
        defer { try? FileManager.default.removeItem(at: target) }
        try archive.extract(archive.members[0], to: target.path)
        #expect(try Data(contentsOf: target) == big)
        #expect(try archive.data(of: archive.members[1]) == Data("petit".utf8))
        // A lying size is caught while streaming, whatever the chunking.
        let lying = HostileZip.build([.init(name: "lie.bin", data: big, declaredSize: 100_000, deflate: true)])
        let lyingArchive = try ZipArchive(ZipMemorySource(lying))
        #expect(throws: ZipReader.Failure.sizeMismatch("lie.bin")) { try lyingArchive.data(of: lyingArchive.members[0]) }
    }

    // MARK: The database file

    @Test func writesAreRefusedOnceTheDatabaseFileIsDeleted() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.router) { client in
            let before = try await client.request(.post, Self.commitPath, token: alice.token,
                                                  json: Self.commit(at: InternetDate.string(from: Date())))
            #expect(before.status == .ok)
            try FileManager.default.removeItem(atPath: portail.configuration.database)
            let commit = try await client.request(.post, Self.commitPath, token: alice.token,
                                                  json: Self.commit(at: InternetDate.string(from: Date())))
            #expect(commit.status == .serviceUnavailable)
            #expect(commit.headers[.retryAfter] != nil)
            let learner = try await client.request(.post, "/api/v1/learners", token: portail.adminToken, json: #"{"name":"Bob"}"#)
            #expect(learner.status == .serviceUnavailable, "\(learner.text)")
            let heartbeat = try await client.request(.post, "/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/heartbeat",
                                                     token: alice.token)
            #expect(heartbeat.status == .serviceUnavailable)
        }
        let critical = portail.logs.all.filter { $0.contains(" critical ") }
        #expect(critical.count == 1, "one loud line, not one per request: \(critical)")
        #expect(critical.first?.contains("was deleted or replaced") == true)
    }

    @Test func theServerRefusesToStartOnAMissingDatabaseBesidePackagesUnlessToldInit() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-guard-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("p-data")
        let database = folder.appendingPathComponent("p.sqlite").path
        try FileManager.default.createDirectory(at: data.appendingPathComponent("packages/tiers/0123"),
                                                withIntermediateDirectories: true)
        #expect(throws: PortailServer.StartupError.self) {
            try DatabaseGuard.checkNotReplaced(database: database, dataFolder: data, initialize: false)
        }
        FileManager.default.createFile(atPath: database, contents: Data())
        #expect(throws: PortailServer.StartupError.self, "an empty file is no database either") {
            try DatabaseGuard.checkNotReplaced(database: database, dataFolder: data, initialize: false)
        }
        try DatabaseGuard.checkNotReplaced(database: database, dataFolder: data, initialize: true)
        let server = PortailServer(configuration: .init(port: 0, database: database, coursesFolder: nil, dataFolder: data.path),
                                   logger: LogCapture().logger)
        await #expect(throws: PortailServer.StartupError.self) { try await server.run() }
        #expect((try? Data(contentsOf: URL(fileURLWithPath: database)))?.isEmpty == true, "nothing was created")
    }

    @Test func aSecondServerOnTheSameSQLiteFileRefusesToStart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-lock-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        let configuration = PortailServer.Configuration(port: 0, database: database, coursesFolder: nil)
        let ready = AsyncStream<String>.makeStream()
        let first = Task {
            try await PortailServer(configuration: configuration, logger: LogCapture().logger).run(onReady: { ready.continuation.yield($0) })
        }
        for await line in ready.stream where line.hasPrefix("http") { break }
        do {
            try await PortailServer(configuration: configuration, logger: LogCapture().logger).run()
            Issue.record("the second server started")
        } catch let error as PortailServer.StartupError {
            #expect(error.description.contains("another portail serve is already using the database"))
        }
        first.cancel()
        _ = await first.result
        // Once the first has stopped, the file is free again.
        let lock = try DatabaseGuard.lock(database: database)
        withExtendedLifetime(lock) {}
    }

    // MARK: Smaller things

    @Test func headIsAnsweredLikeGetWithoutTheBody() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.router) { client in
            let get = try await client.request(.get, "/health")
            let head = try await client.request(.head, "/health")
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == get.headers[.contentLength])
            #expect(head.body.readableBytes == 0)
            #expect(try await client.request(.head, "/").status == .ok)
            #expect(try await client.request(.head, "/api/v1/me/courses", token: alice.token).status == .ok)
            #expect(try await client.request(.head, "/api/v1/me/courses").status == .unauthorized)
        }
    }

    @Test func signInLinksAreBuiltOnThePublicURLNeverOnTheHostHeader() async throws {
        let configured = try await TestPortail { $0.publicURL = "https://portail.example.org/" }
        let bob = try await configured.learner("Bob")
        try await configured.test(.router) { client in
            let reply = try await client.request(.post, "/api/v1/learners/\(bob.id)/signin-links", token: configured.adminToken,
                                                 headers: [HTTPField.Name("Host")!: "evil.example"])
            #expect(reply.status == .created)
            #expect((reply.object["url"] as? String)?.hasPrefix("https://portail.example.org/signin/link_") == true, "\(reply.text)")
        }
        let listening = try await TestPortail()
        let carla = try await listening.learner("Carla")
        try await listening.test(.live) { client in
            let reply = try await client.request(.post, "/api/v1/learners/\(carla.id)/signin-links", token: listening.adminToken,
                                                 headers: [HTTPField.Name("Host")!: "evil.example"])
            let url = reply.object["url"] as? String ?? ""
            #expect(url.hasPrefix("http://127.0.0.1:\(try #require(client.port))/signin/"), "\(url)")
        }
        #expect(SiteAddress.origin(of: "https://Portail.Example.org:443/") == "https://portail.example.org")
        #expect(SiteAddress.origin(of: "http://[::1]:8080") == "http://[::1]:8080")
        for refused in ["portail.example.org", "ftp://x", "https://x/portail", "https://u:p@x", "https://x?a=1", "https://"] {
            #expect(SiteAddress.origin(of: refused) == nil, "\(refused)")
        }
    }

    @Test func signInAndSignOutRefuseCrossSiteForms() async throws {
        let portail = try await TestPortail { $0.publicURL = "http://portail.test" }
        let alice = try await portail.learner("Alice")
        try await portail.test(.router) { client in
            let form = ByteBuffer(string: "token=\(alice.token)")
            let formType: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for refused: HTTPFields in [[.origin: "https://evil.example"], [.secFetchSite: "cross-site"],
                                        [.secFetchSite: "same-site", .origin: "http://portail.test"], [.origin: "null"]] {
                let reply = try await client.request(.post, "/signin", body: form, headers: merged(formType, refused))
                #expect(reply.status == .forbidden, "\(refused)")
                #expect(reply.headers[.setCookie] == nil)
            }
            for accepted: HTTPFields in [[.origin: "http://portail.test"], [.secFetchSite: "same-origin"], [:]] {
                let reply = try await client.request(.post, "/signin", body: form, headers: merged(formType, accepted))
                #expect(reply.status == .seeOther, "\(accepted)")
            }
            let signin = try await client.request(.post, "/signin", body: form, headers: formType)
            let cookie = try #require(signin.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let crossSite = try await client.request(.post, "/signout", headers: [.cookie: cookie, .origin: "https://evil.example"])
            #expect(crossSite.status == .forbidden)
            #expect(try await client.request(.get, "/api/v1/me", headers: [.cookie: cookie]).status == .ok, "still signed in")
            let signout = try await client.request(.post, "/signout", headers: [.cookie: cookie, .secFetchSite: "same-origin"])
            #expect(signout.status == .seeOther)
            #expect(try await client.request(.get, "/api/v1/me", headers: [.cookie: cookie]).status == .unauthorized)
        }
    }

    @Test func pagesContentAndAPICarrySecurityHeaders() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        try await portail.test(.router) { client in
            let page = try await client.request(.get, "/")
            let policy = page.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(policy)")
            #expect(page.headers[.xFrameOptions] == "DENY")
            #expect(page.headers[.referrerPolicy] == "no-referrer")
            #expect(page.headers[.xContentTypeOptions] == "nosniff")

            let version = try #require(try await portail.store.courseVersion(courseId: Self.course, version: nil))
            let content = try await client.request(.get, "/content/\(Self.course)/\(version.version)/\(version.scos[0].href)",
                                                   token: portail.adminToken)
            #expect(content.status == .ok)
            #expect(content.headers[.xFrameOptions] == "SAMEORIGIN", "the player frames package pages")
            #expect(content.headers[.contentSecurityPolicy] == "frame-ancestors 'self'")

            let api = try await client.request(.get, "/health")
            #expect(api.headers[.contentSecurityPolicy] == "default-src 'none'; frame-ancestors 'none'")
            #expect(api.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func badRequestsAreExplainedInTheAPIsWords() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.router) { client in
            let cases: [(String, String, String, String)] = [
                ("/api/v1/learners", portail.adminToken, "[1]", "the body must be an object"),
                ("/api/v1/learners", portail.adminToken, #"{"name":5}"#, "field 'name' must be a string"),
                ("/api/v1/learners", portail.adminToken, #"{"name":null}"#, "field 'name' must not be null"),
                ("/api/v1/learners", portail.adminToken, #"{}"#, "missing field 'name'"),
                ("/api/v1/learners", portail.adminToken, #"{"name":"#, "the body is not valid JSON"),
                ("/api/v1/me/sync", alice.token, #"{"batches":{}}"#, "field 'batches' must be an array"),
                ("/api/v1/me/sync", alice.token, #"{"batches":[{"courseId":"c","scoId":"s","id":"i","attempt":1.5,"seq":1,"values":{}}]}"#,
                 "field 'batches[0].attempt'"),
                (Self.commitPath, alice.token, #"{"id":"i","attempt":1,"seq":1,"values":{"cmi.location":7}}"#,
                 "field 'values.cmi.location' must be a string"),
            ]
            for (path, token, body, message) in cases {
                let reply = try await client.request(.post, path, token: token, json: body)
                #expect(reply.status == .badRequest, "\(body)")
                #expect(reply.errorMessage.contains(message), "\(body): \(reply.errorMessage)")
                for swiftWords in ["Dictionary", "Expected to decode", "Swift", "Int", "debugDescription", "CodingKeys"] {
                    #expect(!reply.errorMessage.contains(swiftWords), "\(body): \(reply.errorMessage)")
                }
            }
        }
    }

    @Test func unknownFormatsAreRefused() async throws {
        let portail = try await TestPortail(courses: [TestPortail.sampleCourse])
        let alice = try await portail.learner("Alice", enrolledIn: Self.course)
        try await portail.test(.router) { client in
            for (path, token) in [("/api/v1/reports/courses/cafe-associatif", portail.adminToken),
                                  ("/api/v1/me/courses/cafe-associatif/attendance", alice.token),
                                  ("/api/v1/learners/\(alice.id)/attendance?courseId=cafe-associatif", portail.adminToken)] {
                let separator = path.contains("?") ? "&" : "?"
                let refused = try await client.request(.get, path + separator + "format=AAA", token: token)
                #expect(refused.status == .badRequest, "\(path)")
                #expect(refused.errorMessage.contains("'format' must be json or csv"))
                let csv = try await client.request(.get, path + separator + "format=csv", token: token)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                let json = try await client.request(.get, path + separator + "format=json", token: token)
                #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }
}

func merged(_ first: HTTPFields, _ second: HTTPFields) -> HTTPFields {
    var fields = first
    fields.append(contentsOf: second)
    return fields
}
