import ArgumentParser
import Foundation
import LearnerServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve courses to learners and keep their progress in SQLite or PostgreSQL.",
        discussion: """
        Builds every course folder under --courses and registers it (a changed course becomes a new version).
        The admin token comes from PORTAIL_ADMIN_TOKEN, or is generated at first start and printed once.
        Stops gracefully on SIGINT/SIGTERM.
        """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "The SQLite database file, or a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=…]) to run several servers on one database.")
    var db = "portail.sqlite"

    @Option(help: "Folder whose course folders are built and served (empty to serve none).")
    var courses = "Courses"

    @Option(help: "Folder for unpacked packages (default: next to the database).")
    var data: String?

    @Option(name: .customLong("max-upload-mb"), help: "Largest package upload, in MiB.")
    var maxUploadMB = 200

    @Option(name: .customLong("idle-timeout"), help: "Seconds a connection may stay silent before it is closed.")
    var idleTimeout = 60

    @Option(name: .customLong("body-timeout"),
            help: "Seconds a request body may take to arrive, plus one for every --min-body-rate bytes received.")
    var bodyTimeout = 30

    @Option(name: .customLong("min-body-rate"), help: "Slowest accepted request body, in bytes a second.")
    var minBodyRate = 500

    @Option(name: .customLong("public-url"),
            help: "The address learners reach the server at, e.g. https://portail.example.org (default: the listen address). Sign-in links are built on it.")
    var publicURL: String?

    @Flag(name: .customLong("init"),
          help: "Start on a new, empty database even though the data folder holds packages of an earlier one.")
    var initialize = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxUploadMB > 0 else { throw ValidationError("--max-upload-mb must be positive") }
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be positive") }
        guard bodyTimeout > 0 else { throw ValidationError("--body-timeout must be positive") }
        guard minBodyRate > 0 else { throw ValidationError("--min-body-rate must be positive") }
        do {
            _ = try PostgresLocation.parse(db)
        } catch {
            throw ValidationError(error.description)
        }
        if let publicURL, SiteAddress.origin(of: publicURL) == nil {
            throw ValidationError("--public-url must be an http or https address without a path, e.g. https://portail.example.org")
        }
    }

    func run() async throws {
        var logger = Logger(label: "portail") { label in ServerLogHandler(label: label) }
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let configuration = PortailServer.Configuration(
            host: host, port: port, database: db, coursesFolder: courses.isEmpty ? nil : courses, dataFolder: data,
            maximumPackageSize: maxUploadMB << 20, idleTimeout: .seconds(idleTimeout), bodyTimeout: .seconds(bodyTimeout),
            minimumBodyRate: minBodyRate, publicURL: publicURL, initialize: initialize)
        let coursesFolder = configuration.coursesFolder
        let registryLogger = logger
        try await PortailServer(configuration: configuration, logger: logger).run(registerCourses: { importer in
            guard let coursesFolder else { return }
            _ = await CourseRegistry(importer: importer, logger: registryLogger).registerAll(in: URL(fileURLWithPath: coursesFolder))
        }) { line in
            // Printed on stdout so scripts and tests can read the URL and the admin token.
            let text = line.hasPrefix("http") ? "Portail is serving on \(line)" : line
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }
}
