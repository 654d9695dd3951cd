import Foundation
import GRDB
import Synchronization

/// Group commit: batches that arrive while a transaction is being written wait and are written together in the
/// next one. Nobody is answered before their transaction is durable; one fsync serves many learners.
///
/// The groups are written by one loop on a dispatch queue with GRDB's synchronous write, rather than by an actor
/// awaiting the writer: each group then costs one thread hop instead of four, and the writer, which is the
/// bottleneck of commits, spends its time writing.
final class GroupCommitter: Sendable {
    private typealias Waiter = (requests: [GroupWork], continuation: CheckedContinuation<[CommitResult?], any Error>)
    private struct State {
        var pending: [Waiter] = []
        var draining = false
    }

    private let pool: DatabasePool
    private let file: DatabaseFile
    private let queue = DispatchQueue(label: "portail.group-commit")
    private let state = Mutex(State())
    /// Touched only by `drain`, on `queue`.
    private let cache = AttemptCache()
    private let summaries = SummaryWriter()
    /// Bound on the batches of one transaction, so that one huge group does not delay everyone.
    static let maximumGroup = 512

    init(pool: DatabasePool, file: DatabaseFile) {
        self.pool = pool
        self.file = file
    }

    /// A commit's result, or nil for a heartbeat, in the order given.
    func submit(_ requests: [GroupWork]) async throws -> [CommitResult?] {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.pending.append((requests, continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let group = state.withLock { state -> [Waiter] in
                var count = 0
                var size = 0
                while count < state.pending.count, size < Self.maximumGroup {
                    size += state.pending[count].requests.count
                    count += 1
                }
                let group = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            do {
                try file.checkStillInPlace()
                let results = try pool.write { db in
                    var pending: [AttemptCache.Key: CommitApplier.PendingAttempt] = [:]
                    let results = try group.map { waiter in
                        try waiter.requests.map { work -> CommitResult? in
                            switch work {
                            case .commit(let request):
                                return try CommitApplier.apply(request, in: db, cache: cache, summaries: summaries,
                                                               pending: &pending)
                            case .heartbeat(let heartbeat):
                                try CommitApplier.record(heartbeat, in: db, summaries: summaries)
                                return nil
                            }
                        }
                    }
                    try CommitApplier.writeAttempts(pending, in: db, cache: cache, summaries: summaries)
                    try summaries.flush(in: db)
                    return results
                }
                for (waiter, result) in zip(group, results) { waiter.continuation.resume(returning: result) }
            } catch {
                // The caches may hold values of the transaction that was rolled back.
                cache.removeAll()
                summaries.removeAll()
                for waiter in group { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
