import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `portail serve` process on a random loopback port with a temporary SQLite file.
final class ServerProcess: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("portail")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return repository.appendingPathComponent(".build/debug/portail")
    }

    let folder: URL
    let database: URL
    /// `--db`: the SQLite file, or a PostgreSQL URL.
    let databaseArgument: String
    let coursesFolder: URL
    let adminToken: String
    private(set) var process: Process?
    private(set) var baseURL: URL?
    private var output = Data()
    private let lock = NSLock()

    /// `courses`: fixture course folders copied into the served Courses folder.
    init(courses: [URL] = [], adminToken: String = "admin-\(UUID().uuidString)", postgres: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-server-\(UUID())")
        coursesFolder = folder.appendingPathComponent("Courses")
        try FileManager.default.createDirectory(at: coursesFolder, withIntermediateDirectories: true)
        for course in courses {
            try FileManager.default.copyItem(at: course, to: coursesFolder.appendingPathComponent(course.lastPathComponent))
        }
        database = folder.appendingPathComponent("portail.sqlite")
        databaseArgument = postgres ?? database.path
        self.adminToken = adminToken
    }

    deinit {
        process?.terminate()
        try? FileManager.default.removeItem(at: folder)
    }

    var stdout: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    func start(environment extra: [String: String] = [:], useAdminToken: Bool = true, arguments: [String] = []) async throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0", "--db", databaseArgument, "--courses", coursesFolder.path,
                             "--data", folder.appendingPathComponent("data").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PORTAIL_ADMIN_TOKEN"] = useAdminToken ? adminToken : nil
        environment["LOG_LEVEL"] = "warning"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        lock.withLock { output = Data() }
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output.append(data) }
        }
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.hasPrefix("Portail is serving on ") }) {
                baseURL = URL(string: String(line.dropFirst("Portail is serving on ".count)))
                return
            }
            guard process.isRunning else { throw ServerError.exited(process.terminationStatus, stdout) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerError.timeout(stdout)
    }

    /// SIGTERM (graceful) or SIGKILL, then wait for the process to end.
    func stop(kill: Bool = false) {
        guard let process, process.isRunning else { return }
        if kill { Foundation.kill(process.processIdentifier, SIGKILL) } else { process.terminate() }
        process.waitUntilExit()
    }

    enum ServerError: Error {
        case exited(Int32, String)
        case timeout(String)
    }

    struct Reply {
        let status: Int
        let data: Data
        let headers: [String: String]

        var json: Any? { try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: data, as: UTF8.self) }
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                 contentType: String? = nil, cookie: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        // The path is sent as written, percent-escapes included, so that hostile paths really reach the server.
        var request = URLRequest(url: URL(string: baseURL!.absoluteString + "/" + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        // Redirects are answers to check, not to follow.
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, data: data, headers: headers)
    }

    private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    // MARK: Helpers for the common flow

    func createLearner(_ name: String) async throws -> (id: String, token: String) {
        let reply = try await request("POST", "api/v1/learners", token: adminToken, json: ["name": name])
        guard reply.status == 201, let id = reply.object["id"] as? String, let token = reply.object["token"] as? String else {
            throw ServerError.exited(-1, "create learner failed: \(reply.status) \(reply.text)")
        }
        return (id, token)
    }

    func enroll(_ learnerId: String, in course: String) async throws {
        let reply = try await request("POST", "api/v1/courses/\(course)/enrollments", token: adminToken,
                                      json: ["learnerId": learnerId])
        guard reply.status == 201 || reply.status == 200 else {
            throw ServerError.exited(-1, "enroll failed: \(reply.status) \(reply.text)")
        }
    }

    func commit(_ token: String, course: String, sco: String, id: String = UUID().uuidString, attempt: Int = 1,
                seq: Int, values: [String: String]) async throws -> Reply {
        try await request("POST", "api/v1/me/courses/\(course)/scos/\(sco)/commits", token: token,
                          json: ["id": id, "attempt": attempt, "seq": seq, "values": values])
    }
}
