/// JSON written directly, in the bytes Foundation's JSONEncoder gives with `.sortedKeys` and
/// `.withoutEscapingSlashes`: for documents written on every SCO page or every commit, where the encoder
/// cost more than the work around it. Callers write keys in sorted order; tests compare with the encoder.
public struct JSONText {
    public private(set) var text = ""
    /// Write `<` as `\u003c`, so that the text can sit inside an HTML `<script>` element (see `ScriptJSON`).
    let escapesLessThan: Bool
    private var needsComma = [false]

    public init(escapesLessThan: Bool = false) {
        self.escapesLessThan = escapesLessThan
    }

    public mutating func beginObject() { value("{"); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); text += "}" }
    public mutating func beginArray() { value("["); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); text += "]" }

    /// A key of the current object; the value follows.
    public mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &text, escapesLessThan: escapesLessThan)
        text += ":"
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &text, escapesLessThan: escapesLessThan)
    }

    public mutating func bool(_ value: Bool) { self.value(value ? "true" : "false") }
    public mutating func null() { value("null") }
    public mutating func int(_ value: Int) { self.value(String(value)) }

    /// As JSONEncoder writes a Double: its shortest description, without a trailing ".0".
    public mutating func double(_ value: Double) {
        var written = value.description
        if written.hasSuffix(".0") { written.removeLast(2) }
        self.value(written)
    }

    /// `"key": { … }`, the body writing the members (or the whole document's members with no key).
    public mutating func object(_ key: String? = nil, _ body: (inout JSONText) -> Void) {
        if let key { self.key(key) }
        beginObject()
        body(&self)
        endObject()
    }

    /// `"key": [ … ]`.
    public mutating func array(_ key: String? = nil, _ body: (inout JSONText) -> Void) {
        if let key { self.key(key) }
        beginArray()
        body(&self)
        endArray()
    }

    // Members: nothing is written for a nil value, as JSONEncoder leaves out nil optionals.
    public mutating func field(_ key: String, _ value: String?) { if let value { self.key(key); string(value) } }
    public mutating func field(_ key: String, _ value: Int?) { if let value { self.key(key); int(value) } }
    public mutating func field(_ key: String, _ value: Double?) { if let value { self.key(key); double(value) } }
    public mutating func field(_ key: String, _ value: Bool?) { if let value { self.key(key); bool(value) } }
    public mutating func field(_ key: String, _ values: [String]?) { if let values { self.key(key); strings(values) } }

    public mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func value(_ literal: String) {
        separate()
        text += literal
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    public static func quoted(_ value: String) -> String {
        var text = ""
        appendQuoted(value, to: &text, escapesLessThan: false)
        return text
    }

    package static func appendQuoted(_ value: String, to text: inout String, escapesLessThan: Bool) {
        text += "\""
        // Most strings need no escape: appended whole, not scalar by scalar.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\")
                                           || (escapesLessThan && $0 == UInt8(ascii: "<")) }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "<" where escapesLessThan: text += "\\u003c"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
