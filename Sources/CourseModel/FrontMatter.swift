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
        // Works on UTF-8 bytes: only the few lines up to the closing marker are looked at, the body is sliced once.
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        func isMarker(_ line: ArraySlice<UInt8>, _ markers: [[UInt8]]) -> Bool {
            var trimmed = line
            while let last = trimmed.last, last == 0x20 || last == 0x09 || last == 0x0D { trimmed = trimmed.dropLast() }
            while let first = trimmed.first, first == 0x20 || first == 0x09 { trimmed = trimmed.dropFirst() }
            return markers.contains { trimmed.elementsEqual($0) }
        }
        let dashes: [UInt8] = Array("---".utf8), dots: [UInt8] = Array("...".utf8)
        var lineStart = bytes.startIndex
        var lineNumber = 1
        var yamlStart: Int?
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if lineNumber == 1 {
                guard isMarker(line, [dashes]) else { return .failure(.missing) }
                yamlStart = next
            } else if isMarker(line, [dashes, dots]), let yamlStart {
                let windows = bytes.contains(0x0D)
                // Slices of the text itself (offsets fall after a newline, on character boundaries): decoding the
                // bytes again would validate the whole body a second time.
                func index(_ offset: Int) -> String.Index { text.utf8.index(text.utf8.startIndex, offsetBy: offset) }
                var yaml = String(text[index(yamlStart)..<index(lineStart)])
                var body = String(text[index(next)...])
                if windows {
                    yaml = yaml.replacingOccurrences(of: "\r\n", with: "\n")
                    body = body.replacingOccurrences(of: "\r\n", with: "\n")
                }
                return .success(FrontMatter(yaml: yaml.hasSuffix("\n") ? String(yaml.dropLast()) : yaml, yamlLineOffset: 1,
                                            body: body, bodyStartLine: lineNumber + 1))
            }
            lineStart = next
            lineNumber += 1
            if next == bytes.endIndex { break }
        }
        return .failure(lineNumber == 1 && bytes.isEmpty ? .missing : .unterminated)
    }
}
