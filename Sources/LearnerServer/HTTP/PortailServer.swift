import Foundation
import Hummingbird
import Logging
import NIOCore
import SCORMPackage
import Synchronization

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
        /// A request body must arrive within this time, extended by a second for every `minimumBodyRate` bytes.
        public var bodyTimeout: Duration
        public var minimumBodyRate: Int
        /// The origin learners reach the server at (`--public-url`); the listen address when nil.
        public var publicURL: String?
        /// Start on an empty database even though the data folder holds packages of an earlier one (`--init`).
        public var initialize: Bool

        public init(host: String = "127.0.0.1", port: Int = 8080, database: String = "portail.sqlite",
                    coursesFolder: String? = "Courses", dataFolder: String? = nil, maximumPackageSize: Int = 200 << 20,
                    idleTimeout: Duration = .seconds(60), bodyTimeout: Duration = .seconds(30), minimumBodyRate: Int = 500,
                    publicURL: String? = nil, initialize: Bool = false) {
            self.host = host
            self.port = port
            self.database = database
            self.coursesFolder = coursesFolder
            let isURL = database.lowercased().hasPrefix("postgres://") || database.lowercased().hasPrefix("postgresql://")
            self.dataFolder = dataFolder ?? (isURL ? "portail-data" : (database as NSString).deletingPathExtension + "-data")
            self.maximumPackageSize = maximumPackageSize
            self.idleTimeout = idleTimeout
            self.bodyTimeout = bodyTimeout
            self.minimumBodyRate = minimumBodyRate
            self.publicURL = publicURL
            self.initialize = initialize
        }
    }

    /// Why the server would not start, said so that an operator knows what to do.
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    public let configuration: Configuration
    public let logger: Logger

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens the store, sets up the admin token (printing it when generated), registers courses through
    /// `registerCourses` (the command line builds `Courses/` with the exporter; the server itself only imports
    /// packages), then serves until SIGINT/SIGTERM; in-flight requests finish before the process exits.
    public func run(registerCourses: @escaping @Sendable (PackageImporter) async -> Void = { _ in },
                    onReady: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        let dataFolder = URL(fileURLWithPath: configuration.dataFolder)
        let store: any Store
        var lock: DatabaseGuard.FileLock?
        var postgres: PostgresStore?
        if let location = try PostgresLocation.parse(configuration.database) {
            logger.info("storing in PostgreSQL at \(location.description)")
            postgres = try await PostgresStore(location: location, logger: logger)
            store = postgres!
        } else {
            try DatabaseGuard.checkNotReplaced(database: configuration.database, dataFolder: dataFolder,
                                               initialize: configuration.initialize)
            // Held until the process ends: a second server on the same file would keep its own caches and overwrite
            // the first one's newer values.
            lock = try DatabaseGuard.lock(database: configuration.database)
            store = try SQLiteStore(path: configuration.database, logger: logger)
        }
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let temporary = PackageImporter.temporaryFolder(in: dataFolder)
        try? FileManager.default.removeItem(at: temporary)
        let adminNotice = try await AdminToken.setUp(store: store, environment: ProcessInfo.processInfo.environment)

        let importer = PackageImporter(store: store, dataFolder: dataFolder)
        await registerCourses(importer)
        let site = SiteAddress(publicURL: configuration.publicURL)
        let app = try Self.application(configuration: configuration, store: store, importer: importer, site: site,
                                       logger: logger) { channel in
            let port = channel.localAddress?.port ?? configuration.port
            site.listening(host: configuration.host, port: port)
            onReady("http://\(configuration.host):\(port)")
            if let adminNotice { onReady(adminNotice) }
        }
        try await app.runService()
        await postgres?.shutdown()
        withExtendedLifetime(lock) {}
    }

    /// The HTTP application `run` serves; tests drive the same one in process.
    public static func application(configuration: Configuration, store: any Store, importer: PackageImporter,
                                   site: SiteAddress, logger: Logger,
                                   onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        throws -> some ApplicationProtocol {
        let router = try router(store: store, importer: importer, dataFolder: importer.dataFolder,
                                maximumPackageSize: configuration.maximumPackageSize, site: site)
        let limits = RequestBodyDeadline.Limits(timeout: TimeAmount(configuration.bodyTimeout),
                                                minimumRate: configuration.minimumBodyRate,
                                                maximumLength: configuration.maximumPackageSize)
        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestBodyDeadline(limits: limits)],
                                                idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Portail"),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    public static func router(store: any Store, importer: PackageImporter, dataFolder: URL, maximumPackageSize: Int,
                              site: SiteAddress) throws -> Router<PortailRequestContext> {
        // HEAD is answered like GET, without the body.
        let router = Router(context: PortailRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: ErrorMiddleware())
        let health = HealthCheck(store: store)
        router.get("health") { _, _ in
            guard let problem = await health.problem() else { return try JSONBody.response(["status": "ok"]) }
            var response = try JSONBody.response(["status": "degraded", "reason": problem], status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
        router.add(middleware: AuthMiddleware(store: store))
        let api = router.group("api/v1")
        AdminRoutes(store: store, importer: importer, maximumPackageSize: maximumPackageSize).add(to: api)
        LearnerRoutes(store: store).add(to: api)
        SessionRoutes(store: store, site: site).add(api: api, router: router)
        ContentRoutes(store: store, packages: PackageFolders(importer: importer)).add(to: router)
        try PageRoutes(store: store).add(to: router)
        return router
    }
}

/// The admin token comes from `PORTAIL_ADMIN_TOKEN`, or is generated once, stored hashed and printed once.
enum AdminToken {
    /// A line to print, when a token was generated.
    static func setUp(store: any Store, environment: [String: String]) async throws -> String? {
        if let token = environment["PORTAIL_ADMIN_TOKEN"], !token.isEmpty {
            try await store.setAdminTokenHash(Tokens.hash(token))
            return nil
        }
        if try await store.adminTokenHash() != nil { return nil }
        let token = Tokens.generate(prefix: "ptladm")
        // Only if none was set meanwhile: processes starting together on one database print one token that works.
        guard try await store.initializeAdminTokenHash(Tokens.hash(token)) else { return nil }
        return "Admin token (shown once, keep it): \(token)"
    }
}

/// What `/health` says: the store's state, checked at most once a second whatever the rate of checks, so that a
/// load balancer polling it costs the database nothing.
final class HealthCheck: Sendable {
    let store: any Store
    private let state = Mutex<(checked: ContinuousClock.Instant?, problem: String?, running: Bool)>((nil, nil, false))

    init(store: any Store) {
        self.store = store
    }

    func problem() async -> String? {
        let now = ContinuousClock.now
        let (stale, known) = state.withLock { state -> (Bool, String?) in
            let stale = !state.running && (state.checked.map { now - $0 > .seconds(1) } ?? true)
            if stale { state.running = true }
            return (stale, state.problem)
        }
        guard stale else { return known }
        let problem = await store.unavailability()
        state.withLock { $0 = (ContinuousClock.now, problem, false) }
        return problem
    }
}
