/// The JSON of a commit's answer, written directly: it is stored as the receipt of every commit and sent back
/// for each, and JSONEncoder cost more than the SQL around it. Keys are sorted and slashes left alone, so the
/// bytes are those of the API's encoder (`JSONBody.encoder`); a test holds the two together.
extension CommitResult {
    var json: String {
        var out = "{\"applied\":\(applied ? "true" : "false"),\"errors\":["
        for (index, error) in errors.enumerated() {
            if index > 0 { out += "," }
            out += "{\"code\":\(error.code),\"element\":"
            Self.appendQuoted(error.element, to: &out)
            out += ",\"message\":"
            Self.appendQuoted(error.message, to: &out)
            out += "}"
        }
        return out + "]}"
    }

    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
