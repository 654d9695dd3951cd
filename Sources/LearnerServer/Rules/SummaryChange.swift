/// How counters move when a learner's SCO summary changes: the report's funnel and per-question rates are
/// counters kept at commit time, moved by the difference between the old summary and the new one.
public enum SummaryChange {
    public struct Funnel: Equatable, Sendable {
        public var started = 0
        public var completed = 0
        public var passed = 0
        public var isZero: Bool { started == 0 && completed == 0 && passed == 0 }
    }

    public static func funnel(from old: SCOSummary?, to new: SCOSummary) -> Funnel {
        func count(_ flag: Bool?) -> Int { flag == true ? 1 : 0 }
        return Funnel(started: count(new.started) - count(old?.started), completed: count(new.completed) - count(old?.completed),
                      passed: count(new.passed) - count(old?.passed))
    }

    /// Per interaction id, the change in answers and right answers, in the order the ids first appear.
    public static func questions(from old: [InteractionResult], to new: [InteractionResult])
        -> [(id: String, answers: Int, correct: Int)] {
        guard old != new else { return [] }
        var order: [String] = []
        var change: [String: (answers: Int, correct: Int)] = [:]
        for (results, sign) in [(new, 1), (old, -1)] {
            for result in results {
                if change[result.id] == nil {
                    order.append(result.id)
                    change[result.id] = (0, 0)
                }
                change[result.id]!.answers += sign
                if result.correct { change[result.id]!.correct += sign }
            }
        }
        return order.compactMap { id in
            let delta = change[id]!
            return delta.answers == 0 && delta.correct == 0 ? nil : (id, delta.answers, delta.correct)
        }
    }
}
