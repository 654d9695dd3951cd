import Foundation
import Glibc
import Testing
@testable import LearnerServer
import CourseModel

@Suite("Learner server: authorization and hostile packages", .serialized)
struct ServerSecurityTests {
    @Test func theBearerSchemeIsReadOnBytes() {
        #expect(AuthMiddleware.bearerToken("Bearer abc") == "abc")
        #expect(AuthMiddleware.bearerToken("bEaReR \t abc-_9 \t") == "abc-_9")
        #expect(AuthMiddleware.bearerToken("Bearer ") == "")
        for refused in ["Basic abc", "Bearer", "Bearerabc", "Bearer\u{0}abc", "Bearer\tabc", "Beare\u{0} abc", "Bëarer abc", ""] {
            #expect(AuthMiddleware.bearerToken(refused) == nil, "\(refused)")
        }
    }

    @Test func theAuthorizationMatrix() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        defer { server.stop() }
        let alice = try await server.createLearner("Alice")
        let bob = try await server.createLearner("Bob")
        try await server.enroll(alice.id, in: "cafe-associatif")
        _ = try await server.commit(alice.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 1,
                                    values: ["cmi.location": "secret-d-alice"])

        // No token, a bad token, a malformed header.
        for token in [nil, "not-a-token"] as [String?] {
            for (method, path) in [("GET", "api/v1/learners"), ("GET", "api/v1/me/courses"), ("POST", "api/v1/me/sync")] {
                let reply = try await server.request(method, path, token: token, json: method == "POST" ? ["batches": []] : nil)
                #expect(reply.status == 401, "\(method) \(path) with \(token ?? "no token")")
                #expect(reply.errorCode == "unauthorized")
            }
        }
        // A learner on admin routes, the admin on learner routes.
        for (method, path) in [("GET", "api/v1/learners"), ("GET", "api/v1/courses"), ("POST", "api/v1/learners"),
                               ("GET", "api/v1/reports/courses/cafe-associatif"), ("POST", "api/v1/courses")] {
            let reply = try await server.request(method, path, token: alice.token, json: method == "POST" ? ["name": "x"] : nil)
            #expect(reply.status == 403, "\(method) \(path)")
        }
        #expect(try await server.request("GET", "api/v1/me/courses", token: server.adminToken).status == 403)

        // Bob reaches only his own data: Alice's course is not his, and nothing of hers shows through.
        let bobState = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: bob.token)
        #expect(bobState.status == 404)
        let bobWrite = try await server.commit(bob.token, course: "cafe-associatif", sco: "SCO-accueil", seq: 9,
                                               values: ["cmi.location": "bob"])
        #expect(bobWrite.status == 404)
        try await server.enroll(bob.id, in: "cafe-associatif")
        let bobOwn = try await server.request("GET", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/state", token: bob.token)
        #expect(bobOwn.object["attempt"] as? Int == 0)
        #expect(!bobOwn.text.contains("secret-d-alice"))

        // Revoked tokens stop working at once; a new one can be issued.
        let revoke = try await server.request("DELETE", "api/v1/learners/\(alice.id)/tokens", token: server.adminToken)
        #expect(revoke.status == 204)
        #expect(try await server.request("GET", "api/v1/me", token: alice.token).status == 401)
        let reissued = try await server.request("POST", "api/v1/learners/\(alice.id)/tokens", token: server.adminToken)
        let newToken = try #require(reissued.object["token"] as? String)
        let me = try await server.request("GET", "api/v1/me", token: newToken)
        #expect(me.status == 200)
        #expect(me.object["name"] as? String == "Alice")
        // Learner listings never carry tokens or hashes.
        let list = try await server.request("GET", "api/v1/learners", token: server.adminToken)
        #expect(!list.text.contains(newToken) && !list.text.contains("hash"))
    }

    struct Hostile: CustomTestStringConvertible, Sendable {
        let name: String
        let code: String
        let fragment: String
        let zip: @Sendable () -> Data
        var testDescription: String { name }
    }

    static let hostile: [Hostile] = [
        Hostile(name: "zip-slip", code: "unsafe_package", fragment: "would escape the package folder") {
            HostileZip.package([.init(name: "../../evil.sh", data: Data("x".utf8))])
        },
        Hostile(name: "absolute path", code: "unsafe_package", fragment: "has an absolute path") {
            HostileZip.package([.init(name: "/etc/cron.d/evil", data: Data("x".utf8))])
        },
        Hostile(name: "symbolic link", code: "unsafe_package", fragment: "is a symbolic link") {
            HostileZip.package([.init(name: "link", data: Data("/etc/passwd".utf8), mode: 0o120777)])
        },
        Hostile(name: "encrypted entry", code: "unsafe_package", fragment: "is encrypted") {
            HostileZip.package([.init(name: "secret.txt", data: Data("x".utf8), encrypted: true)])
        },
        Hostile(name: "too many entries", code: "unsafe_package", fragment: "more than the limit of 10000") {
            HostileZip.package((0..<10_001).map { .init(name: "f\($0).txt", data: Data()) })
        },
        Hostile(name: "entry declared too large", code: "unsafe_package", fragment: "more than the limit of") {
            HostileZip.package([.init(name: "big.bin", data: Data("x".utf8), declaredSize: 300 << 20)])
        },
        Hostile(name: "zip bomb ratio", code: "unsafe_package", fragment: "a zip bomb?") {
            HostileZip.package([.init(name: "zeros.bin", data: Data(count: 4 << 20), deflate: true)])
        },
        Hostile(name: "lying size header", code: "unsafe_package", fragment: "does not have the size its header declares") {
            HostileZip.package([.init(name: "lie.bin", data: Data(count: 1000), declaredSize: 10, deflate: true)])
        },
        Hostile(name: "not a zip", code: "unsafe_package", fragment: "not a zip archive") {
            Data("Just text pretending to be a zip archive, long enough to be checked by the reader".utf8)
        },
        Hostile(name: "entity bomb manifest", code: "invalid_manifest", fragment: "declares a DTD or entities") {
            HostileZip.package(manifest: """
                <?xml version="1.0"?>
                <!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <manifest identifier="m"><title>&b;</title></manifest>
                """)
        },
        Hostile(name: "external entity manifest", code: "invalid_manifest", fragment: "declares a DTD or entities") {
            HostileZip.package(manifest: "<?xml version=\"1.0\"?><!DOCTYPE m SYSTEM \"http://127.0.0.1:1/x.dtd\"><manifest/>")
        },
        Hostile(name: "no manifest", code: "invalid_package", fragment: "no imsmanifest.xml at its root") {
            HostileZip.build([.init(name: "index.html", data: Data("x".utf8))])
        },
        Hostile(name: "launch file missing", code: "invalid_package", fragment: "which is not in the zip") {
            HostileZip.build([.init(name: "imsmanifest.xml", data: Data(HostileZip.manifest12.utf8))])
        },
        Hostile(name: "encoded slash in the launch path", code: "invalid_package", fragment: "holds an encoded '/'") {
            HostileZip.package([.init(name: "a/b.html", data: Data("x".utf8))],
                               manifest: HostileZip.manifest12.replacingOccurrences(of: "href=\"index.html\"", with: "href=\"a%2Fb.html\""))
        },
        Hostile(name: "launched resource without href", code: "invalid_manifest", fragment: "which has no href to launch") {
            HostileZip.package(manifest: HostileZip.manifest12.replacingOccurrences(of: " href=\"index.html\"", with: ""))
        },
    ]

    @Test("hostile packages are refused with a clear error", arguments: hostile)
    func hostilePackagesAreRefused(_ test: Hostile) async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let reply = try await server.request("POST", "api/v1/courses", token: server.adminToken, body: test.zip(),
                                             contentType: "application/zip")
        #expect(reply.status == 422, "\(reply.text)")
        #expect(reply.errorCode == test.code)
        let message = (reply.object["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains(test.fragment), "\(message)")
        let courses = try await server.request("GET", "api/v1/courses", token: server.adminToken)
        #expect(courses.array.isEmpty, "nothing was registered")
        let escaped = server.folder.deletingLastPathComponent().appendingPathComponent("evil.sh")
        #expect(!FileManager.default.fileExists(atPath: escaped.path))
    }

    @Test func aThirdPartyPackageIsImportedAndPlayable() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let upload = try await server.request("POST", "api/v1/courses", token: server.adminToken, body: HostileZip.package(),
                                              contentType: "application/zip")
        #expect(upload.status == 201, "\(upload.text)")
        #expect(upload.object["id"] as? String == "tiers")
        #expect(upload.object["standard"] as? String == "scorm12")
        #expect((upload.object["scos"] as? [[String: Any]])?.first?["id"] as? String == "ITEM1")
        let again = try await server.request("POST", "api/v1/courses", token: server.adminToken, body: HostileZip.package(),
                                             contentType: "application/zip")
        #expect(again.status == 200)
        #expect(again.object["version"] as? Int == 1, "the same package is not a new version")
        let wrongType = try await server.request("POST", "api/v1/courses", token: server.adminToken, json: ["x": 1])
        #expect(wrongType.status == 415)

        let learner = try await server.createLearner("Hugo")
        try await server.enroll(learner.id, in: "tiers")
        let reply = try await server.commit(learner.token, course: "tiers", sco: "ITEM1", seq: 1, values: [
            "cmi.core.lesson_status": "completed", "cmi.core.score.raw": "85", "cmi.core.session_time": "0000:01:30.00",
            "cmi.core.lesson_location": "p2", "cmi.core.student_id": "hacker", "cmi.core.exit": "later",
        ])
        let errors = try #require(reply.object["errors"] as? [[String: Any]])
        let codes = Dictionary(uniqueKeysWithValues: errors.map { ($0["element"] as! String, $0["code"] as! Int) })
        #expect(codes == ["cmi.core.student_id": 403, "cmi.core.exit": 405])
        let progress = try await server.request("GET", "api/v1/me/courses/tiers/progress", token: learner.token)
        let sco = try #require((progress.object["scos"] as? [[String: Any]])?.first)
        #expect(sco["completion"] as? String == "completed")
        #expect(sco["success"] as? String == "passed", "mastery score 80 decides for a completed SCO scoring 85")
        #expect(sco["reportedSeconds"] as? Double == 90)
        let state = try await server.request("GET", "api/v1/me/courses/tiers/scos/ITEM1/state", token: learner.token)
        #expect((state.object["values"] as? [String: String])?["cmi.core.total_time"] == "0000:01:30.00")
    }

    @Test func aSCOWhoseIdIsNotASCIIIsReachedThroughItsEscapedPath() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let manifest = HostileZip.manifest12.replacingOccurrences(of: "ITEM1", with: "SCO-été")
        let upload = try await server.request("POST", "api/v1/courses", token: server.adminToken,
                                              body: HostileZip.package(manifest: manifest), contentType: "application/zip")
        #expect((upload.object["scos"] as? [[String: Any]])?.first?["id"] as? String == "SCO-été")
        let learner = try await server.createLearner("Inès")
        try await server.enroll(learner.id, in: "tiers")
        // What the player sends: encodeURIComponent of the id.
        let escaped = "SCO-%C3%A9t%C3%A9"
        let commit = try await server.commit(learner.token, course: "tiers", sco: escaped, seq: 1,
                                             values: ["cmi.core.lesson_location": "p3"])
        #expect(commit.status == 200, "\(commit.text)")
        let state = try await server.request("GET", "api/v1/me/courses/tiers/scos/\(escaped)/state", token: learner.token)
        #expect((state.object["values"] as? [String: String])?["cmi.core.lesson_location"] == "p3")
        let heartbeat = try await server.request("POST", "api/v1/me/courses/tiers/scos/\(escaped)/heartbeat", token: learner.token)
        #expect(heartbeat.status == 204)
        let broken = try await server.request("GET", "api/v1/me/courses/tiers/scos/SCO-%C3/state", token: learner.token)
        #expect(broken.status == 404, "an escape that does not decode names nothing")
    }

    @Test func aHalfSentRequestIsDroppedAfterTheIdleTimeout() async throws {
        let server = try ServerProcess()
        try await server.start(arguments: ["--idle-timeout", "1"])
        defer { server.stop() }
        let port = try #require(server.baseURL?.port)
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        // A request line, then silence: a link that dropped mid-request.
        let partial = Array("GET /health HTTP/1.1\r\n".utf8)
        #expect(send(socket, partial, partial.count, 0) == partial.count)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let started = Date()
        var byte: UInt8 = 0
        let read = recv(socket, &byte, 1, 0)
        #expect(read == 0, "the server closed the connection (recv gave \(read))")
        #expect(Date().timeIntervalSince(started) < 8, "within a few seconds of the 1 s timeout")
        #expect(try await server.request("GET", "health").status == 200, "other clients are served meanwhile")
    }

    @Test func aPackageMadeOnMacOSIsServedWhicheverUnicodeFormIsAskedFor() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let nfc = "le\u{E7}on/d\u{E9}but.html", nfd = "lec\u{327}on/de\u{301}but.html"
        // macOS writes the entry's name in NFD; the manifest says it in NFC.
        let manifest = HostileZip.manifest12.replacingOccurrences(of: "href=\"index.html\"", with: "href=\"\(nfc)\"")
        let zip = HostileZip.build([.init(name: "imsmanifest.xml", data: Data(manifest.utf8)),
                                    .init(name: nfd, data: Data("<html>SCO</html>".utf8))])
        let upload = try await server.request("POST", "api/v1/courses", token: server.adminToken, body: zip,
                                              contentType: "application/zip")
        #expect(upload.status == 201, "\(upload.text)")
        for name in [nfc, nfd] {
            let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let file = try await server.request("GET", "content/tiers/1/\(escaped)", token: server.adminToken)
            #expect(file.status == 200 && file.text == "<html>SCO</html>", "\(escaped)")
        }
    }

    @Test func courseIDsFoldTheManifestIdentifierThenTheTitleThenAHash() {
        #expect(PackageImporter.courseID(from: "MANIFEST-cafe-associatif", title: "x") == "cafe-associatif")
        #expect(PackageImporter.courseID(from: "Mon Cours Été", title: "x") == "mon-cours-ete")
        #expect(PackageImporter.courseID(from: "课程包", title: "Café du village") == "cafe-du-village")
        let hashed = PackageImporter.courseID(from: "课程包", title: "课程")
        #expect(hashed.hasPrefix("course-") && hashed.count == 15 && Identifier.isValid(hashed), "\(hashed)")
    }
}
