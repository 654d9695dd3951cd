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

    /// An attempt's values and the bytes they take encoded (`AttemptValues`).
    struct State {
        var values: [String: StoredValue]
        var size: Int
        static let empty = State(values: [:], size: 0)
    }

    private var states: [Key: State] = [:]
    private var bytes = 0
    /// Bounds on what is kept: past either, the cache starts again (attempts being played come back at once).
    static let maximumAttempts = 20_000
    static let maximumBytes = 64 << 20

    /// Takes an attempt's state out, so that the caller can change it without copying it.
    func take(_ key: Key) -> State? {
        guard let state = states.removeValue(forKey: key) else { return nil }
        bytes -= state.size
        return state
    }

    func store(_ state: State, for key: Key) {
        if let old = states.removeValue(forKey: key) { bytes -= old.size }
        if states.count >= Self.maximumAttempts || bytes + state.size > Self.maximumBytes { removeAll() }
        states[key] = state
        bytes += state.size
    }

    func removeAll() {
        states.removeAll()
        bytes = 0
    }
}
