/// An attempt's run-time values as they are stored in its row (`attempts.cmi_values`): for each element,
/// `element NUL seq NUL value NUL`, elements in order. One row per attempt instead of one per element: a
/// commit then writes one row, and every reader of an attempt reads one column.
/// NUL can separate because no element name has one and the server refuses values that do.
enum AttemptValues {
    static func encode(_ values: [String: StoredValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(0) { $0 + $1.key.utf8.count + $1.value.value.utf8.count + 8 })
        // Element names are ASCII, where String's order is the bytes' order (and its fast path).
        for element in values.keys.sorted() {
            let stored = values[element]!
            bytes.append(contentsOf: element.utf8)
            bytes.append(0)
            bytes.append(contentsOf: String(stored.seq).utf8)
            bytes.append(0)
            bytes.append(contentsOf: stored.value.utf8)
            bytes.append(0)
        }
        return bytes
    }

    /// The values in `bytes`; a record cut short (which only a hand-edited row could hold) ends the reading.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> [String: StoredValue] {
        var values: [String: StoredValue] = [:]
        var start = 0
        var fieldsRead = 0
        var element = ""
        var seq = 0
        for index in 0..<bytes.count where bytes[index] == 0 {
            let field = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            switch fieldsRead % 3 {
            case 0: element = String(decoding: field, as: UTF8.self)
            case 1: seq = Self.integer(field)
            default: values[element] = StoredValue(value: String(decoding: field, as: UTF8.self), seq: seq)
            }
            fieldsRead += 1
            start = index + 1
        }
        return values
    }

    static func decode(_ bytes: [UInt8]) -> [String: StoredValue] {
        bytes.withUnsafeBytes { decode($0) }
    }

    private static func integer(_ digits: UnsafeRawBufferPointer) -> Int {
        var negative = false
        var value = 0
        for byte in digits {
            if byte == UInt8(ascii: "-") { negative = true } else { value = value &* 10 &+ Int(byte &- UInt8(ascii: "0")) }
        }
        return negative ? -value : value
    }
}
