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
        let references = checkLinks(in: front)

        guard let id, let title, let duration else { return nil }
        let lesson = Lesson(id: id.0, title: title, duration: duration, path: path, markdown: front.body,
                            markdownStartLine: front.bodyStartLine, references: references)
        return (lesson, id)
    }

    private func checkLinks(in front: FrontMatter) -> [AssetReference] {
        let folder = CoursePath.folder(of: path)
        var references: [AssetReference] = []
        for link in MarkdownLinks.scan(front.body, includeHTML: allowHTML) {
            let location = SourceLocation(file: path, line: link.line + front.bodyStartLine - 1, column: link.column)
            let what = link.isImage ? "image" : "link"
            if link.isImage && link.text.trimmingCharacters(in: .whitespaces).isEmpty {
                log.warning("image '\(link.destination)' has no alt text: describe what it shows", at: location)
            }
            let destination = link.destination
            if destination.isEmpty {
                log.error("\(what) has an empty destination", at: location)
                continue
            }
            if destination.hasPrefix("#") { continue }
            if let scheme = Self.scheme(of: destination) {
                if scheme == "javascript" || scheme == "vbscript" {
                    log.error("\(what) uses a '\(scheme):' address, which packages refuse", at: location)
                } else if link.isImage || destination.hasPrefix("//") {
                    log.error("image '\(destination)' is not in the course folder: packages work offline, store the file in the course",
                              at: location)
                }
                continue
            }
            if destination.hasPrefix("//") {
                if link.isImage {
                    log.error("image '\(destination)' is not in the course folder: packages work offline, store the file in the course",
                              at: location)
                }
                continue
            }
            let bare = String(destination.prefix { $0 != "#" && $0 != "?" })
            let decoded = CoursePath.percentDecoded(bare) ?? bare
            switch CoursePath.resolve(decoded, from: folder) {
            case .failure(let problem):
                log.error("\(what) '\(destination)' \(problem)", at: location)
            case .success(let resolved):
                switch files.check(resolved) {
                case .file:
                    references.append(AssetReference(destination: destination, path: resolved, isImage: link.isImage,
                                                     location: location))
                case .directory:
                    log.error("\(what) '\(destination)' points at a folder, not a file", at: location)
                case .outside:
                    log.error("\(what) '\(destination)' is a link that leaves the course folder", at: location)
                case .notRegular:
                    log.error("\(what) '\(destination)' is not a regular file (a pipe, a device or a socket)", at: location)
                case .unreadable:
                    log.error("\(what) '\(destination)' cannot be read: check its permissions", at: location)
                case .otherNormalForm:
                    log.error(CoursePath.otherNormalFormMessage(what, destination), at: location)
                case .missing(let suggestion):
                    let hint = suggestion.map { " (did you mean '\($0)'? names are case-sensitive)" } ?? ""
                    log.error("\(what) '\(destination)' points at a file that does not exist\(hint)", at: location)
                }
            }
        }
        return references
    }

    static func scheme(of destination: String) -> String? {
        guard let colon = destination.firstIndex(of: ":") else { return nil }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        return scheme.lowercased()
    }
}
