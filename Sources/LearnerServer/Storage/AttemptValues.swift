/// An attempt's run-time values as they are stored in its row (`attempts.cmi_values`): for each element,
/// `element NUL seq NUL value NUL`, elements in order. One row per attempt instead of one per element: a
/// commit then writes one row, and every reader of an attempt reads one column.
/// NUL can separate because no element name has one and the server refuses values that do.
enum AttemptValues {
    static func encode(_ values: [String: StoredValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.reduce(0) { $0 + $1.key.utf8.count + $1.value.value.utf8.count + 8 })
        // Element names are ASCII, where String's order is the bytes' order (and its fast path).
        for (element, stored) in values.sorted(by: { $0.key < $1.key }) {
            bytes.append(contentsOf: element.utf8)
            bytes.append(0)
            bytes.append(contentsOf: String(stored.seq).utf8)
            bytes.append(0)
            bytes.append(contentsOf: stored.value.utf8)
            bytes.append(0)
        }
        return bytes
    }

    /// The bytes `encode` spends on one element.
    static func size(_ element: String, _ stored: StoredValue) -> Int {
        element.utf8.count + String(stored.seq).utf8.count + stored.value.utf8.count + 3
    }

    /// The values in `bytes`. Reading stops at the first record that is cut short or whose sequence number is not
    /// an integer: only a hand-edited row could hold one, and what comes after it cannot be trusted.
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
            case 1:
                guard let number = DecimalInteger.parse(field.assumingMemoryBound(to: UInt8.self)) else { return values }
                seq = number
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
}
