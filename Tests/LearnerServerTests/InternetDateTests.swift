import Foundation
import Testing
@testable import LearnerServer

@Suite("RFC 3339 dates read and written on bytes")
struct InternetDateTests {
    @Test(arguments: [
        ("2026-12-07T10:00:00Z", 1_796_637_600.0),
        ("2026-12-07t10:00:00z", 1_796_637_600.0),
        ("2026-12-07T11:00:00+01:00", 1_796_637_600.0),
        ("2026-12-07T05:30:00-04:30", 1_796_637_600.0),
        ("2026-12-07T10:00:00-00:00", 1_796_637_600.0),
        ("2026-12-07T10:00:00.5Z", 1_796_637_600.5),
        ("2026-12-07T10:00:00.250Z", 1_796_637_600.25),
        ("2026-12-07T10:00:00.123456789Z", 1_796_637_600.123456789),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2000-02-29T12:00:00Z", 951_825_600),
        ("2016-12-31T23:59:60Z", 1_483_228_800),
        ("2017-01-01T00:59:60+01:00", 1_483_228_800),
        ("0001-01-01T00:00:00Z", -62_135_596_800),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
    ])
    func readsValidDates(_ text: String, _ seconds: Double) throws {
        let date = try InternetDate.parse(text)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6, "\(text)")
    }

    @Test(arguments: [
        // The value that crashed the server inside ICU: 35 fractional digits.
        ("2026-12-07T10:00:00.00000000000000000000000000000000000Z", "at most 9 digits"),
        ("2026-12-07T10:00:00.1234567890Z", "at most 9 digits"),
        ("2026-02-30T10:00:00Z", "2026-02-30 does not exist"),
        ("2025-02-29T10:00:00Z", "2025-02-29 does not exist"),
        ("1900-02-29T10:00:00Z", "1900-02-29 does not exist"),
        ("2026-04-31T10:00:00Z", "does not exist"),
        ("2026-13-01T10:00:00Z", "month 13"),
        ("2026-00-01T10:00:00Z", "month 0"),
        ("2026-12-00T10:00:00Z", "does not exist"),
        ("2026-12-07T10:00:00+99:99", "offset +99:99 is out of range"),
        ("2026-12-07T10:00:00+24:00", "out of range"),
        ("2026-12-07T24:00:00Z", "hour 24"),
        ("2026-12-07T10:60:00Z", "minute 60"),
        ("2026-12-07T10:00:61Z", "second 61"),
        ("2026-12-07T10:00:60Z", "leap second"),
        ("2026-12-07T10:00:00", "time zone is missing"),
        ("2026-12-07T10:00:00.Z", "a digit must follow"),
        ("2026-12-07 10:00:00Z", "'T'"),
        ("2026-12-07", "'T'"),
        ("26-12-07T10:00:00Z", "year"),
        ("+2026-12-07T10:00:00Z", "year"),
        ("2026-1-07T10:00:00Z", "month"),
        ("2026-12-07T10:00Z", "':'"),
        ("2026-12-07T10:00:00+0100", "':' in the offset"),
        ("2026-12-07T10:00:00ZZ", "unexpected characters"),
        ("2026-12-07T10:00:00Z ", "unexpected characters"),
        (" 2026-12-07T10:00:00Z", "year"),
        // Non-ASCII digits: Arabic-Indic and full-width.
        ("٢٠٢٦-12-07T10:00:00Z", "ASCII digits"),
        ("２０２６-12-07T10:00:00Z", "ASCII digits"),
        ("2026-12-07T10:00:00.١Z", "a digit must follow"),
        ("", "year"),
        (String(repeating: "9", count: 100), "too long"),
    ])
    func refusesWhatIsNotRFC3339(_ text: String, _ reason: String) {
        #expect(throws: InternetDate.Failure.self, "\(text)") { try InternetDate.parse(text) }
        do {
            _ = try InternetDate.parse(text)
        } catch {
            #expect(error.description.contains(reason), "\(text): \(error.description)")
        }
    }

    @Test func writesWhatItReads() throws {
        // Every day of four years across a leap year and the epoch, at odd times, agrees with Foundation's formatter.
        let foundation = ISO8601DateFormatter()
        var seconds = -2 * 365 * 86_400.0 + 3_723
        while seconds < 2 * 365 * 86_400.0 {
            let date = Date(timeIntervalSince1970: seconds)
            let written = InternetDate.string(from: date)
            #expect(written == foundation.string(from: date))
            #expect(try InternetDate.parse(written) == date)
            seconds += 86_400 + 7
        }
        #expect(InternetDate.string(from: Date(timeIntervalSince1970: 1.5), fractionDigits: 3) == "1970-01-01T00:00:01.500Z")
        #expect(InternetDate.string(from: Date(timeIntervalSince1970: 1.9999), fractionDigits: 3) == "1970-01-01T00:00:02.000Z")
        #expect(InternetDate.string(from: Date(timeIntervalSince1970: -0.5), fractionDigits: 1) == "1969-12-31T23:59:59.5Z")
        #expect(InternetDate.dayString(from: Date(timeIntervalSince1970: 1_796_637_600)) == "2026-12-07")
    }

    @Test func civilDaysRoundTrip() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let (year, month, day) = InternetDate.civil(fromDays: days)
            #expect(InternetDate.days(year: year, month: month, day: day) == days)
        }
    }
}
