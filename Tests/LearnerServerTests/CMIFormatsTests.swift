import Foundation
import Testing
@testable import LearnerServer
@testable import SCORMRuntime

/// A value and whether a format accepts it.
struct FormatCase: Sendable, CustomTestStringConvertible {
    let value: String
    let valid: Bool

    init(_ value: String, _ valid: Bool) {
        self.value = value
        self.valid = valid
    }

    var testDescription: String {
        "\"\(value.count > 40 ? "\(value.prefix(40))…(\(value.count))" : value)\" → \(valid ? "valid" : "invalid")"
    }
}

/// A response (or pattern) for an interaction type and whether it is valid.
struct ResponseCase: Sendable, CustomTestStringConvertible {
    let type: CMIInteractionType
    let value: String
    let valid: Bool

    init(_ type: CMIInteractionType, _ value: String, _ valid: Bool) {
        self.type = type
        self.value = value
        self.valid = valid
    }

    var testDescription: String { "\(type.rawValue): \"\(value.prefix(40))\" → \(valid ? "valid" : "invalid")" }
}

@Suite("CMI formats — SCORM 1.2")
struct SCORM12FormatTests {
    @Test(arguments: [
        FormatCase("00:00:00", true), FormatCase("0000:00:00.00", true), FormatCase("9999:59:59.99", true),
        FormatCase("12:34:56.7", true), FormatCase("123:00:00", true),
        FormatCase("1:00:00", false), FormatCase("12345:00:00", false), FormatCase("00:60:00", false),
        FormatCase("00:00:60", false), FormatCase("00:00:00.", false), FormatCase("00:00:00.123", false),
        FormatCase("00:00", false), FormatCase("PT1M", false), FormatCase(" 00:00:00", false), FormatCase("", false),
    ])
    func timespan(_ c: FormatCase) {
        #expect(CMIFormats.isCMITimespan(c.value) == c.valid)
    }

    @Test(arguments: [
        FormatCase("00:00:00", true), FormatCase("23:59:59", true), FormatCase("08:30:00.25", true),
        FormatCase("24:00:00", false), FormatCase("8:30:00", false), FormatCase("08:61:00", false),
        FormatCase("08:30", false), FormatCase("08:30:00.123", false), FormatCase("0008:30:00", false),
    ])
    func time(_ c: FormatCase) {
        #expect(CMIFormats.isCMITime(c.value) == c.valid)
    }

    @Test(arguments: [
        FormatCase("0", true), FormatCase("-2", true), FormatCase("85.25", true), FormatCase(".5", true),
        FormatCase("100.", true), FormatCase("+5", false), FormatCase("1e2", false), FormatCase("", false),
        FormatCase("-", false), FormatCase(".", false), FormatCase("1,5", false), FormatCase(" 1", false),
        FormatCase("NaN", false), FormatCase("inf", false),
    ])
    func decimal(_ c: FormatCase) {
        #expect(CMIFormats.isCMIDecimal(c.value) == c.valid)
    }

    @Test func integers() {
        #expect(CMIFormats.cmiSInteger("-32768") == -32768)
        #expect(CMIFormats.cmiSInteger("32767") == 32767)
        #expect(CMIFormats.cmiSInteger("32768") == nil)
        #expect(CMIFormats.cmiSInteger("1.0") == nil)
        #expect(CMIFormats.cmiSInteger("-") == nil)
        #expect(CMIFormats.cmiInteger("65536") == 65536)
        #expect(CMIFormats.cmiInteger("65537") == nil)
        #expect(CMIFormats.cmiInteger("-1") == nil)
    }

    @Test(arguments: [
        FormatCase("q1", true), FormatCase("Question_1.a-b", true), FormatCase("é", true),
        FormatCase(String(repeating: "i", count: 255), true), FormatCase(String(repeating: "i", count: 256), false),
        FormatCase("", false), FormatCase("a b", false), FormatCase("a\tb", false), FormatCase("a\u{7}", false),
    ])
    func identifier(_ c: FormatCase) {
        #expect(CMIFormats.isCMIIdentifier(c.value) == c.valid)
    }

    @Test func strings() {
        #expect(CMIFormats.isCMIString255(String(repeating: "é", count: 255)))
        #expect(!CMIFormats.isCMIString255(String(repeating: "é", count: 256)))
        #expect(CMIFormats.isCMIString4096(String(repeating: "x", count: 4096)))
        #expect(!CMIFormats.isCMIString4096(String(repeating: "x", count: 4097)))
    }

    @Test(arguments: [
        ResponseCase(.trueFalse, "t", true), ResponseCase(.trueFalse, "F", true), ResponseCase(.trueFalse, "1", true),
        ResponseCase(.trueFalse, "true", true), ResponseCase(.trueFalse, "yes", false), ResponseCase(.trueFalse, "", false),
        ResponseCase(.choice, "a", true), ResponseCase(.choice, "a,b,c", true), ResponseCase(.choice, "{a,b}", true),
        ResponseCase(.choice, "oui", true), ResponseCase(.choice, "", false), ResponseCase(.choice, "a,", false),
        ResponseCase(.choice, "a, b", false), ResponseCase(.choice, "{}", false),
        ResponseCase(.fillIn, "Des habitants du village", true), ResponseCase(.fillIn, "", true),
        ResponseCase(.fillIn, String(repeating: "x", count: 256), false),
        ResponseCase(.numeric, "3.5", true), ResponseCase(.numeric, "-1", true), ResponseCase(.numeric, "3,5", false),
        ResponseCase(.likert, "", true), ResponseCase(.likert, "4", true), ResponseCase(.likert, "4,5", false),
        ResponseCase(.matching, "1.a,2.b", true), ResponseCase(.matching, "{s1.t1,s2.t2}", true),
        ResponseCase(.matching, "1.a,2", false), ResponseCase(.matching, "1..a", false), ResponseCase(.matching, "", false),
        ResponseCase(.performance, "anything, really", true),
        ResponseCase(.sequencing, "c,a,b", true), ResponseCase(.sequencing, "i1,i2", true),
        ResponseCase(.sequencing, "c,,b", false), ResponseCase(.sequencing, "", false),
    ])
    func feedback(_ c: ResponseCase) {
        #expect(CMIFormats.isCMIFeedback(c.value, type: c.type) == c.valid)
    }
}

@Suite("CMI formats — SCORM 2004")
struct SCORM2004FormatTests {
    @Test(arguments: [
        FormatCase("PT1H2M3.45S", true), FormatCase("P1DT2H", true), FormatCase("PT0S", true), FormatCase("P1Y", true),
        FormatCase("P1Y2M3DT4H5M6S", true), FormatCase("PT05H", true), FormatCase("PT90M", true),
        FormatCase("PT3.5S", true), FormatCase("P0D", true), FormatCase("PT000005H", true),
        FormatCase("P", false), FormatCase("PT", false), FormatCase("P1DT", false), FormatCase("P1W", false),
        FormatCase("PT1.234S", false), FormatCase("PT1.S", false), FormatCase("PT.5S", false), FormatCase("-PT1S", false),
        FormatCase("PT1.5H", false), FormatCase("P1M1Y", false), FormatCase("PT1S1M", false), FormatCase("P1H", false),
        FormatCase("1H", false), FormatCase("pt1h", false), FormatCase("PT1H ", false), FormatCase("00:01:00", false),
        FormatCase("", false),
    ])
    func timeInterval(_ c: FormatCase) {
        #expect(CMIFormats.isTimeInterval(c.value) == c.valid)
    }

    @Test(arguments: [
        FormatCase("2024", true), FormatCase("2024-05", true), FormatCase("2024-05-01", true),
        FormatCase("2024-05-01T10", true), FormatCase("2024-05-01T10:20", true), FormatCase("2024-05-01T10:20:30", true),
        FormatCase("2024-05-01T10:20:30.5", true), FormatCase("2024-05-01T10:20:30.45Z", true),
        FormatCase("2024-05-01T10:20:30.4+02:00", true), FormatCase("2024-05-01T10:20:30.4-03", true),
        FormatCase("2024-02-29", true), FormatCase("2000-02-29", true), FormatCase("1970-01-01", true),
        FormatCase("2038-12-31T23:59:59.99", true),
        FormatCase("1969-12-31", false), FormatCase("2039", false), FormatCase("2023-02-29", false),
        FormatCase("1900-02-29", false), FormatCase("2024-04-31", false), FormatCase("2024-13-01", false),
        FormatCase("2024-00-10", false), FormatCase("2024-5-1", false), FormatCase("24-05-01", false),
        FormatCase("2024-05-01T24:00", false), FormatCase("2024-05-01T10:60", false), FormatCase("2024-05-01 10:20", false),
        FormatCase("2024-05-01T", false), FormatCase("2024-05-01T10:20:30Z", false),
        FormatCase("2024-05-01T10:20:30+02:00", false), FormatCase("2024-05-01T10:20:30.123", false),
        FormatCase("2024-05-01T10:20:30.4+24:00", false), FormatCase("2024-05-01T10:20:30.4+02:60", false),
        FormatCase("2024-05-01T10:20:30.4Z+01", false), FormatCase("", false),
    ])
    func time(_ c: FormatCase) {
        #expect(CMIFormats.isTime(c.value) == c.valid)
    }

    @Test(arguments: [
        FormatCase("0", true), FormatCase("-1", true), FormatCase("+0.5", true), FormatCase("0.1234567", true),
        FormatCase("-.25", true), FormatCase("12345678901", true), FormatCase("", false), FormatCase("1e-1", false),
        FormatCase("0x10", false), FormatCase("1.2.3", false), FormatCase("--1", false), FormatCase("+-1", false),
    ])
    func real(_ c: FormatCase) {
        #expect(CMIFormats.isReal(c.value) == c.valid)
    }

    @Test(arguments: [
        FormatCase("urn:ADL:interaction-id-0001", true), FormatCase("q1", true), FormatCase("accueil-premier-geste", true),
        FormatCase("http://example.com/q?id=1#part", true), FormatCase("tiers-lieu/étape-1", true),
        FormatCase("a%20b", true), FormatCase("x:y", true), FormatCase("urn:isbn:0451450523", true),
        FormatCase("", false), FormatCase("   ", false), FormatCase("a b", false), FormatCase("urn:", false),
        FormatCase("urn:portail", false), FormatCase("urn:-x:y", false), FormatCase("urn:x:", false),
        FormatCase("1a:b", false), FormatCase(":b", false), FormatCase("x:", false), FormatCase("a[1]", false),
        FormatCase("50%", false), FormatCase("%zz", false), FormatCase("a#b#c", false), FormatCase("a{b}", false),
        FormatCase("a\"b", false), FormatCase("a\\b", false), FormatCase("a\u{0}b", false),
    ])
    func identifier(_ c: FormatCase) {
        #expect(CMIFormats.isLongIdentifier(c.value) == c.valid)
        #expect(CMIFormats.isShortIdentifier(c.value) == c.valid)
    }

    @Test func identifierLengths() {
        #expect(CMIFormats.isShortIdentifier(String(repeating: "a", count: 250)))
        #expect(!CMIFormats.isShortIdentifier(String(repeating: "a", count: 251)))
        #expect(CMIFormats.isLongIdentifier(String(repeating: "a", count: 4000)))
        #expect(!CMIFormats.isLongIdentifier(String(repeating: "a", count: 4001)))
    }

    @Test(arguments: [
        FormatCase("en", true), FormatCase("fr-CA", true), FormatCase("FR-ca", true), FormatCase("zh-Hant", true),
        FormatCase("ast", true), FormatCase("i-klingon", true), FormatCase("x-portail", true),
        FormatCase("en-US-x-twain", true), FormatCase("es-419", true),
        FormatCase("e", false), FormatCase("english", false), FormatCase("fr-C", false), FormatCase("fr_FR", false),
        FormatCase("-fr", false), FormatCase("fr-", false), FormatCase("x", false), FormatCase("é", false),
        FormatCase("fr-abcdefghi", false), FormatCase("12", false), FormatCase("", false),
    ])
    func language(_ c: FormatCase) {
        #expect(CMIFormats.isLanguage(c.value) == c.valid)
    }

    @Test func theEmptyLanguageIsOnlyAPreference() {
        #expect(CMIFormats.isLanguage("", allowEmpty: true))
        #expect(!CMIFormats.isLanguage(""))
    }

    @Test(arguments: [
        FormatCase("{lang=fr}bonjour", true), FormatCase("plain", true), FormatCase("", true), FormatCase("{lang=fr}", true),
        FormatCase("{lang=fr-CA}" + String(repeating: "x", count: 250), true),
        FormatCase(String(repeating: "x", count: 250), true), FormatCase(String(repeating: "x", count: 251), false),
        FormatCase("{lang=}x", false), FormatCase("{lang=english}x", false), FormatCase("{lang=fr x", true),
        FormatCase("{other=1}x", true),
    ])
    func localizedString(_ c: FormatCase) {
        #expect(CMIFormats.isLocalizedString(c.value, spm: 250) == c.valid)
    }

    @Test(arguments: [
        FormatCase("continue", true), FormatCase("previous", true), FormatCase("_none_", true),
        FormatCase("suspendAll", true), FormatCase("{target=intro}choice", true), FormatCase("{target=urn:x:y}jump", true),
        FormatCase("choice", false), FormatCase("jump", false), FormatCase("{target=}choice", false),
        FormatCase("{target=a b}choice", false), FormatCase("{target=intro}exit", false), FormatCase("Continue", false),
        FormatCase("start", false), FormatCase("retry", false), FormatCase("", false),
    ])
    func navigationRequest(_ c: FormatCase) {
        #expect(CMIFormats.isNavigationRequest(c.value) == c.valid)
    }

    @Test(arguments: [
        ResponseCase(.trueFalse, "true", true), ResponseCase(.trueFalse, "false", true),
        ResponseCase(.trueFalse, "t", false), ResponseCase(.trueFalse, "True", false),
        ResponseCase(.choice, "a", true), ResponseCase(.choice, "a[,]b[,]urn:x:c", true), ResponseCase(.choice, "", true),
        ResponseCase(.choice, "a[,]a", false), ResponseCase(.choice, "a[,]", false), ResponseCase(.choice, "[,]a", false),
        ResponseCase(.choice, "a,b", true), ResponseCase(.choice, "a b", false),
        ResponseCase(.fillIn, "café", true), ResponseCase(.fillIn, "{lang=fr}café[,]{lang=en}coffee", true),
        ResponseCase(.fillIn, "", true), ResponseCase(.fillIn, "a[,]", true),
        ResponseCase(.fillIn, String(repeating: "x", count: 251), false), ResponseCase(.fillIn, "{lang=1}x", false),
        ResponseCase(.longFillIn, "{lang=fr}" + String(repeating: "x", count: 4000), true),
        ResponseCase(.longFillIn, String(repeating: "x", count: 4001), false),
        ResponseCase(.likert, "strongly_agree", true), ResponseCase(.likert, "", false), ResponseCase(.likert, "a b", false),
        ResponseCase(.matching, "s1[.]t1", true), ResponseCase(.matching, "s1[.]t1[,]s2[.]t1", true),
        ResponseCase(.matching, "", false), ResponseCase(.matching, "s1", false), ResponseCase(.matching, "s1[.]t1[.]u1", false),
        ResponseCase(.matching, "s1[.]t1[,]", false), ResponseCase(.matching, "[.]t1", false),
        ResponseCase(.performance, "step1[.]answer", true), ResponseCase(.performance, "[.]answer", true),
        ResponseCase(.performance, "step1[.]", true), ResponseCase(.performance, "[.]", false),
        ResponseCase(.performance, "step1", false), ResponseCase(.performance, "", false),
        ResponseCase(.performance, "a b[.]x", false),
        ResponseCase(.sequencing, "i1[,]i2[,]i1", true), ResponseCase(.sequencing, "", false),
        ResponseCase(.sequencing, "i1[,][,]i2", false),
        ResponseCase(.numeric, "-0.5", true), ResponseCase(.numeric, "1[:]2", false), ResponseCase(.numeric, "", false),
        ResponseCase(.other, String(repeating: "x", count: 4000), true),
        ResponseCase(.other, String(repeating: "x", count: 4001), false),
    ])
    func learnerResponse(_ c: ResponseCase) {
        #expect(CMIFormats.isLearnerResponse(c.value, type: c.type) == c.valid)
    }

    @Test(arguments: [
        ResponseCase(.trueFalse, "true", true), ResponseCase(.trueFalse, "no", false),
        ResponseCase(.choice, "a[,]b", true), ResponseCase(.choice, "", true), ResponseCase(.choice, "a[,]a", false),
        ResponseCase(.fillIn, "{case_matters=true}Café", true), ResponseCase(.fillIn, "{order_matters=false}{case_matters=false}a[,]b", true),
        ResponseCase(.fillIn, "{case_matters=false}{lang=fr}café", true), ResponseCase(.fillIn, "{case_matters=yes}x", false),
        ResponseCase(.fillIn, "{ case_matters=true}x", false), ResponseCase(.fillIn, "{case_matters=true}{case_matters=x}y", true),
        ResponseCase(.fillIn, "{order_matters=maybe}x", false),
        ResponseCase(.longFillIn, "{case_matters=true}{lang=fr}Un texte", true), ResponseCase(.longFillIn, "{lang=fr}{case_matters=false}x", true),
        ResponseCase(.longFillIn, "{lang=}x", false), ResponseCase(.longFillIn, "{order_matters=true}x", true),
        ResponseCase(.numeric, "1[:]5", true), ResponseCase(.numeric, "[:]5", true), ResponseCase(.numeric, "1[:]", true),
        ResponseCase(.numeric, "[:]", true), ResponseCase(.numeric, "2.5[:]2.5", true), ResponseCase(.numeric, "5[:]1", false),
        ResponseCase(.numeric, "5", false), ResponseCase(.numeric, "1[:]2[:]3", false), ResponseCase(.numeric, "a[:]1", false),
        ResponseCase(.performance, "{order_matters=false}s1[.]a[,]s2[.]1[:]2", true),
        ResponseCase(.performance, "s1[.]3[:]1", false), ResponseCase(.performance, "{order_matters=1}s1[.]a", false),
        ResponseCase(.matching, "s1[.]t1[,]s2[.]t2", true), ResponseCase(.matching, "s1[.]", false),
        ResponseCase(.sequencing, "i1[,]i2", true), ResponseCase(.sequencing, "", false),
        ResponseCase(.likert, "agree", true), ResponseCase(.likert, "{lang=fr}agree", false),
        ResponseCase(.other, "anything [,] at all", true),
    ])
    func correctResponsePattern(_ c: ResponseCase) {
        #expect(CMIFormats.isCorrectResponsePattern(c.value, type: c.type) == c.valid)
    }

    @Test func characterStrings() {
        #expect(CMIFormats.isCharacterString(String(repeating: "é", count: 1000), spm: 1000))
        #expect(!CMIFormats.isCharacterString(String(repeating: "é", count: 1001), spm: 1000))
        #expect(CMIFormats.suspendDataSPM == 64000)
        #expect(CMIFormats.locationSPM == 1000)
    }

    @Test func singleCorrectResponseTypes() {
        let single = CMIInteractionType.allCases.filter { $0.maximumCorrectResponses == 1 }
        #expect(single == [.trueFalse, .likert, .numeric, .other])
        #expect(CMIInteractionType.scorm12Types.count == 8)
        #expect(!CMIInteractionType.scorm12Types.contains(.longFillIn))
    }
}

@Suite("CMI durations")
struct CMIDurationTests {
    @Test(arguments: [
        ("PT1H2M3.45S", 3723.45), ("P1DT2H", 93_600), ("PT0S", 0), ("PT90M", 5_400), ("PT1M", 60),
        ("P1Y", 31_557_600), ("P1M", 2_629_800), ("P2D", 172_800), ("PT0.5S", 0.5), ("PT2.05S", 2.05),
    ])
    func timeIntervalSeconds(text: String, seconds: Double) throws {
        let parsed = try #require(CMIFormats.seconds(inTimeInterval: text))
        #expect(abs(parsed - seconds) < 1e-6)
        #expect(CMIFormats.seconds(in: text).map { abs($0 - seconds) < 1e-6 } == true)
    }

    @Test(arguments: [
        ("00:00:00", 0), ("0001:02:03.5", 3_723.5), ("12:30:00", 45_000), ("9999:59:59.99", 35_999_999.99),
        ("00:00:01.05", 1.05),
    ])
    func timespanSeconds(text: String, seconds: Double) throws {
        let parsed = try #require(CMIFormats.seconds(inTimespan: text))
        #expect(abs(parsed - seconds) < 1e-6)
        #expect(CMIFormats.seconds(in: text).map { abs($0 - seconds) < 1e-6 } == true)
    }

    @Test(arguments: ["", "P", "PT", "PT1.234S", "1:00:00", "00:61:00", "abc", "PT-1S", "P1W"])
    func invalidDurationsHaveNoSeconds(text: String) {
        #expect(CMIFormats.seconds(in: text) == nil)
    }

    @Test func eachParserRefusesTheOtherStandardsFormat() {
        #expect(CMIFormats.seconds(inTimeInterval: "00:01:00") == nil)
        #expect(CMIFormats.seconds(inTimespan: "PT1M") == nil)
    }
}
