import Foundation

/// Splits a lesson into its YAML front matter and its Markdown body.
struct FrontMatter: Equatable {
    let yaml: String
    /// Lines before the YAML (the opening `---`).
    let yamlLineOffset: Int
    let body: String
    /// 1-based line of the file where the body starts.
    let bodyStartLine: Int

    enum Problem: Error, Equatable {
        case missing
        case unterminated
    }

    static func split(_ text: String) -> Result<FrontMatter, Problem> {
        var text = Substring(text)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        // "\r\n" is one Character in Swift, so split on either form.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            return .failure(.missing)
        }
        guard let close = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingCharacters(in: .whitespaces)
            return line == "---" || line == "..."
        }) else {
            return .failure(.unterminated)
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return .success(FrontMatter(yaml: yaml, yamlLineOffset: 1, body: body, bodyStartLine: close + 2))
    }
}
