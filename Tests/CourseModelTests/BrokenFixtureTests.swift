import Foundation
import Testing
@testable import CourseModel

/// Each folder under `Tests/Fixtures/broken/` overlays the sample course with one kind of mistake;
/// `<kind>.expected` holds the exact diagnostics, in order.
@Suite("Broken fixtures")
struct BrokenFixtureTests {
    @Test("every kind of mistake is reported exactly", arguments: Fixtures.brokenKinds)
    func reportsExactDiagnostics(kind: String) throws {
        let course = try Fixtures.sampleCopy(overlay: Fixtures.broken.appendingPathComponent(kind))
        defer { try? FileManager.default.removeItem(at: course) }
        let expected = try String(contentsOf: Fixtures.broken.appendingPathComponent("\(kind).expected"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let result = try CourseLoader.load(from: course)
        #expect(result.diagnostics.map(\.description) == expected)
        #expect(!expected.isEmpty)
        // A course is handed out only when it has no error.
        #expect((result.course == nil) == result.diagnostics.hasErrors)
    }

    @Test func thereIsAFixtureForEveryKindTheDocsPromise() {
        let kinds = Set(Fixtures.brokenKinds)
        for kind in ["invalid-yaml", "unknown-key", "wrong-type", "missing-key", "missing-file", "unused-file",
                     "broken-link", "image-without-alt", "duplicate-id", "no-correct-answer", "impossible-question",
                     "passing-score", "empty-lesson", "path-escape", "bad-identifier", "no-front-matter"] {
            #expect(kinds.contains(kind), "missing fixture \(kind)")
        }
    }
}
