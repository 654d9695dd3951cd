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
    private typealias Waiter = (requests: [CommitRequest], continuation: CheckedContinuation<[CommitResult], any Error>)
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
    /// Bound on the batches of one transaction, so that one huge group does not delay everyone.
    static let maximumGroup = 512

    init(pool: DatabasePool, file: DatabaseFile) {
        self.pool = pool
        self.file = file
    }

    func submit(_ requests: [CommitRequest]) async throws -> [CommitResult] {
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
                        try waiter.requests.map { try CommitApplier.apply($0, in: db, cache: cache, pending: &pending) }
                    }
                    try CommitApplier.writeAttempts(pending, in: db, cache: cache)
                    return results
                }
                for (waiter, result) in zip(group, results) { waiter.continuation.resume(returning: result) }
            } catch {
                // The cache may hold values of the transaction that was rolled back.
                cache.removeAll()
                for waiter in group { waiter.continuation.resume(throwing: error) }
            }
        }
    }
}
