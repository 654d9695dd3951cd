import Foundation

/// Checks the links and images of Markdown that will be rendered into a package, lessons and quiz texts alike:
/// every file they name must be in the course folder, readable, and spelled with the file's own bytes.
struct LinkChecker {
    let files: CourseFiles
    /// Course-relative folder the links are relative to (the lesson's or the quiz's).
    let folder: String
    let allowHTML: Bool
    let log: DiagnosticLog

    /// The links of `markdown` (the body of a lesson, or a quiz text), each placed in its file by `locate`.
    func check(_ markdown: String, locate: (MarkdownLinks.Link) -> SourceLocation) -> [AssetReference] {
        var references: [AssetReference] = []
        for link in MarkdownLinks.scan(markdown, includeHTML: allowHTML) {
            let location = locate(link)
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
                let found = files.check(resolved)
                switch found {
                case .file:
                    references.append(AssetReference(destination: destination, path: resolved, isImage: link.isImage,
                                                     location: location))
                case .directory:
                    log.error("\(what) '\(destination)' points at a folder, not a file", at: location)
                case .outside:
                    log.error("\(what) '\(destination)' is a link that leaves the course folder", at: location)
                case .notRegular, .unreadable, .otherNormalForm:
                    log.error(found.unusable(what, destination) ?? "", at: location)
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
