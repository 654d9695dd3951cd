import ArgumentParser
import CourseModel
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a course folder and list every problem as path:line:col.",
        discussion: "Exit status: 0 no error (warnings allowed), 1 errors found, 2 usage error."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "The course folder (the one holding course.yaml).", completion: .directory)
    var folder: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(help: "Also print the course's outline (modules, lessons, quizzes) when it is valid.")
    var outline = false

    func run() throws {
        let url = URL(fileURLWithPath: folder)
        let result: CourseLoader.Result
        do {
            result = try CourseLoader.load(from: url)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let report = ValidationReport(folder: folder, result: result)
        print(format == .json ? report.json() : report.text(), terminator: "")
        if outline, format == .text, let course = result.course {
            print(CourseOutline(course: course).text(), terminator: "")
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
