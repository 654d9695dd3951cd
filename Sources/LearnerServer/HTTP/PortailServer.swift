import Foundation
import Hummingbird
import Logging
import SCORMExport

/// The learner server: storage, course registry and HTTP API, assembled.
public struct PortailServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var database: String
        public var coursesFolder: String?
        public var dataFolder: String
        public var maximumPackageSize: Int
        /// A connection that sends nothing for this long while a request is being read, or between requests, is
        /// closed: half-sent requests from dropped links would otherwise hold their socket for ever.
        public var idleTimeout: Duration

        public init(host: String = "127.0.0.1", port: Int = 8080, database: String = "portail.sqlite",
                    coursesFolder: String? = "Courses", dataFolder: String? = nil, maximumPackageSize: Int = 200 << 20,
                    idleTimeout: Duration = .seconds(60)) {
            self.host = host
            self.port = port
            self.database = database
            self.coursesFolder = coursesFolder
            self.dataFolder = dataFolder ?? (database as NSString).deletingPathExtension + "-data"
            self.maximumPackageSize = maximumPackageSize
            self.idleTimeout = idleTimeout
        }
    }

    public let configuration: Configuration
    public let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the store, sets up the admin token (printing it when generated), registers the course folders,
    /// then serves until SIGINT/SIGTERM; in-flight requests finish before the process exits.
    public func run(onReady: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let store = try SQLiteProgressStore(path: configuration.database)
        let dataFolder = URL(fileURLWithPath: configuration.dataFolder)
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let adminNotice = try await AdminToken.setUp(store: store, environment: ProcessInfo.processInfo.environment)

        let importer = PackageImporter(store: store, dataFolder: dataFolder)
        if let courses = configuration.coursesFolder {
            let registry = CourseRegistry(importer: importer, logger: logger)
            _ = await registry.registerAll(in: URL(fileURLWithPath: courses))
        }

        let router = try Self.router(store: store, importer: importer, dataFolder: dataFolder,
                                 maximumPackageSize: configuration.maximumPackageSize)
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout / .milliseconds(1))))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Portail"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                onReady("http://\(configuration.host):\(port)")
                if let adminNotice { onReady(adminNotice) }
            },
            logger: logger)
        try await app.runService()
    }

    public static func router(store: any ProgressStore, importer: PackageImporter, dataFolder: URL, maximumPackageSize: Int)
        throws -> Router<PortailRequestContext> {
        let router = Router(context: PortailRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("health") { _, _ in try JSONBody.response(["status": "ok"]) }
        router.add(middleware: AuthMiddleware(store: store))
        let api = router.group("api/v1")
        AdminRoutes(store: store, importer: importer, maximumPackageSize: maximumPackageSize).add(to: api)
        LearnerRoutes(store: store).add(to: api)
        SessionRoutes(store: store).add(api: api, router: router)
        ContentRoutes(store: store, dataFolder: dataFolder).add(to: router)
        try PageRoutes(store: store).add(to: router)
        return router
    }
}

/// The admin token comes from `PORTAIL_ADMIN_TOKEN`, or is generated once, stored hashed and printed once.
enum AdminToken {
    /// A line to print, when a token was generated.
    static func setUp(store: any ProgressStore, environment: [String: String]) async throws -> String? {
        if let token = environment["PORTAIL_ADMIN_TOKEN"], !token.isEmpty {
            try await store.setAdminTokenHash(Tokens.hash(token))
            return nil
        }
        if try await store.adminTokenHash() != nil { return nil }
        let token = Tokens.generate(prefix: "ptladm")
        try await store.setAdminTokenHash(Tokens.hash(token))
        return "Admin token (shown once, keep it): \(token)"
    }
}
