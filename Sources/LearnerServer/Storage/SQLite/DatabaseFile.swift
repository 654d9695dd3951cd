import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite file a store opened, by device and inode. If its path stops naming that file (deleted or replaced
/// under a running server), SQLite goes on writing to the unlinked inode and every acknowledged write would be
/// lost at the next start, and a reader connection opened then would create a new empty file at the path. Each read
/// and each write group checks first (one `stat`) and, once the file is gone, everything that needs the database is
/// refused with 503 and one critical log line says why.
final class DatabaseFile: Sendable {
    let path: String
    private let identity: (device: UInt64, inode: UInt64)?
    private let lost = Atomic<Bool>(false)
    private let logger: Logger?

    init(path: String, logger: Logger?) {
        self.path = path
        self.logger = logger
        identity = Self.identity(of: path)
    }

    static func identity(of path: String) -> (device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Throws `StoreError.unavailable` when the file on disk is no longer the one open.
    func checkStillInPlace() throws {
        // In-memory and temporary databases have no file to watch.
        guard let identity else { return }
        if lost.load(ordering: .relaxed) { throw Self.unavailable }
        if let now = Self.identity(of: path), now == identity { return }
        if !lost.exchange(true, ordering: .relaxed) {
            logger?.critical("""
                the database file \(path) was deleted or replaced while Portail was running: requests that read or \
                write it are refused from now on (503). Restore the file and restart Portail.
                """)
        }
        throw Self.unavailable
    }

    static let unavailable = StoreError.unavailable("the server's database file is missing; nothing can be stored until it is restored")
}
