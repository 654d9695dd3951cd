/// UTF-8 HTML built in one buffer, from pieces that read like the template: string literals are markup,
/// `.text` is escaped as Mustache's `{{…}}` is (`& < > " '`), `.raw` is inserted as `{{{…}}}` is.
struct HTMLText {
    enum Piece: ExpressibleByStringLiteral {
        case raw(String)
        case text(String)

        init(stringLiteral markup: String) { self = .raw(markup) }
    }

    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ pieces: Piece...) {
        for piece in pieces {
            switch piece {
            case .raw(let markup): bytes.append(contentsOf: markup.utf8)
            case .text(let text): escape(text)
            }
        }
    }

    private mutating func escape(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
    }

}
