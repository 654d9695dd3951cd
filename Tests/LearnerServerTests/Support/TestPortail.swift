import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import LearnerServer
@testable import portail

/// The server's application in process, on a temporary SQLite file and data folder, built by the same function
/// `portail serve` uses: `.router` sends requests straight to the router, `.live` runs it on a loopback port
/// when the connection itself is under test.
final class TestPortail: @unchecked Sendable {
    static let sampleCourse = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sample-course")

    let folder: URL
    let store: SQLiteStore
    let importer: PackageImporter
    let site: SiteAddress
    let configuration: PortailServer.Configuration
    let adminToken = "ptladm_test-\(UUID().uuidString)"
    let logs = LogCapture()

    init(courses: [URL] = [], configure: (inout PortailServer.Configuration) -> Void = { _ in }) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-test-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = PortailServer.Configuration(host: "127.0.0.1", port: 0,
                                                        database: folder.appendingPathComponent("p.sqlite").path,
                                                        coursesFolder: nil)
        configure(&configuration)
        self.configuration = configuration
        store = try SQLiteStore(path: configuration.database, logger: logs.logger)
        importer = PackageImporter(store: store, dataFolder: URL(fileURLWithPath: configuration.dataFolder))
        site = SiteAddress(publicURL: configuration.publicURL)
        try await store.setAdminTokenHash(Tokens.hash(adminToken))
        let registry = CourseRegistry(importer: importer, logger: logs.logger)
        for course in courses {
            let registered = await registry.register(course)
            guard registered.version != nil else { throw TestFailure("course \(course.lastPathComponent): \(registered.problems)") }
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    var dataFolder: URL { URL(fileURLWithPath: configuration.dataFolder) }

    func test<Value: Sendable>(_ setup: TestingSetup = .router,
                               _ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let site = self.site
        let app = try PortailServer.application(configuration: configuration, store: store, importer: importer, site: site,
                                                logger: logs.logger) { channel in
            site.listening(host: "127.0.0.1", port: channel.localAddress?.port ?? 0)
        }
        return try await app.test(setup, body)
    }

    /// A learner with a token, enrolled in `course` when given.
    func learner(_ name: String, enrolledIn course: String? = nil) async throws -> (id: String, token: String) {
        let token = Tokens.generate(prefix: "ptl")
        let learner = try await store.createLearner(name: name, email: nil, tokenHash: Tokens.hash(token))
        if let course { _ = try await store.enroll(learnerId: learner.id, courseId: course) }
        return (learner.id, token)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Log lines kept for assertions.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var logger: Logger {
        var logger = Logger(label: "portail-test") { [self] label in
            ServerLogHandler(label: label, logLevel: .debug) { line in self.lock.withLock { self.lines.append(line) } }
        }
        logger.logLevel = .debug
        return logger
    }

    var all: [String] { lock.withLock { lines } }

    /// Lines at error level or above.
    var errors: [String] { all.filter { $0.contains(" error ") || $0.contains(" critical ") } }
}

extension TestClientProtocol {
    func request(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
                 body: ByteBuffer? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var payload = body
        if let json {
            fields[.contentType] = "application/json"
            payload = ByteBuffer(string: json)
        }
        return try await executeRequest(uri: uri, method: method, headers: fields, body: payload)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
}
