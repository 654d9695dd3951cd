import ArgumentParser
import Foundation
import LearnerServer
import Logging

struct MigrateDatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-db",
        abstract: "Copy an SQLite installation into an empty PostgreSQL database, and check the counts.",
        discussion: """
        Stop `portail serve` first. Every table is copied in one transaction; the packages of the data folder are
        stored in the database, so that every server on it can unpack them. The SQLite file is left as it was.
        See docs/deployment.md.
        """
    )

    @Option(help: "The SQLite database file to copy.")
    var from: String

    @Option(help: "The PostgreSQL database to copy into (postgres://USER:PASSWORD@HOST:PORT/DB[?sslmode=…]); it must hold no learner and no course.")
    var to: String

    @Option(help: "The SQLite installation's data folder (default: next to the database, as portail serve has it).")
    var data: String?

    func validate() throws {
        do {
            guard try PostgresLocation.parse(to) != nil else { throw ValidationError("--to must be a postgres:// URL") }
        } catch let error as PostgresLocation.Invalid {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        var logger = Logger(label: "portail") { label in ServerLogHandler(label: label) }
        logger.logLevel = .warning
        guard let location = try PostgresLocation.parse(to) else { return }
        let dataFolder = data ?? (from as NSString).deletingPathExtension + "-data"
        let counts = try await DatabaseCopy.copy(sqlitePath: from, dataFolder: URL(fileURLWithPath: dataFolder), to: location,
                                                 logger: logger)
        for count in counts {
            print("\(count.table.padding(toLength: 18, withPad: " ", startingAt: 0)) \(count.source) → \(count.target)")
        }
        print("Copied \(from) into \(location.description): every table holds as many rows on both sides.")
    }
}
