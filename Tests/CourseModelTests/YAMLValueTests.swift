import Testing
import Yams
@testable import CourseModel

/// The fast scalar typing must agree with Yams' default YAML 1.1 resolver on every spelling, not only the easy ones.
@Suite("YAML scalar types")
struct YAMLValueTests {
    static let spellings = [
        "", "~", "null", "Null", "NULL", "nULL", "nul", "none",
        "yes", "Yes", "YES", "yEs", "no", "No", "NO", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "n", "t", "f", "o", "type", "text", "title", "order", "falsely",
        "0", "8", "70", "100000", "07", "08", "0o17", "0b101", "0x1F", "0x", "1_000", "1:30", "190:20:30",
        "-3", "+3", "-0", "3.", "3.14", ".5", "-.5", "1e3", "1.5e-3", "1e", ".inf", "-.Inf", "+.INF", ".nan", ".NaN",
        "2026-11-29", "2026-11-29T10:00:00Z", "2026-1-2 3:04:05", "<<", "=", "-", "+", ".", "- item", "1 2",
        "8 minutes", "70%", "Été", "à", "✓", "12abc", "0.0.1",
    ]

    @Test(arguments: spellings)
    func agreesWithYamsDefaultResolver(_ spelling: String) {
        let expected = Resolver.default.resolveTag(of: .scalar(Node.Scalar(spelling)))
        #expect(YAMLValue.plainType(spelling) == expected, "\(spelling)")
    }

    @Test func quotedScalarsAreAlwaysText() throws {
        let log = DiagnosticLog()
        let value = try #require(YAMLValue.parse("a: \"true\"\nb: '8'\nc: true\nd: 8", file: "x.yaml", log: log))
        guard case .mapping(let mapping) = value.node else { Issue.record("not a mapping"); return }
        let tags = mapping.map { value.child($0.value).tag }
        #expect(tags == [.str, .str, .bool, .int])
    }
}
