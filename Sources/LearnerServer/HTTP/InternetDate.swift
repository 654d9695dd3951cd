import Foundation

/// RFC 3339 date-times (`2026-12-07T10:00:00.123Z`, `2026-12-07T11:00:00+01:00`), read and written on bytes.
/// Every date the server reads goes through here: Foundation's `ISO8601DateFormatter` sits on ICU, which crashed
/// the process on a fraction of 35 digits and accepted `2026-02-30` and an offset of `+99:99`.
///
/// Strict on purpose: ASCII digits only, the month's real days, hours 00–23, an offset within ±23:59, at most 9
/// fractional digits, `T` and `Z` in either case (RFC 3339 §5.6 note). A leap second (`:60`) is accepted at 23:59
/// UTC only, and read as the next second, as POSIX time does.
public enum InternetDate {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static let maximumFractionDigits = 9

    public static func parse(_ text: String) throws(Failure) -> Date {
        var text = text
        let result = text.withUTF8 { bytes in Result { () throws(Failure) in try parse(UnsafeRawBufferPointer(bytes)) } }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Date {
        var reader = Reader(bytes: bytes)
        return try reader.dateTime()
    }

    /// `2026-12-07T10:00:00Z`, or with `fractionDigits` (1–9) of the second, always in UTC.
    public static func string(from date: Date, fractionDigits: Int = 0) -> String {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = Int64(whole)
        let fraction = interval - whole
        let digits = min(max(fractionDigits, 0), maximumFractionDigits)
        var scaled: Int64 = 0
        if digits > 0 {
            let scale = pow(10.0, Double(digits))
            scaled = Int64((fraction * scale).rounded())
            if Double(scaled) >= scale {
                seconds += 1
                scaled = 0
            }
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + digits + 1)
        let (year, month, day) = civil(fromDays: days)
        appendDigits(&bytes, year, 4)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(&bytes, month, 2)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(&bytes, day, 2)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(&bytes, secondOfDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(&bytes, secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(&bytes, secondOfDay % 60, 2)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(&bytes, Int(scaled), digits)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-12-07`, the UTC day of `date`.
    public static func dayString(from date: Date) -> String {
        String(string(from: date).prefix(10))
    }

    private static func appendDigits(_ bytes: inout [UInt8], _ value: Int, _ width: Int) {
        // Years before 0 or after 9999 cannot come from `parse`; they are written with as many digits as they need.
        var value = value
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            value = -value
        }
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        for _ in digits.count..<max(width, digits.count) { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: digits.reversed())
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(year:month:day:)`.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

        static let example = "like 2026-12-07T10:00:00Z or 2026-12-07T11:00:00.250+01:00"

        func fail(_ reason: String) -> Failure {
            Failure(description: "\(reason); expected an RFC 3339 date and time \(Self.example)")
        }

        mutating func number(_ width: Int, _ what: String) throws(Failure) -> Int {
            var value = 0
            for _ in 0..<width {
                guard index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") else {
                    throw fail("the \(what) must be \(width) ASCII digits")
                }
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }

        mutating func expect(_ options: [UInt8], _ what: String) throws(Failure) {
            guard index < bytes.count, options.contains(bytes[index]) else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func dateTime() throws(Failure) -> Date {
            guard bytes.count <= 64 else { throw fail("the value is too long") }
            let year = try number(4, "year")
            try expect([UInt8(ascii: "-")], "'-' after the year")
            let month = try number(2, "month")
            try expect([UInt8(ascii: "-")], "'-' after the month")
            let day = try number(2, "day")
            guard (1...12).contains(month) else { throw fail("month \(month) does not exist") }
            guard day >= 1, day <= InternetDate.daysIn(month: month, year: year) else {
                throw fail("\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day)) does not exist")
            }
            try expect([UInt8(ascii: "T"), UInt8(ascii: "t")], "'T' between the date and the time")
            let hour = try number(2, "hour")
            try expect([UInt8(ascii: ":")], "':' after the hour")
            let minute = try number(2, "minute")
            try expect([UInt8(ascii: ":")], "':' after the minutes")
            let second = try number(2, "second")
            guard hour <= 23 else { throw fail("hour \(hour) is out of range (00-23)") }
            guard minute <= 59 else { throw fail("minute \(minute) is out of range (00-59)") }
            guard second <= 60 else { throw fail("second \(second) is out of range (00-60)") }
            var fraction = 0.0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                var value = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    digits += 1
                    guard digits <= InternetDate.maximumFractionDigits else {
                        throw fail("at most \(InternetDate.maximumFractionDigits) digits may follow the seconds' decimal point")
                    }
                    value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                guard digits > 0 else { throw fail("a digit must follow the seconds' decimal point") }
                fraction = Double(value) / pow(10, Double(digits))
            }
            guard index < bytes.count else { throw fail("the time zone is missing (Z or an offset such as +01:00)") }
            var offset = 0
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                let offsetHours = try number(2, "offset's hours")
                try expect([UInt8(ascii: ":")], "':' in the offset")
                let offsetMinutes = try number(2, "offset's minutes")
                guard offsetHours <= 23, offsetMinutes <= 59 else {
                    throw fail("the offset \(sign < 0 ? "-" : "+")\(Self.twoDigits(offsetHours)):\(Self.twoDigits(offsetMinutes)) is out of range")
                }
                offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                throw fail("the time zone must be Z or an offset such as +01:00")
            }
            guard index == bytes.count else { throw fail("unexpected characters after the time zone") }
            var seconds = InternetDate.days(year: year, month: month, day: day) * 86_400
                + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offset)
            if second == 60 {
                // A leap second ends a UTC day.
                guard (seconds % 86_400 + 86_400) % 86_400 == 86_399 else {
                    throw fail("a leap second (:60) can only be 23:59:60 UTC")
                }
                seconds += 1
            }
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }
    }
}
