import Foundation

/// Reads one lesson file: front matter, body, and every file it links to.
struct LessonReader {
    static let keys = ["id", "title", "duration"]

    let files: CourseFiles
    let path: String
    let allowHTML: Bool
    let log: DiagnosticLog

    func read() -> (lesson: Lesson, id: (String, SourceLocation))? {
        guard let text = files.text(path) else {
            log.error("the lesson is not readable UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        let front: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let split): front = split
        case .failure(.missing):
            log.error("a lesson must start with front matter: a '---' line, then id, title and duration, then '---'",
                      at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        case .failure(.unterminated):
            log.error("the front matter has no closing '---' line", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let yaml = YAMLValue.parse(front.yaml, file: path, lineOffset: front.yamlLineOffset, log: log),
              let map = MappingReader(yaml, subject: "lesson front matter", allowedKeys: Self.keys, log: log) else {
            return nil
        }
        let id = map.identifier()
        let title = map.text("title", required: true)
        let duration = map.integer("duration", required: true, range: 1...100_000, meaning: "a whole number of minutes")

        if front.body.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            log.error("the lesson has no content after its front matter",
                      at: SourceLocation(file: path, line: front.bodyStartLine, column: 1))
        }
        let checker = LinkChecker(files: files, folder: CoursePath.folder(of: path), allowHTML: allowHTML, log: log)
        let references = checker.check(front.body) { link in
            SourceLocation(file: path, line: link.line + front.bodyStartLine - 1, column: link.column)
        }

        guard let id, let title, let duration else { return nil }
        let lesson = Lesson(id: id.0, title: title, duration: duration, path: path, markdown: front.body,
                            markdownStartLine: front.bodyStartLine, references: references)
        return (lesson, id)
    }
}
