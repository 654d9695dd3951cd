import Foundation
import Testing

@Suite("portail validate")
struct ValidateCommandTests {
    static let fixtures = Portail.fixtures

    func run(_ arguments: String...) throws -> Portail.Run { try Portail.run(arguments) }

    func brokenCopy(_ kind: String) throws -> URL {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("portail-cli-\(UUID())")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("sample-course"), to: destination)
        let overlay = Self.fixtures.appendingPathComponent("broken/\(kind)")
        for case let url as URL in FileManager.default.enumerator(at: overlay, includingPropertiesForKeys: nil)!
        where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(overlay.standardizedFileURL.path.count + 1))
            let target = destination.appendingPathComponent(relative)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: url, to: target)
        }
        return destination
    }

    @Test func aValidCourseExitsZeroWithASummary() throws {
        let result = try run("validate", Self.fixtures.appendingPathComponent("sample-course").path)
        #expect(result.status == 0)
        #expect(result.stdout == "cafe-associatif 1.2.0: 0 errors, 0 warnings — 2 modules, 3 lessons, 2 quizzes, 8 questions, 45 min\n")
    }

    @Test func theOutlineListsModulesLessonsAndQuizzes() throws {
        let result = try run("validate", Self.fixtures.appendingPathComponent("sample-course").path, "--outline")
        #expect(result.status == 0)
        #expect(result.stdout.contains("  2. Animer un atelier [animer] — 25 min\n     - Préparer un atelier [atelier] — 15 min\n"))
        #expect(result.stdout.contains("? quiz: 4 questions (matching, numeric, ordering), pass at 60 %"))
    }

    @Test func errorsExitOneWithPositionedLines() throws {
        let course = try brokenCopy("impossible-question")
        defer { try? FileManager.default.removeItem(at: course) }
        let result = try run("validate", course.path)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "02-animer/quiz.yaml:5:10: error: question 'participants': 'min' (12) is greater than 'max' (6), so no answer can be right")
        #expect(lines.last == "\(course.path): 4 errors, 0 warnings")
    }

    @Test func warningsAloneStillExitZero() throws {
        let course = try brokenCopy("image-without-alt")
        defer { try? FileManager.default.removeItem(at: course) }
        let result = try run("validate", course.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("01-accueil/02-lieu.md:9:1: warning: image '../assets/plan.svg' has no alt text"))
        #expect(result.stdout.contains("0 errors, 1 warning — "))
    }

    @Test func jsonCarriesTheSameDiagnostics() throws {
        let course = try brokenCopy("wrong-type")
        defer { try? FileManager.default.removeItem(at: course) }
        let result = try run("validate", course.path, "--format", "json")
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        #expect(json["errors"] as? Int == 2)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0]["file"] as? String == "02-animer/module.yaml")
        #expect(diagnostics[0]["line"] as? Int == 3)
        #expect(diagnostics[0]["column"] as? Int == 13)
        #expect(diagnostics[0]["severity"] as? String == "error")
    }

    @Test func usageErrorsExitTwo() throws {
        let missing = try run("validate", "/nonexistent/course")
        #expect(missing.status == 2)
        #expect(missing.stderr == "error: /nonexistent/course: no such folder\n")
        let noArgument = try run("validate")
        #expect(noArgument.status == 2)
        #expect(noArgument.stderr.contains("Missing expected argument '<folder>'"))
        let badFormat = try run("validate", Self.fixtures.path, "--format", "xml")
        #expect(badFormat.status == 2)
    }
}
