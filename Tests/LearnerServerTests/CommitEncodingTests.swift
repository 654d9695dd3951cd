import Foundation
import Testing
@testable import LearnerServer

/// The direct commit parser and writer must agree byte for byte with Foundation's JSON, which stays the reference.
@Suite("Commit JSON fast paths")
struct CommitEncodingTests {
    static let accepted = [
        #"{"id":"b1","attempt":1,"seq":7,"values":{"cmi.location":"page-2"}}"#,
        "{ \"values\" : { } , \"seq\" : 0 ,\n\t\"attempt\" : 10000 , \"id\" : \"x\" }\r\n",
        #"{"id":"e","attempt":1,"seq":2,"values":{"cmi.suspend_data":"a\"b\\c\/d\b\f\n\r\t","cmi.exit":"suspend"}}"#,
        #"{"id":"u","attempt":1,"seq":3,"values":{"cmi.learner_response":"\u00e9t\u00C9 \ud83d\ude00 é😀 \u0000x"}}"#,
        #"{"id":"n","attempt":-3,"seq":9223372036854775807,"values":{}}"#,
    ]

    static let declined = [
        "", "{}", "[]", "null", #"{"id":"a","attempt":1,"seq":1}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{},"at":"2026-11-29T10:00:00Z"}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{},"extra":true}"#,
        #"{"id":"a","id":"b","attempt":1,"seq":1,"values":{}}"#,
        #"{"id":"a","attempt":1.0,"seq":1,"values":{}}"#,
        #"{"id":"a","attempt":1e2,"seq":1,"values":{}}"#,
        #"{"id":"a","attempt":01,"seq":1,"values":{}}"#,
        #"{"id":"a","attempt":1,"seq":92233720368547758070,"values":{}}"#,
        #"{"id":"a","attempt":"1","seq":1,"values":{}}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"cmi.score.raw":50}}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"k":"v","k":"w"}}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"k":"\ud83d"}}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"k":"\ude00"}}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"k":"\x"}}"#,
        "{\"id\":\"a\",\"attempt\":1,\"seq\":1,\"values\":{\"k\":\"tab\there\"}}",
        #"{"id":"a","attempt":1,"seq":1,"values":{}} trailing"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{},}"#,
        #"{"id":"a","attempt":1,"seq":1,"values":{"k":"v"}"#,
    ]

    func fast(_ text: String) -> CommitBatch? {
        Array(text.utf8).withUnsafeBytes { CommitBatchDecoder.decode($0) }
    }

    @Test(arguments: accepted)
    func readsWhatJSONDecoderReads(_ body: String) throws {
        let reference = try JSONDecoder().decode(CommitBatch.self, from: Data(body.utf8))
        #expect(fast(body) == reference)
    }

    @Test(arguments: declined)
    func leavesEverythingElseToJSONDecoder(_ body: String) {
        #expect(fast(body) == nil)
    }

    @Test func invalidUTF8IsLeftToJSONDecoder() {
        var bytes = Array(#"{"id":"a","attempt":1,"seq":1,"values":{"k":""#.utf8)
        bytes += [0xC3, 0x28] + Array(#""}}"#.utf8)
        #expect(bytes.withUnsafeBytes { CommitBatchDecoder.decode($0) } == nil)
    }

    @Test func resultJSONIsTheEncodersBytes() throws {
        let results = [
            CommitResult(applied: true, errors: []),
            CommitResult(applied: false, errors: [
                ElementError(element: "cmi.exit", code: 406, message: "must be one of \"suspend\", … / \\ é 😀"),
                ElementError(element: "cmi.suspend_data", code: 407, message: "control \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} end"),
            ]),
        ]
        for result in results {
            #expect(result.json == String(decoding: try JSONBody.encoder.encode(result), as: UTF8.self))
            #expect(try JSONDecoder().decode(CommitResult.self, from: Data(result.json.utf8)) == result)
        }
    }

    @Test func elementsAreAppliedIdsFirstAndByIndex() {
        let names = ["cmi.interactions.10.id", "cmi.interactions.2.result", "cmi.interactions.2.type", "cmi.exit",
                     "cmi.interactions.2.id", "cmi.interactions._count", "cmi.interactions.10.type", "adl.nav.request"]
        #expect(ElementOrder.sorted(names) == [
            "adl.nav.request", "cmi.exit", "cmi.interactions.2.id", "cmi.interactions.2.type", "cmi.interactions.2.result",
            "cmi.interactions.10.id", "cmi.interactions.10.type", "cmi.interactions._count",
        ])
    }

    /// The byte-walking comparison against the rule written plainly (split on dots, compare the parts), on names
    /// built to hit its edges: numbers against words, signs, overflow, leading zeros, empty parts, prefixes.
    @Test func elementOrderMatchesThePlainRule() {
        func plain(_ left: String, _ right: String) -> Bool {
            let a = left.split(separator: "."), b = right.split(separator: ".")
            for (x, y) in zip(a, b) where x != y {
                if let m = Int(x), let n = Int(y) { return m < n }
                func rank(_ part: Substring) -> Int { part == "id" ? 0 : part == "type" ? 1 : 2 }
                return rank(x) != rank(y) ? rank(x) < rank(y) : Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
            }
            return a.count < b.count
        }
        let parts = ["cmi", "interactions", "0", "1", "2", "10", "007", "-1", "+3", "99999999999999999999", "id", "type",
                     "result", "_count", "é", "", "a1", "1a", "-", "+"]
        var generator = SystemRandomNumberGenerator()
        var names: [String] = []
        for _ in 0..<3_000 {
            names.append((0..<Int.random(in: 1...4, using: &generator)).map { _ in parts.randomElement(using: &generator)! }
                .joined(separator: "."))
        }
        var disagreements = 0
        for (left, right) in zip(names, names.shuffled()) {
            var l = left, r = right
            let fast = l.withUTF8 { a in r.withUTF8 { b in ElementOrder.precedes(a, b) } }
            if fast != plain(left, right) { disagreements += 1 }
        }
        #expect(disagreements == 0)
    }
}
