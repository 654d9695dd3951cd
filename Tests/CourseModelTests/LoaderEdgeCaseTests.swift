import Foundation
import Testing
@testable import CourseModel

/// Mistakes that need a file system state a fixture cannot hold (symlinks, bytes), or that are one-liners.
@Suite("Loader edge cases")
struct LoaderEdgeCaseTests {
    func diagnostics(after edit: (URL) throws -> Void) throws -> [String] {
        let course = try Fixtures.sampleCopy()
        defer { try? FileManager.default.removeItem(at: course) }
        try edit(course)
        return try CourseLoader.load(from: course).diagnostics.map(\.description)
    }

    func quizDiagnostics(_ questions: String) throws -> [String] {
        try diagnostics { try Fixtures.write("questions:\n" + questions, to: "02-animer/quiz.yaml", in: $0) }
    }

    @Test func aMissingFolderIsAUsageError() {
        #expect(throws: CourseLoader.Failure.self) {
            try CourseLoader.load(from: URL(fileURLWithPath: "/nonexistent/course"))
        }
    }

    @Test func aFolderWithoutCourseYAMLSaysSo() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("portail-empty-\(UUID())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CourseLoader.load(from: empty)
        #expect(result.diagnostics.map(\.description) == ["course.yaml:1:1: error: course.yaml is missing: is this a course folder?"])
        #expect(result.course == nil)
    }

    @Test func aSymlinkLeavingTheCourseIsRefused() throws {
        let found = try diagnostics { course in
            try FileManager.default.removeItem(at: course.appendingPathComponent("assets/plan.svg"))
            try FileManager.default.createSymbolicLink(atPath: course.appendingPathComponent("assets/plan.svg").path,
                                                       withDestinationPath: "/etc/hostname")
        }
        #expect(found.contains("01-accueil/01-bienvenue.md:11:1: error: image '../assets/plan.svg' is a link that leaves the course folder"))
    }

    @Test func anAliasBombIsRefusedQuickly() throws {
        // Nine lines, each ten aliases of the line before: a billion values once expanded.
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let started = Date()
        let found = try diagnostics { try Fixtures.write(yaml, to: "course.yaml", in: $0) }
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(found.contains { $0.hasPrefix("course.yaml:") && $0.contains("more than 100000 values once its aliases") })
    }

    @Test func aNamedPipeIsRefusedNotWaitedOn() throws {
        let found = try diagnostics { course in
            for file in ["01-accueil/02-lieu.md", "assets/plan.svg"] {
                let path = course.appendingPathComponent(file).path
                try FileManager.default.removeItem(atPath: path)
                #expect(mkfifo(path, 0o644) == 0)
            }
        }
        #expect(found.contains { $0.hasPrefix("01-accueil/module.yaml:") && $0.contains("lesson file '02-lieu.md' is not a regular file") })
        #expect(found.contains("01-accueil/01-bienvenue.md:11:1: error: image '../assets/plan.svg' is not a regular file (a pipe, a device or a socket)"))
    }

    @Test func aControlCharacterInALinkIsRefused() throws {
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("01-accueil/01-bienvenue.md")
            let text = try String(contentsOf: path, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "(../assets/plan.svg)", with: "(../assets/plan.svg%00.png)").utf8).write(to: path)
        }
        #expect(found.contains("01-accueil/01-bienvenue.md:11:1: error: image '../assets/plan.svg%00.png' holds a control character (a NUL, a tab, a line break…)"))
    }

    @Test func controlCharactersInTextsAreRefusedBeforeTheManifest() throws {
        let found = try diagnostics { course in
            for (file, key, value) in [("course.yaml", "title", #""Café \x01 associatif""#),
                                       ("course.yaml", "description", #""fin\0""#),
                                       ("01-accueil/module.yaml", "title", #""Accueil \uFFFE""#)] {
                let path = course.appendingPathComponent(file)
                let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                let edited = lines.map { $0.hasPrefix("\(key):") ? "\(key): \(value)" : String($0) }
                try Data(edited.joined(separator: "\n").utf8).write(to: path)
            }
        }
        #expect(found.contains("course.yaml:2:8: error: 'title' holds the control character U+0001, which a package cannot carry"))
        #expect(found.contains { $0.hasPrefix("course.yaml:") && $0.contains("'description' holds the control character U+0000") })
        #expect(found.contains { $0.hasPrefix("01-accueil/module.yaml:") && $0.contains("U+FFFE") })
        #expect(MappingReader.isForbiddenInXML("\t") == false && MappingReader.isForbiddenInXML("é") == false)
    }

    @Test func aLinkInAnotherUnicodeFormIsReportedEveryTime() throws {
        let nfc = "\u{E9}t\u{E9}.svg", nfd = "e\u{301}te\u{301}.svg"
        #expect(nfc == nfd && Array(nfc.utf8) != Array(nfd.utf8), "equal as Strings, different as bytes")
        for _ in 0..<5 {
            let found = try diagnostics { course in
                try FileManager.default.copyItem(at: course.appendingPathComponent("assets/plan.svg"),
                                                 to: course.appendingPathComponent("assets/\(nfc)"))
                for (lesson, name) in [("01-accueil/01-bienvenue.md", nfc), ("02-animer/01-atelier.md", nfd)] {
                    let path = course.appendingPathComponent(lesson)
                    let text = try String(contentsOf: path, encoding: .utf8)
                    try Data((text + "\n![Plan](../assets/\(name))\n").utf8).write(to: path)
                }
            }
            #expect(found.count == 1, "\(found)")
            #expect(found.first?.hasPrefix("02-animer/01-atelier.md:") == true)
            #expect(found.first?.contains("accents encoded differently (Unicode NFC against NFD)") == true)
        }
    }

    @Test func aByteOrderMarkIsSkippedInYAMLFiles() throws {
        let found = try diagnostics { course in
            for file in ["course.yaml", "01-accueil/module.yaml", "02-animer/quiz.yaml"] {
                let path = course.appendingPathComponent(file)
                try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: path)).write(to: path)
            }
        }
        #expect(found == [])
    }

    @Test func aControlCharacterInYAMLIsPointedAt() throws {
        var lines = 0
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("course.yaml")
            let text = try String(contentsOf: path, encoding: .utf8)
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
            try Data((text + "x: \"a\u{1}b\"\n").utf8).write(to: path)
        }
        #expect(found == ["course.yaml:\(lines):6: error: invalid YAML: control characters are not allowed"])
        let windows = try diagnostics { course in
            let path = course.appendingPathComponent("course.yaml")
            let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
            try Data((text + "x: \"a\u{1}b\"\r\n").utf8).write(to: path)
        }
        #expect(windows == ["course.yaml:\(lines):6: error: invalid YAML: control characters are not allowed"], "CRLF lines too")
    }

    @Test func nonUTF8TextIsReported() throws {
        let found = try diagnostics { course in
            try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: course.appendingPathComponent("01-accueil/02-lieu.md"))
        }
        #expect(found == ["01-accueil/02-lieu.md:1:1: error: the lesson is not readable UTF-8 text"])
    }

    @Test func duplicateYAMLKeysAreInvalid() throws {
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("course.yaml")
            let text = try String(contentsOf: path, encoding: .utf8)
            try Data((text + "order: free\n").utf8).write(to: path)
        }
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("course.yaml:"))
        #expect(found[0].contains("error: invalid YAML: duplicate key 'order'"))
    }

    @Test func moduleProblemsInCourseYAML() throws {
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("course.yaml")
            let text = try String(contentsOf: path, encoding: .utf8)
                .replacingOccurrences(of: "  - 02-animer\n", with: "  - 02-animer\n  - 01-accueil\n  - 03-absent\n  - ../dehors\n")
                .replacingOccurrences(of: "language: fr", with: "language: français")
            try Data(text.utf8).write(to: path)
        }
        #expect(found == [
            "course.yaml:3:11: error: 'language' must be a BCP 47 tag such as 'fr' or 'fr-FR', found 'français'",
            "course.yaml:18:5: error: module folder '01-accueil' is listed twice (first at line 16)",
            "course.yaml:19:5: error: module folder '03-absent' does not exist",
            "course.yaml:20:5: error: module folder path '../dehors' leaves the course folder",
        ])
    }

    @Test func aLessonCannotTakeTheIdOfItsModulesQuiz() throws {
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("02-animer/01-atelier.md")
            let text = try String(contentsOf: path, encoding: .utf8)
            let id = text.split(separator: "\n").first { $0.hasPrefix("id:") }!
            try Data(text.replacingOccurrences(of: String(id), with: "id: animer-quiz").utf8).write(to: path)
        }
        #expect(found == ["02-animer/01-atelier.md:2:5: error: lesson id 'animer-quiz' is the id of module 'animer''s quiz in a package with one SCO per lesson: choose another"])
    }

    /// Moves `path` out of the course to `elsewhere` and leaves a symbolic link to it in its place.
    func linkOut(_ path: String, in course: URL, to elsewhere: URL) throws {
        let inside = course.appendingPathComponent(path)
        try FileManager.default.moveItem(at: inside, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: inside, withDestinationURL: elsewhere)
    }

    @Test func aModuleFolderThatLeavesTheCourseOrAModuleFileThatIsAFolderIsNamedAsSuch() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("portail-elsewhere-\(UUID())")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let found = try diagnostics { course in
            try linkOut("02-animer", in: course, to: elsewhere)
            let module = course.appendingPathComponent("01-accueil/module.yaml")
            try FileManager.default.removeItem(at: module)
            try FileManager.default.createDirectory(at: module, withIntermediateDirectories: false)
        }
        #expect(found.contains { $0.contains("error: module file '01-accueil/module.yaml' is a folder, not a file") })
        #expect(found.contains { $0.contains("error: module folder '02-animer' is a link that leaves the course folder") })
        #expect(!found.contains { $0.contains("is missing") })
    }

    @Test func aModuleFileThatLinksOutOfTheCourseIsNamedAsSuch() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("portail-module-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let found = try diagnostics { try linkOut("01-accueil/module.yaml", in: $0, to: elsewhere) }
        #expect(found.contains { $0.contains("error: module file '01-accueil/module.yaml' is a link that leaves the course folder") })
    }

    @Test func duplicateModuleIDs() throws {
        let found = try diagnostics { course in
            let path = course.appendingPathComponent("02-animer/module.yaml")
            let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "id: animer", with: "id: accueil")
            try Data(text.utf8).write(to: path)
        }
        #expect(found == ["02-animer/module.yaml:1:5: error: duplicate module id 'accueil' (also used at 01-accueil/module.yaml:1:5)"])
    }

    @Test func unknownQuestionTypeSuggestsTheNearestOne() throws {
        let found = try quizDiagnostics("""
          - id: q1
            type: singel
            prompt: "?"
            feedback: {correct: "a", incorrect: "b"}

        """)
        #expect(found == ["02-animer/quiz.yaml:3:11: error: 'type' must be one of 'single', 'multiple', 'true-false', 'fill-in', 'matching', 'ordering', 'numeric', found 'singel' (did you mean 'single'?)"])
    }

    @Test func everyBadPairAndBothFeedbackTextsAreReported() throws {
        let found = try quizDiagnostics("""
          - id: q1
            type: matching
            prompt: "?"
            pairs:
              - {source: "a", targt: "b"}
              - {source: "c", target: ""}
              - {sorce: "e", target: "f"}
            feedback: {correct: "", incorrect: ""}

        """)
        #expect(found.filter { $0.hasPrefix("02-animer/quiz.yaml:6:") }.count >= 2, "the first pair: unknown key, no target")
        #expect(found.contains { $0.hasPrefix("02-animer/quiz.yaml:7:") && $0.contains("'target' must not be empty") })
        #expect(found.contains { $0.hasPrefix("02-animer/quiz.yaml:8:") }, "the third pair too")
        #expect(found.contains { $0.contains("'correct' must not be empty") } && found.contains { $0.contains("'incorrect' must not be empty") })
    }

    @Test func linksInQuizTextsAreCheckedWhereTheyAreWritten() throws {
        let found = try diagnostics { course in
            try Data("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8).write(to: course.appendingPathComponent("assets/carte.svg"))
            try Fixtures.write("""
                questions:
                  - id: q1
                    type: single
                    prompt: "Voir ![plan](https://example.com/x.png)"
                    choices:
                      - {text: "![La carte](../assets/carte.svg)", correct: true}
                      - {text: "Non"}
                    feedback:
                      correct: |
                        Bien.
                          Voir ![rien](manque.png)
                      incorrect: "Relisez [la fiche](absente.pdf)."
                  - id: q2
                    type: true-false
                    prompt: Un texte replié sur deux lignes,
                      avec [un lien](plus-loin.pdf)
                    answer: true
                    feedback: {correct: "a", incorrect: "b"}

                """, to: "02-animer/quiz.yaml", in: course)
        }
        #expect(found.contains { $0.hasPrefix("02-animer/quiz.yaml:11:16: ") && $0.contains("manque.png") }, "in a block, under the |: \(found)")
        #expect(found.contains { $0.hasPrefix("02-animer/quiz.yaml:15:13: ") && $0.contains("plus-loin.pdf") }, "a folded text: at its start")
        #expect(found.contains("02-animer/quiz.yaml:4:19: error: image 'https://example.com/x.png' is not in the course folder: packages work offline, store the file in the course"))
        #expect(found.contains { $0.hasPrefix("02-animer/quiz.yaml:12:") && $0.contains("link 'absente.pdf' points at a file that does not exist") })
        #expect(!found.contains { $0.contains("carte.svg") }, "a file a quiz uses is used: \(found)")
    }

    @Test func choiceQuestionsThatCannotBeAnsweredRight() throws {
        let found = try quizDiagnostics("""
          - id: q1
            type: multiple
            prompt: "?"
            choices: [{text: "a"}, {text: "b"}]
            feedback: {correct: "a", incorrect: "b"}
          - id: q2
            type: single
            prompt: "?"
            choices: [{text: "a", correct: true}]
            feedback: {correct: "a", incorrect: "b"}
          - id: q3
            type: single
            prompt: "?"
            choices: [{text: "a", correct: true}, {text: "a"}]
            feedback: {correct: "a", incorrect: "b"}
          - id: q4
            type: fill-in
            prompt: "?"
            answers: []
            feedback: {correct: "a", incorrect: "b"}
          - id: q5
            type: numeric
            prompt: "?"
            min: 3
            feedback: {correct: "a", incorrect: "b"}
          - id: q5
            type: true-false
            prompt: "?"
            answer: false
            points: 0

        """)
        #expect(found == [
            "02-animer/quiz.yaml:5:14: error: question 'q1' has no correct choice: mark one with 'correct: true'",
            "02-animer/quiz.yaml:10:14: error: question 'q2' needs at least 2 choices",
            "02-animer/quiz.yaml:15:43: error: two choices of question 'q3' have the same text",
            "02-animer/quiz.yaml:20:14: error: question 'q4' has no accepted answer: list at least one under 'answers'",
            "02-animer/quiz.yaml:22:5: error: question 'q5' needs both 'min' and 'max' for a range",
            "02-animer/quiz.yaml:27:5: warning: question 'q5' has no feedback: add 'feedback' with 'correct' and 'incorrect' texts",
            "02-animer/quiz.yaml:31:13: error: 'points' must be greater than 0, found 0",
        ])
    }

    @Test func rawHTMLLinksAreCheckedOnlyWhenAllowed() throws {
        let lesson = """
        ---
        id: lieu
        title: "Lieu"
        duration: 5
        ---

        <img src="absent.png"> et [ok](../02-animer/fiche.pdf)

        """
        let escaped = try diagnostics { try Fixtures.write(lesson, to: "01-accueil/02-lieu.md", in: $0) }
        #expect(escaped == [])
        let allowed = try diagnostics { course in
            try Fixtures.write(lesson, to: "01-accueil/02-lieu.md", in: course)
            let path = course.appendingPathComponent("course.yaml")
            try Data((try String(contentsOf: path, encoding: .utf8) + "allowHTML: true\n").utf8).write(to: path)
        }
        #expect(allowed == [
            "01-accueil/02-lieu.md:7:1: error: image 'absent.png' points at a file that does not exist",
            "01-accueil/02-lieu.md:7:1: warning: image 'absent.png' has no alt text: describe what it shows",
        ])
    }

    @Test func javascriptLinksAreRefused() throws {
        let found = try diagnostics {
            try Fixtures.write("---\nid: lieu\ntitle: L\nduration: 1\n---\n\n[clic](javascript:alert(1))\n",
                               to: "01-accueil/02-lieu.md", in: $0)
        }
        #expect(found == ["01-accueil/02-lieu.md:7:1: error: link uses a 'javascript:' address, which packages refuse"])
    }
}
