import Foundation

/// Finds the links and images of a Markdown text with their positions, skipping code, so that the validator
/// can check every file a lesson uses. It reads CommonMark's link syntax: inline `[text](dest "title")`,
/// `![alt](dest)`, reference definitions `[label]: dest`, full references `[text][label]`, and (when raw HTML
/// is allowed) `src`/`href` attributes.
struct MarkdownLinks {
    struct Link: Equatable {
        let destination: String
        /// Alt text of an image, link text otherwise.
        let text: String
        let isImage: Bool
        /// 1-based, relative to the scanned text; column of the `[`/`!`/attribute, counted in Unicode scalars.
        let line: Int
        let column: Int
    }

    /// Links, in order; image references through a label are resolved to their definition.
    static func scan(_ markdown: String, includeHTML: Bool) -> [Link] {
        var definitions: [String: String] = [:]
        var links: [Link] = []
        var referenceUses: [(label: String, text: String, isImage: Bool, line: Int, column: Int)] = []

        for paragraph in paragraphs(markdown) {
            // A link's text and destination may run over lines (a designer's editor wraps them), so a paragraph
            // is scanned as one text, lines joined by "\n"; a position goes back to its line and column.
            var scalars: [Unicode.Scalar] = []
            var lineStarts: [Int] = []
            var definitionLines: Set<Int> = []
            for (offset, line) in paragraph.lines.enumerated() {
                if offset > 0 { scalars.append("\n") }
                lineStarts.append(scalars.count)
                // Reference definitions are read a line at a time, as CommonMark writes them.
                if line.contains("["), let definition = referenceDefinition(line, BracketPairs(line)) {
                    definitions[normalise(definition.label)] = definition.destination
                    links.append(Link(destination: definition.destination, text: definition.label, isImage: false,
                                      line: paragraph.firstLine + offset, column: definition.column))
                    definitionLines.insert(offset)
                    scalars.append(contentsOf: Array(repeating: " ", count: line.count))
                } else {
                    scalars.append(contentsOf: line)
                }
            }
            func place(_ index: Int) -> (line: Int, column: Int) {
                var low = 0, high = lineStarts.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
                }
                return (paragraph.firstLine + low, index - lineStarts[low] + 1)
            }
            let brackets = BracketPairs(scalars)
            var position = 0
            while position < scalars.count {
                let isImage = scalars[position] == "!" && position + 1 < scalars.count && scalars[position + 1] == "["
                let open = isImage ? position + 1 : position
                guard scalars[open] == "[", !isEscaped(scalars, position), let close = brackets.close[open] else {
                    position += 1
                    continue
                }
                let text = String(String.UnicodeScalarView(scalars[(open + 1)..<close]))
                let at = place(position)
                let after = close + 1
                if after < scalars.count, scalars[after] == "(",
                   let (destination, end) = inlineDestination(scalars, from: after + 1) {
                    links.append(Link(destination: destination, text: text, isImage: isImage, line: at.line, column: at.column))
                    // A link's text may itself hold an image: `[![alt](a.png)](b.pdf)`.
                    position = isImage ? end : open + 1
                    continue
                }
                if after < scalars.count, scalars[after] == "[", let labelClose = brackets.close[after] {
                    var label = String(String.UnicodeScalarView(scalars[(after + 1)..<labelClose]))
                    if label.isEmpty { label = text }
                    referenceUses.append((label, text, isImage, at.line, at.column))
                    position = labelClose + 1
                    continue
                }
                if isImage {
                    referenceUses.append((text, text, true, at.line, at.column))
                }
                position = isImage ? open + 1 : close + 1
            }
            if includeHTML {
                for (offset, line) in paragraph.lines.enumerated() where !definitionLines.contains(offset) && line.contains("<") {
                    links.append(contentsOf: htmlLinks(String(String.UnicodeScalarView(line)), lineNumber: paragraph.firstLine + offset))
                }
            }
        }
        for use in referenceUses where use.isImage {
            if let destination = definitions[normalise(use.label)] {
                links.append(Link(destination: destination, text: use.text, isImage: true, line: use.line, column: use.column))
            }
        }
        return links.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// A run of lines between blank lines and code fences, as Unicode scalars (the unit of columns).
    struct Paragraph {
        /// 1-based line of its first line.
        let firstLine: Int
        var lines: [[Unicode.Scalar]]
    }

    /// The paragraphs that can hold a link (a `[` or a `<` somewhere in them), fenced code left out and inline
    /// code spans replaced by spaces, keeping columns. Fences and blank lines are found on the UTF-8 bytes, and
    /// only the few paragraphs with links are decoded.
    static func paragraphs(_ markdown: String) -> [Paragraph] {
        var fence: (character: UInt8, length: Int)?
        var result: [Paragraph] = []
        var text = markdown
        text.withUTF8 { bytes in
            var current: (firstLine: Int, ranges: [Range<Int>], linky: Bool, code: Bool)?
            // Indented content after a list item belongs to the item; elsewhere, a block indented by four
            // spaces is code, which cmark renders as text (its links are no links).
            var inList = false
            func finish() {
                if let paragraph = current, paragraph.linky, !paragraph.code {
                    result.append(Paragraph(firstLine: paragraph.firstLine, lines: paragraph.ranges.map { range in
                        let line = UnsafeBufferPointer(rebasing: bytes[range])
                        let scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
                        return line.contains(UInt8(ascii: "`")) ? blankCodeSpans(scalars) : scalars
                    }))
                }
                current = nil
            }
            var lineStart = 0
            var lineNumber = 1
            while true {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var end = lineEnd
                if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
                var indent = 0
                while indent < line.count, line[indent] == 0x20 { indent += 1 }
                var isFenceLine = false
                if indent < 4, indent < line.count, line[indent] == UInt8(ascii: "`") || line[indent] == UInt8(ascii: "~") {
                    let marker = line[indent]
                    var run = 0
                    while indent + run < line.count, line[indent + run] == marker { run += 1 }
                    if let open = fence {
                        if marker == open.character, run >= open.length,
                           line[(indent + run)...].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                            fence = nil
                        }
                        isFenceLine = true
                    } else if run >= 3 {
                        fence = (marker, run)
                        isFenceLine = true
                    }
                }
                if isFenceLine || fence != nil || line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    // A fence at the margin ends a list, as a paragraph at the margin does.
                    if isFenceLine, indent < 2 { inList = false }
                    finish()
                } else {
                    var width = 0
                    for byte in line {
                        if byte == 0x20 { width += 1 } else if byte == 0x09 { width += 4 - width % 4 } else { break }
                    }
                    // A less indented line ends a code block (and begins a paragraph).
                    if current?.code == true, width < 4 { finish() }
                    let isCode = current?.code ?? (width >= 4 && !inList)
                    if !isCode {
                        // A list item may start on any line, even right under a paragraph's.
                        if Self.startsListItem(line) { inList = true } else if current == nil, width < 2 { inList = false }
                    }
                    if current == nil { current = (lineNumber, [], false, isCode) }
                    current!.ranges.append(lineStart..<end)
                    if line.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "<") }) { current!.linky = true }
                    // A heading is a block of its own: the line under it starts another.
                    if !isCode, Self.isHeading(line) { finish() }
                }
                if lineEnd == bytes.count { break }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
            finish()
        }
        return result
    }

    /// `#` to `######` after at most three spaces, then a space or the end: an ATX heading.
    private static func isHeading(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count, index < 3, line[index] == 0x20 { index += 1 }
        var hashes = 0
        while index + hashes < line.count, line[index + hashes] == UInt8(ascii: "#") { hashes += 1 }
        return (1...6).contains(hashes) && (index + hashes == line.count || line[index + hashes] == 0x20 || line[index + hashes] == 0x09)
    }

    /// `- `, `* `, `+ `, `1. ` or `1) ` after at most three spaces: the start of a list item.
    private static func startsListItem(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count, index < 3, line[index] == 0x20 { index += 1 }
        guard index < line.count else { return false }
        func followedBySpace(_ at: Int) -> Bool { at == line.count || line[at] == 0x20 || line[at] == 0x09 }
        switch line[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"): return followedBySpace(index + 1)
        default:
            var digits = 0
            while index + digits < line.count, digits < 10, (0x30...0x39).contains(line[index + digits]) { digits += 1 }
            guard digits > 0, index + digits < line.count,
                  line[index + digits] == UInt8(ascii: ".") || line[index + digits] == UInt8(ascii: ")") else { return false }
            return followedBySpace(index + digits + 1)
        }
    }

    private static func blankCodeSpans(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var scalars = line
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "`" else { index += 1; continue }
            var run = 0
            while index + run < scalars.count, scalars[index + run] == "`" { run += 1 }
            // Find a closing run of exactly the same length.
            var search = index + run
            var closing: Int?
            while search < scalars.count {
                if scalars[search] == "`" {
                    var other = 0
                    while search + other < scalars.count, scalars[search + other] == "`" { other += 1 }
                    if other == run { closing = search; break }
                    search += other
                } else {
                    search += 1
                }
            }
            guard let closing else { index += run; continue }
            for blank in index..<(closing + run) { scalars[blank] = " " }
            index = closing + run
        }
        return scalars
    }

    /// Where each `[` of a line closes, found in one pass: searching from every `[` again made a line of
    /// brackets quadratic (200,000 of them took 26 s).
    struct BracketPairs {
        var close: [Int: Int] = [:]

        init(_ scalars: [Unicode.Scalar]) {
            var open: [Int] = []
            var index = 0
            while index < scalars.count {
                switch scalars[index] {
                case "\\": index += 1
                case "[": open.append(index)
                case "]": if let start = open.popLast() { close[start] = index }
                default: break
                }
                index += 1
            }
        }
    }

    /// Whether the character at `index` is escaped: an odd run of backslashes before it (`\\![` is an image).
    private static func isEscaped(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        var backslashes = 0
        var before = index - 1
        while before >= 0, scalars[before] == "\\" {
            backslashes += 1
            before -= 1
        }
        return backslashes % 2 == 1
    }

    /// Parses `dest "title")` starting just after `(`; returns the destination and the index after `)`.
    private static func inlineDestination(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var index = start
        // Spaces and one line break may come before the destination (a paragraph's lines are joined by "\n").
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\n" { index += 1 }
        var destination = ""
        if index < scalars.count, scalars[index] == "<" {
            index += 1
            while index < scalars.count, scalars[index] != ">" {
                if scalars[index] == "\n" { return nil }
                destination.unicodeScalars.append(scalars[index])
                index += 1
            }
            index += 1
        } else {
            var depth = 0
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == " " || scalar == "\t" || scalar == "\n" { break }
                if scalar == "(" { depth += 1 }
                if scalar == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                if scalar == "\\", index + 1 < scalars.count { index += 1 }
                destination.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        // Skip an optional title up to the closing parenthesis.
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open || (open == "(" && scalar == ")") { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ")" {
                return (destination, index + 1)
            }
            index += 1
        }
        return nil
    }

    private static func referenceDefinition(_ scalars: [Unicode.Scalar], _ brackets: BracketPairs)
        -> (label: String, destination: String, column: Int)? {
        var index = 0
        while index < scalars.count, index < 3, scalars[index] == " " { index += 1 }
        guard index < scalars.count, scalars[index] == "[", let close = brackets.close[index],
              close + 1 < scalars.count, scalars[close + 1] == ":" else { return nil }
        let label = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        let rest = String(String.UnicodeScalarView(scalars[(close + 2)...])).trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, let destination = rest.split(separator: " ").first else { return nil }
        var cleaned = String(destination)
        if cleaned.hasPrefix("<") && cleaned.hasSuffix(">") { cleaned = String(cleaned.dropFirst().dropLast()) }
        return (label, cleaned, index + 1)
    }

    private static func htmlLinks(_ line: String, lineNumber: Int) -> [Link] {
        let pattern = #"<(img|a|audio|video|source|track|embed|iframe|object)\b[^>]*?\b(src|href|data)\s*=\s*"([^"]*)""#
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let range = NSRange(line.startIndex..., in: line)
        return regex.matches(in: line, range: range).compactMap { match in
            guard let tagRange = Range(match.range(at: 1), in: line),
                  let valueRange = Range(match.range(at: 3), in: line),
                  let whole = Range(match.range, in: line) else { return nil }
            let tag = line[tagRange].lowercased()
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: whole.lowerBound) + 1
            var alt = ""
            if tag == "img", let altRange = line[whole].range(of: #"alt\s*=\s*"([^"]*)""#, options: .regularExpression) {
                alt = String(line[whole][altRange]).components(separatedBy: "\"").dropFirst().first ?? ""
            } else if tag != "img" {
                alt = tag
            }
            return Link(destination: String(line[valueRange]), text: alt, isImage: tag == "img",
                        line: lineNumber, column: column)
        }
    }

    private static func normalise(_ label: String) -> String {
        label.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
