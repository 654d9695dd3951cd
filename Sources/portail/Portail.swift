import ArgumentParser
import Foundation

@main
struct Portail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portail",
        abstract: "Turns a course written as plain files into SCORM packages.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self, BuildCommand.self, ServeCommand.self, MigrateDatabaseCommand.self]
    )

    /// Usage errors exit with 2 (not ArgumentParser's 64), as scripts and the docs expect.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
