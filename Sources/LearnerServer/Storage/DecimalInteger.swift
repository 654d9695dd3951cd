/// An `Int` written in decimal on bytes, read as `Int(_:)` reads a string (an optional sign, then digits, nil on
/// anything else or on overflow), without making a string: element names and stored sequence numbers are read
/// on every commit.
enum DecimalInteger {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = bytes.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let digits = first == UInt8(ascii: "+") || negative ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            // Negative numbers are built downwards, so that Int.min fits.
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowAdd else { return nil }
            value = next
        }
        return value
    }
}
