import Foundation
import GRDBSQLite

/// Copies the write-ahead log back into the database file from a connection of its own, every 20 ms (a tick with
/// nothing new to copy costs a read of the log's index), so that the writer never does it inside a commit. SQLite's automatic checkpoint runs in the transaction that
/// fills the log, and the commits waiting for that group waited for the copy and its two fsyncs (p99 showed it).
/// A passive checkpoint takes no write lock; the writer keeps a high automatic threshold only as a backstop.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: OpaquePointer
    private let timer: DispatchSourceTimer

    init(path: String, interval: DispatchTimeInterval = .milliseconds(20)) throws {
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite3_close(db)
            throw CheckpointError(message: message)
        }
        // The checkpoint syncs the log before copying and the database after: FULL, like the writer.
        sqlite3_exec(db, "PRAGMA synchronous = FULL", nil, nil, nil)
        sqlite3_busy_timeout(db, 0)
        connection = db
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "portail.wal-checkpoint"))
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.checkpoint() }
        timer.resume()
    }

    deinit {
        // A running checkpoint holds a strong reference, so none is running here.
        timer.setEventHandler(handler: nil)
        timer.cancel()
        sqlite3_close(connection)
    }

    private func checkpoint() {
        // Busy (the writer is resetting the log) is fine: the next tick tries again.
        _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }

    struct CheckpointError: Error, CustomStringConvertible {
        let message: String
        var description: String { "cannot open the checkpoint connection: \(message)" }
    }
}
