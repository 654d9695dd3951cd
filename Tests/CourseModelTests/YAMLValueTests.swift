import Foundation
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
        guard case .mapping(let mapping, _) = value.node else { Issue.record("not a mapping"); return }
        let tags = mapping.map { value.child($0.1).tag }
        #expect(tags == [.str, .str, .bool, .int])
    }

    static func yams(_ text: String) throws -> YAMLNode? {
        try Yams.compose(yaml: text, .basic, .default, .utf8).map(YAMLNode.init)
    }

    static let flatAccepted = [
        "id: a\ntitle: \"Leçon 1\"\nduration: 8", "title:   spaced value   ", "title: a:b", "title: http://x.org/a#b",
        "title: \"é 😀 <b> & 'x'\"", "title: \"\"", "id: x\n\n\ntitle: y\n", "title: Ça va ? oui !", "title: 100%",
        "n: 08", "t: true", "x: ~", "long-key_2: v", "title: a,b [c] {d}", "title: \"  padded  \"  ",
    ]

    static let blockAccepted = [
        "questions:\n  - id: q0\n    type: single\n    prompt: \"Question 0 ?\"\n    choices:\n      - text: \"Oui\"\n        correct: true\n      - text: \"Non\"\n    feedback: {correct: \"Bien.\", incorrect: \"Très bien, vraiment.\"}\n  - id: q1\n    type: fill-in\n    accepted: [saluer, \"dire bonjour\", é]\n",
        "id: m\ntitle: \"Module\"\nobjectives: [\"Comprendre.\"]\nlessons:\n  - 00-lecon.md\n  - \"01 leçon.md\"\nquiz: quiz.yaml",
        "a:\n  b:\n    c: d\n  e: f\ng: []\nh: {}\ni: {x: 1, y: \"2\"}",
        "list:\n    - one\n    - two\nnext: x", "- root\n- list",
    ]

    @Test(arguments: flatAccepted + blockAccepted)
    func directReadingMatchesYams(_ text: String) throws {
        let direct = try #require(BlockYAML.parse(text))
        #expect(direct == (try Self.yams(text)))
    }


    static let flatDeclined = [
        "title: 'single'", "title: a: b", "title: a # c", "# comment\nid: x", "title: - x", "title: -x", "title: [a]",
        "title: {a: 1}", "title: &a x", "title: *a", "title: !tag x", "title: |", "title: >", "title: \"a\\\"b\"",
        "title: \"a\" # c", "  id: x", "id:x", "id:", "id: ", "id: x\nid: y", "1a: x", "id: a\tb", "id: x\r", "title: a:",
        "? x", "- a", "", "\n\n", "title: a\u{85}b", "title: a\u{2028}b", "title: a\u{FEFF}b", "title: a\u{7F}b",
        "title: a\u{9F}b", "id: x\n  more: y", "title: \"open", "title: %x", "title: @x", "title: `x`",
    ]

    static let blockDeclined = [
        "items:\n  - - nested", "a:\n- indentless", "a:\nb: c", "a: x\n  continued", "a:\n  - x\n    continued",
        "a: [x, [y]]", "a: [x,]", "a: {k: v, k: w}", "a: {k: v", "a: [\"x\" y]", "a: {\"k\": v}", "a: [a:b]",
        "  a: indented root", "a: |\n  block", "a: x # comment", "a: &x y", "a: !!str y", "a: \"esc\\\"aped\"",
    ]

    @Test(arguments: flatDeclined)
    func everythingElseGoesToYams(_ text: String) throws {
        // Some of these are block YAML the reader takes ("- a", "title: [a]"): then exactly as Yams does.
        if let direct = BlockYAML.parse(text) { #expect(direct == (try Self.yams(text))) }
    }

    @Test(arguments: blockDeclined)
    func blockYAMLLeavesTheRestToYams(_ text: String) {
        #expect(BlockYAML.parse(text) == nil)
    }

    /// Every YAML file and front matter of the repository (fixtures, broken fixtures, the course): whatever the
    /// direct reader accepts, it reads exactly as Yams does.
    @Test func everyYAMLFileReadsAsWithYams() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var compared = 0
        for folder in ["Courses", "Tests/Fixtures"] {
            let root = repository.appendingPathComponent(folder)
            for case let path as String in FileManager.default.enumerator(atPath: root.path)! {
                guard let text = try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) else { continue }
                var yaml = text
                if path.hasSuffix(".md") {
                    guard case .success(let front) = FrontMatter.split(text) else { continue }
                    yaml = front.yaml
                } else if !path.hasSuffix(".yaml") {
                    continue
                }
                guard let direct = BlockYAML.parse(yaml) else { continue }
                #expect(direct == (try Self.yams(yaml)), "\(folder)/\(path)")
                compared += 1
            }
        }
        #expect(compared >= 60)
    }

    /// Generated documents from YAML's troublesome pieces: whenever the direct reader takes one, Yams must read
    /// the same tree from it, and a document Yams refuses must never be taken.
    @Test func generatedDocumentsNeverDisagreeWithYams() throws {
        let pieces = ["id", "title", "a-b", "k2", ":", ": ", " ", "  ", "- ", "-", "\"", "\"q\"", "'", "[", "]", "{", "}",
                      ", ", ",", "#", " #", "x", "é", "😀", "8", "true", "~", "null", "http://a", "a:b", "&a", "*a", "!t",
                      "|", ">", "%", "@", "\\", "\n", "\n", "\n  ", "\n    ", "\n- ", "\n  - ", "?", "\u{A0}", "\u{85}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var taken = 0
        for _ in 0..<4000 {
            var text = ["id: ", "title: \"", "- ", "a:\n  ", "k: ["][random(5)]
            for _ in 0..<(3 + random(12)) { text += pieces[random(pieces.count)] }
            guard let direct = BlockYAML.parse(text) else { continue }
            taken += 1
            let reference = try? Self.yams(text)
            #expect(reference != nil, "Yams refuses what the direct reader took: \(text.debugDescription)")
            if let reference { #expect(direct == reference, "\(text.debugDescription)") }
        }
        #expect(taken > 100)
    }
}
