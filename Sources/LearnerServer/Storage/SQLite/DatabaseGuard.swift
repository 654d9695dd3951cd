import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks made before the SQLite file is opened, so that an operator's mistake is loud instead of silently losing data.
enum DatabaseGuard {
    /// A missing (or empty) database next to a data folder that holds packages is an earlier installation whose
    /// database was deleted or moved: starting would make a new empty one without a word. `--init` says it is meant.
    static func checkNotReplaced(database: String, dataFolder: URL, initialize: Bool) throws {
        guard !initialize else { return }
        let attributes = try? FileManager.default.attributesOfItem(atPath: database)
        let empty = attributes == nil || (attributes?[.size] as? NSNumber)?.intValue == 0
        guard empty else { return }
        let packages = dataFolder.appendingPathComponent("packages")
        let earlier = (try? FileManager.default.contentsOfDirectory(atPath: packages.path))?.contains { !$0.hasPrefix(".") } ?? false
        guard earlier else { return }
        throw PortailServer.StartupError(description: """
            the database \(database) is missing or empty, but \(packages.path) holds packages of an earlier database. \
            Restore the database file, or start with --init to begin again with an empty database.
            """)
    }

    /// An exclusive lock on the database file, held while the returned handle lives (`flock`, which SQLite's own
    /// POSIX locks do not touch). A second `portail serve` on the same file is refused before it migrates anything.
    static func lock(database: String) throws -> FileLock {
        let descriptor = open(database, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw PortailServer.StartupError(description: "cannot open the database \(database): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw PortailServer.StartupError(description: """
                another portail serve is already using the database \(database). One SQLite file serves one process; \
                stop the other one, or run several servers on PostgreSQL (see docs/deployment.md).
                """)
        }
        return FileLock(descriptor: descriptor)
    }

    final class FileLock: Sendable {
        let descriptor: Int32
        init(descriptor: Int32) { self.descriptor = descriptor }
        deinit { close(descriptor) }
    }
}
