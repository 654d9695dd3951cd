/// Reads the YAML Portail's files are usually written in — block mappings and `- ` lists by indentation, plain
/// and double-quoted scalars, one-line `[…]` and `{…}` — without starting a YAML parser, which cost more than
/// the rest of loading a course. The subset is strict: no comments, tabs, anchors, tags, block scalars,
/// escapes, multi-line scalars, empty values or duplicate keys. Anything outside answers nil and goes to Yams,
/// so meanings and positions are Yams' own (tests compare the two on every YAML file of the repository).
struct BlockYAML {
    private struct Line {
        let number: Int
        let indent: Int
        let bytes: ArraySlice<UInt8>
    }

    private let lines: [Line]
    private var next = 0

    static func parse(_ text: String) -> YAMLNode? {
        var lines: [Line] = []
        var number = 0
        for raw in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let bytes = ArraySlice(raw)
            if bytes.allSatisfy({ $0 == 0x20 }) { continue }
            guard bytes.allSatisfy(isAllowed), !hasRiskySequence(bytes) else { return nil }
            let indent = bytes.prefix(while: { $0 == 0x20 }).count
            // Comments, directives and document markers are left to Yams.
            let first = bytes[bytes.startIndex + indent]
            guard first != UInt8(ascii: "#"), first != UInt8(ascii: "%"),
                  !(indent == 0 && (bytes.starts(with: "---".utf8) || bytes.starts(with: "...".utf8))) else { return nil }
            lines.append(Line(number: number, indent: indent, bytes: bytes))
        }
        guard !lines.isEmpty, lines[0].indent == 0 else { return nil }
        var parser = BlockYAML(lines: lines)
        guard let root = parser.block(at: 0, from: parser.lines[0].bytes.startIndex), parser.next == lines.count else { return nil }
        return root
    }

    private init(lines: [Line]) {
        self.lines = lines
    }

    // MARK: Blocks

    /// A mapping or a sequence whose first entry starts at `start` in the current line, at column `indent`.
    private mutating func block(at indent: Int, from start: Int) -> YAMLNode? {
        let line = lines[next]
        if isItem(line.bytes, at: start) { return sequence(at: indent) }
        return mapping(at: indent, from: start)
    }

    private mutating func mapping(at indent: Int, from firstStart: Int) -> YAMLNode? {
        var pairs: [(YAMLNode, YAMLNode)] = []
        var keys: Set<String> = []
        var start = firstStart
        let mark = self.mark(lines[next], start)
        while true {
            let line = lines[next]
            guard let (key, after) = plainKey(line.bytes, at: start), keys.insert(key).inserted else { return nil }
            let keyNode = YAMLNode.scalar(YAMLNode.Scalar(string: key, isPlain: true), self.mark(line, start))
            let value: YAMLNode
            if after == line.bytes.endIndex {
                // `key:` then a more indented block on the next lines.
                next += 1
                guard next < lines.count, lines[next].indent > indent,
                      let nested = block(at: lines[next].indent, from: lines[next].bytes.startIndex + lines[next].indent) else {
                    return nil
                }
                value = nested
            } else {
                guard let inline = inlineValue(line, from: after) else { return nil }
                value = inline
                next += 1
            }
            pairs.append((keyNode, value))
            guard next < lines.count, lines[next].indent == indent, !isItem(lines[next].bytes, at: lines[next].bytes.startIndex + indent) else {
                break
            }
            start = lines[next].bytes.startIndex + indent
        }
        // A line more indented than this mapping, left over, is something this reader does not take.
        if next < lines.count, lines[next].indent > indent { return nil }
        return .mapping(pairs, mark)
    }

    private mutating func sequence(at indent: Int) -> YAMLNode? {
        var items: [YAMLNode] = []
        let mark = self.mark(lines[next], lines[next].bytes.startIndex + indent)
        while next < lines.count, lines[next].indent == indent, isItem(lines[next].bytes, at: lines[next].bytes.startIndex + indent) {
            let line = lines[next]
            var start = line.bytes.startIndex + indent + 1
            while start < line.bytes.endIndex, line.bytes[start] == 0x20 { start += 1 }
            guard start < line.bytes.endIndex, !isItem(line.bytes, at: start) else { return nil }
            if plainKey(line.bytes, at: start) != nil {
                // `- key: value` starts a mapping whose keys line up with this first one.
                guard let item = mapping(at: start - line.bytes.startIndex, from: start) else { return nil }
                items.append(item)
            } else {
                guard let item = inlineValue(line, from: start) else { return nil }
                items.append(item)
                next += 1
            }
        }
        if next < lines.count, lines[next].indent > indent { return nil }
        return .sequence(items, mark)
    }

    // MARK: Inline values

    /// The rest of a line after `key: ` or `- `: a scalar or a one-line flow collection, then nothing.
    private func inlineValue(_ line: Line, from start: Int) -> YAMLNode? {
        var end = line.bytes.endIndex
        while end > start, line.bytes[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return nil }
        let text = line.bytes[start..<end]
        switch text.first! {
        case UInt8(ascii: "\""):
            guard let (scalar, after) = quoted(text, from: start), after == end else { return nil }
            return .scalar(scalar, mark(line, start))
        case UInt8(ascii: "["):
            return flow(line, text, closing: UInt8(ascii: "]"))
        case UInt8(ascii: "{"):
            return flow(line, text, closing: UInt8(ascii: "}"))
        default:
            guard let scalar = plain(text, flow: false) else { return nil }
            return .scalar(scalar, mark(line, start))
        }
    }

    /// `[a, "b"]` or `{k: v, k2: "w"}` on one line, with scalars only.
    private func flow(_ line: Line, _ text: ArraySlice<UInt8>, closing: UInt8) -> YAMLNode? {
        guard text.last == closing else { return nil }
        let isMapping = closing == UInt8(ascii: "}")
        let inner = text.index(after: text.startIndex)..<text.index(before: text.endIndex)
        var items: [YAMLNode] = []
        var pairs: [(YAMLNode, YAMLNode)] = []
        var keys: Set<String> = []
        var position = inner.lowerBound
        func skipSpaces() { while position < inner.upperBound, text[position] == 0x20 { position += 1 } }
        func scalar() -> (YAMLNode.Scalar, Int)? {
            if position < inner.upperBound, text[position] == UInt8(ascii: "\"") {
                return quoted(text[position..<inner.upperBound], from: position)
            }
            var end = position
            while end < inner.upperBound, text[end] != UInt8(ascii: ","),
                  !(isMapping && text[end] == UInt8(ascii: ":")) { end += 1 }
            var trimmed = end
            while trimmed > position, text[trimmed - 1] == 0x20 { trimmed -= 1 }
            guard trimmed > position, let value = plain(text[position..<trimmed], flow: true) else { return nil }
            return (value, end)
        }
        skipSpaces()
        if position == inner.upperBound {
            return isMapping ? .mapping([], mark(line, text.startIndex)) : .sequence([], mark(line, text.startIndex))
        }
        while true {
            skipSpaces()
            let start = position
            guard let (first, after) = scalar() else { return nil }
            position = after
            if isMapping {
                guard first.isPlain, keys.insert(first.string).inserted, position + 1 < inner.upperBound,
                      text[position] == UInt8(ascii: ":"), text[position + 1] == 0x20 else { return nil }
                position += 1
                skipSpaces()
                let valueStart = position
                guard let (value, valueEnd) = scalar() else { return nil }
                position = valueEnd
                pairs.append((.scalar(first, mark(line, start)), .scalar(value, mark(line, valueStart))))
            } else {
                items.append(.scalar(first, mark(line, start)))
            }
            skipSpaces()
            if position == inner.upperBound { break }
            guard text[position] == UInt8(ascii: ",") else { return nil }
            position += 1
            skipSpaces()
            guard position < inner.upperBound else { return nil }  // a trailing comma is left to Yams
        }
        return isMapping ? .mapping(pairs, mark(line, text.startIndex)) : .sequence(items, mark(line, text.startIndex))
    }

    /// `"…"` with no escape; returns the scalar and the index after the closing quote.
    private func quoted(_ text: ArraySlice<UInt8>, from start: Int) -> (YAMLNode.Scalar, Int)? {
        var end = start + 1
        while end < text.endIndex, text[end] != UInt8(ascii: "\"") {
            if text[end] == UInt8(ascii: "\\") { return nil }
            end += 1
        }
        guard end < text.endIndex else { return nil }
        return (YAMLNode.Scalar(string: String(decoding: text[(start + 1)..<end], as: UTF8.self), isPlain: false), end + 1)
    }

    /// A plain scalar that means itself: no indicator first, no `: `, ` #` or final `:`; in flow context no
    /// `,[]{}:` at all.
    private func plain(_ text: ArraySlice<UInt8>, flow: Bool) -> YAMLNode.Scalar? {
        guard let first = text.first, !"-?:,[]{}#&*!|>'\"%@`".utf8.contains(first), text.last != UInt8(ascii: ":") else { return nil }
        for position in text.indices {
            let byte = text[position]
            if flow && "[]{},:".utf8.contains(byte) { return nil }
            if position + 1 < text.endIndex {
                let following = text[position + 1]
                if (byte == UInt8(ascii: ":") && following == 0x20) || (byte == 0x20 && following == UInt8(ascii: "#")) { return nil }
            }
        }
        return YAMLNode.Scalar(string: String(decoding: text, as: UTF8.self), isPlain: true)
    }

    // MARK: Lexical helpers

    /// `key:` followed by a space or the end of the line; returns the key and the index of the value.
    private func plainKey(_ bytes: ArraySlice<UInt8>, at start: Int) -> (String, Int)? {
        var index = start
        while index < bytes.endIndex, isKeyByte(bytes[index], first: index == start) { index += 1 }
        guard index > start, index < bytes.endIndex, bytes[index] == UInt8(ascii: ":") else { return nil }
        let key = String(decoding: bytes[start..<index], as: UTF8.self)
        if index + 1 == bytes.endIndex { return (key, bytes.endIndex) }
        guard bytes[index + 1] == 0x20 else { return nil }
        var value = index + 1
        while value < bytes.endIndex, bytes[value] == 0x20 { value += 1 }
        return (key, value)
    }

    private func isItem(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool {
        index < bytes.endIndex && bytes[index] == UInt8(ascii: "-") && (index + 1 == bytes.endIndex || bytes[index + 1] == 0x20)
    }

    private func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): return !first
        default: return false
        }
    }

    /// libyaml's position: 1-based line, and columns counted in Unicode scalars (UTF-8 lead bytes).
    private func mark(_ line: Line, _ index: Int) -> YAMLNode.Mark {
        YAMLNode.Mark(line: line.number, column: 1 + line.bytes[line.bytes.startIndex..<index].count { $0 & 0xC0 != 0x80 })
    }

    /// Printable ASCII and UTF-8 bytes only (tabs and controls go to Yams).
    private static func isAllowed(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != 0x7F }

    /// C1 controls (NEL among them), U+2028/U+2029 (line breaks to YAML) and U+FEFF/U+FFFE/U+FFFF.
    private static func hasRiskySequence(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (this, next) = (bytes[index], bytes[index + 1])
            if this == 0xC2 && (0x80...0x9F).contains(next) { return true }
            if index + 2 < bytes.endIndex {
                let third = bytes[index + 2]
                if this == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9) { return true }
                if this == 0xEF && ((next == 0xBB && third == 0xBF) || (next == 0xBF && (third == 0xBE || third == 0xBF))) { return true }
            }
            index += 1
        }
        return false
    }
}
