/// Reads the YAML of a lesson's front matter — a few `key: value` lines — without starting a YAML parser,
/// which cost more than the rest of reading a lesson. Only a strict subset is read here: keys of letters,
/// digits, `_` and `-` at the start of a line; values that are a plain scalar with no indicator, comment or
/// `: ` in it, or a double-quoted scalar without escapes. Anything else answers nil and goes to Yams, so the
/// meaning and every position are Yams' own (a test compares the two on every lesson of the repository).
enum FlatMapping {
    static func parse(_ text: String) -> YAMLNode? {
        var pairs: [(YAMLNode, YAMLNode)] = []
        var keys: Set<String> = []
        var lineNumber = 0
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            guard let (key, value) = entry(Array(line), line: lineNumber), keys.insert(key.string).inserted else { return nil }
            pairs.append((.scalar(key, YAMLNode.Mark(line: lineNumber, column: 1)), value))
        }
        guard !pairs.isEmpty else { return nil }
        return .mapping(pairs, pairs[0].0.mark)
    }

    private static func entry(_ bytes: [UInt8], line: Int) -> (YAMLNode.Scalar, YAMLNode)? {
        var index = 0
        while index < bytes.count, isKeyByte(bytes[index], first: index == 0) { index += 1 }
        guard index > 0, index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == 0x20 else { return nil }
        let key = YAMLNode.Scalar(string: String(decoding: bytes[..<index], as: UTF8.self), isPlain: true)
        index += 1
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count else { return nil }
        let mark = YAMLNode.Mark(line: line, column: index + 1)  // everything before is ASCII
        var end = bytes.count
        while end > index, bytes[end - 1] == 0x20 { end -= 1 }
        let value = bytes[index..<end]
        guard value.allSatisfy(isPrintable), !containsLineBreak(value) else { return nil }
        if value.first == UInt8(ascii: "\"") {
            let inner = value.dropFirst().dropLast()
            guard value.count >= 2, value.last == UInt8(ascii: "\""),
                  !inner.contains(UInt8(ascii: "\"")), !inner.contains(UInt8(ascii: "\\")) else { return nil }
            return (key, .scalar(YAMLNode.Scalar(string: String(decoding: inner, as: UTF8.self), isPlain: false), mark))
        }
        guard !isIndicator(value.first!), value.last != UInt8(ascii: ":") else { return nil }
        for position in value.indices.dropLast() {
            let (this, next) = (value[position], value[position + 1])
            if (this == UInt8(ascii: ":") && next == 0x20) || (this == 0x20 && next == UInt8(ascii: "#")) { return nil }
        }
        return (key, .scalar(YAMLNode.Scalar(string: String(decoding: value, as: UTF8.self), isPlain: true), mark))
    }

    private static func isKeyByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): return !first
        default: return false
        }
    }

    /// Characters that give a plain scalar's first position another meaning (sequence, key, flow, comment,
    /// anchor, alias, tag, block scalar, quote, directive, reserved).
    private static func isIndicator(_ byte: UInt8) -> Bool {
        "-?:,[]{}#&*!|>'\"%@`".utf8.contains(byte)
    }

    /// ASCII controls (tab included) and DEL are refused here; so are the C1 controls and U+FEFF, U+FFFE, U+FFFF.
    private static func isPrintable(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x7F
    }

    private static func containsLineBreak(_ value: ArraySlice<UInt8>) -> Bool {
        for position in value.indices.dropLast() {
            let (this, next) = (value[position], value[position + 1])
            // C1 controls (U+0080–U+009F, NEL among them) are not printable in YAML 1.1.
            if this == 0xC2 && (0x80...0x9F).contains(next) { return true }
            // U+2028, U+2029 (line and paragraph separators); U+FEFF, U+FFFE, U+FFFF.
            if this == 0xE2, next == 0x80, position + 2 < value.endIndex, [0xA8, 0xA9].contains(value[position + 2]) { return true }
            if this == 0xEF, position + 2 < value.endIndex,
               (next == 0xBB && value[position + 2] == 0xBF) || (next == 0xBF && [0xBE, 0xBF].contains(value[position + 2])) {
                return true
            }
        }
        return false
    }
}
