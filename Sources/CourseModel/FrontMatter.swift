import Foundation

/// Splits a lesson into its YAML front matter and its Markdown body.
struct FrontMatter {
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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
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
