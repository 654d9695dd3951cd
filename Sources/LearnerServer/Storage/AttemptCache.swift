/// The values of recently committed attempts, as the writer last wrote them. Only the writer's queue touches it,
/// and nothing else writes `cmi_values`, so an entry is the row; a transaction that fails empties it.
final class AttemptCache: @unchecked Sendable {
    struct Key: Hashable {
        let learnerId: String
        let courseId: String
        let version: Int
        let scoId: String
        let attempt: Int
    }

    private(set) var values: [Key: [String: StoredValue]] = [:]
    /// Bound on the attempts kept (each a few hundred bytes to a few KiB): past it, the cache starts again.
    static let limit = 20_000

    func store(_ attemptValues: [String: StoredValue], for key: Key) {
        if values.count >= Self.limit && values[key] == nil { values.removeAll(keepingCapacity: true) }
        values[key] = attemptValues
    }

    func removeAll() {
        values.removeAll()
    }
}
