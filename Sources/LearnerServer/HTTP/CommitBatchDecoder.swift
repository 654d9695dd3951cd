/// A direct parser for the usual commit body, `{"id", "attempt", "seq", "values": {"cmi.…": "…"}}`: Foundation's
/// JSONDecoder was a tenth of the server's time under a stream of commits. It reads standard JSON (whitespace,
/// every string escape, surrogate pairs, strict UTF-8) and answers nil for anything else — another key, `at`,
/// a duplicate, a non-integer number, a syntax error — so that JSONDecoder decides, with its messages.
enum CommitBatchDecoder {
    static func decode(_ bytes: UnsafeRawBufferPointer) -> CommitBatch? {
        var parser = Parser(bytes: bytes)
        return parser.batch()
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func batch() -> CommitBatch? {
            var id: String?, attempt: Int?, seq: Int?, values: [String: String]?
            guard consume(UInt8(ascii: "{")) else { return nil }
            var first = true
            while true {
                skipSpace()
                if consume(UInt8(ascii: "}")) { break }
                if !first { guard consume(UInt8(ascii: ",")) else { return nil } }
                first = false
                guard let key = string(), consume(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "id" where id == nil: guard let value = string() else { return nil }; id = value
                case "attempt" where attempt == nil: guard let value = integer() else { return nil }; attempt = value
                case "seq" where seq == nil: guard let value = integer() else { return nil }; seq = value
                case "values" where values == nil: guard let value = stringMap() else { return nil }; values = value
                default: return nil
                }
            }
            skipSpace()
            guard index == bytes.count, let id, let attempt, let seq, let values else { return nil }
            return CommitBatch(id: id, attempt: attempt, seq: seq, values: values)
        }

        mutating func stringMap() -> [String: String]? {
            guard consume(UInt8(ascii: "{")) else { return nil }
            var map: [String: String] = [:]
            var first = true
            while true {
                skipSpace()
                if consume(UInt8(ascii: "}")) { return map }
                if !first { guard consume(UInt8(ascii: ",")) else { return nil } }
                first = false
                guard let key = string(), consume(UInt8(ascii: ":")), let value = string(), map[key] == nil else { return nil }
                map[key] = value
            }
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        /// Skips white space, then takes `byte` if it is next.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// `-?(0|[1-9][0-9]*)` only: a fraction or an exponent goes to JSONDecoder.
        mutating func integer() -> Int? {
            skipSpace()
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                index += 1
            }
            let digits = index - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
            return negative ? -value : value
        }

        mutating func string() -> String? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            // Most strings have no escape: validate the bytes in place, in one go.
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\""), let base = bytes.baseAddress {
                let span = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + index, count: end - index)
                index = end + 1
                // String(decoding:) is the fast path; it repairs bad UTF-8, which then shows as changed bytes.
                let text = String(decoding: span, as: UTF8.self)
                return text.utf8.elementsEqual(span) ? text : nil
            }
            var utf8: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return nil }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var code = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(code) {
                            // A high surrogate must be followed by an escaped low one.
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else { return nil }
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(code) {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        utf8.append(contentsOf: String(scalar).utf8)
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    utf8.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                code = code << 4 | UInt32(digit)
                index += 1
            }
            return code
        }
    }
}
