import Testing
@testable import LearnerServer
@testable import SCORMRuntime

/// A batch without array entries is validated before the writer, without ordering and without the attempt's
/// values; it must merge exactly as the ordered path merges it: same writes, same errors in the same order, same
/// session time, same `applied`.
@Suite("Commit merging")
struct CommitMergerTests {
    static let names12 = ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.exit",
                          "cmi.core.session_time", "cmi.suspend_data", "cmi.core.student_id", "cmi.core.total_time",
                          "cmi.nothing", "cmi.core._children", "cmi..exit", "cmi.comments", "cmi.core.score.max"]
    static let names2004 = ["cmi.location", "cmi.completion_status", "cmi.success_status", "cmi.score.scaled",
                            "cmi.score.raw", "cmi.exit", "cmi.session_time", "cmi.suspend_data", "cmi.progress_measure",
                            "cmi.learner_id", "cmi.total_time", "cmi._version", "adl.nav.request", "cmi.nothing",
                            "cmi.interactions.x.id", "cmi.objectives._count", "cmi.mode", "cmi.interactions.+1.id"]
    static let values = ["", "0", "0.5", "-3", "150", "1.5", "passed", "completed", "incomplete", "suspend", "logout",
                         "PT12S", "0000:01:30.5", "P1DT2H", "page-7", "a\u{0}b", "continue", "x y", "é😀",
                         String(repeating: "z", count: 70_000)]

    @Test(arguments: [SCORMStandard.scorm12, .scorm2004])
    func batchesWithoutArrayEntriesMergeAsTheOrderedPathMergesThem(version: SCORMStandard) {
        let merger = CommitMerger(validator: CMIValidator(version: version))
        let names = version == .scorm12 ? Self.names12 : Self.names2004
        var generator = SystemRandomNumberGenerator()
        var withErrors = 0
        for _ in 0..<2_000 {
            var values: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                values[names.randomElement(using: &generator)!] = Self.values.randomElement(using: &generator)!
            }
            var current: [String: StoredValue] = [:]
            for name in names where Bool.random(using: &generator) {
                current[name] = StoredValue(value: Self.values.randomElement(using: &generator)!, seq: Int.random(in: 0...10, using: &generator))
            }
            let batch = CommitBatch(id: "b", attempt: 1, seq: 5, values: values)
            let prepared = merger.prepare(batch)
            #expect(prepared != nil)
            let fast = merger.merge(batch, current: current)
            #expect(prepared.map { merger.merge($0, seq: batch.seq, current: current) } == fast)
            #expect(fast == merger.merge(batch, current: current, alwaysOrdered: true), "\(values) on \(current)")
            if fast.errors.count > 1 { withErrors += 1 }
        }
        #expect(withErrors > 100, "the comparison covered batches with several errors")
    }

    @Test func arrayEntriesStillFollowTheirIds() {
        let merger = CommitMerger(validator: CMIValidator(version: .scorm2004))
        let batch = CommitBatch(id: "b", attempt: 1, seq: 1, values: [
            "cmi.interactions.0.type": "true-false", "cmi.interactions.0.id": "q1", "cmi.exit": "suspend"])
        #expect(merger.prepare(batch) == nil, "a batch with array entries is merged in order, by the writer")
        let merge = merger.merge(batch, current: [:])
        #expect(merge.errors == [])
        #expect(merge.writes == ["cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "true-false",
                                 "cmi.interactions._count": "1", "cmi.exit": "suspend"])
    }

    @Test func aNULIsReportedAfterTheElementsOwnProblemsAsTheBrowserDoes() {
        let batch = CommitBatch(id: "b", attempt: 1, seq: 1, values: [
            "cmi.learner_id": "a\u{0}", "cmi.location": "a\u{0}b", "cmi.nothing": "\u{0}"])
        let codes = Dictionary(uniqueKeysWithValues: CommitMerger(validator: CMIValidator(version: .scorm2004))
            .merge(batch, current: [:]).errors.map { ($0.element, $0.code) })
        #expect(codes == ["cmi.learner_id": 404, "cmi.location": 406, "cmi.nothing": 401])
        let batch12 = CommitBatch(id: "b", attempt: 1, seq: 1, values: ["cmi.core.student_id": "a\u{0}", "cmi.suspend_data": "\u{0}"])
        let codes12 = Dictionary(uniqueKeysWithValues: CommitMerger(validator: CMIValidator(version: .scorm12))
            .merge(batch12, current: [:]).errors.map { ($0.element, $0.code) })
        #expect(codes12 == ["cmi.core.student_id": 403, "cmi.suspend_data": 405])
    }
}
