import Foundation
import SCORMPackage
import Synchronization

/// Makes sure a course version's package is unpacked in this process's data folder before its files are served.
/// Several processes on one PostgreSQL database each have their own data folder: a package uploaded through one is
/// fetched from the database (content-addressed) and unpacked by another the first time it is asked for.
public final class PackageFolders: Sendable {
    let importer: PackageImporter
    private let present = Mutex<Set<String>>([])
    private let fetching = Mutex<[String: Task<Void, any Error>]>([:])

    public init(importer: PackageImporter) {
        self.importer = importer
    }

    /// The version's folder, unpacked.
    public func folder(of version: CourseVersion) async throws -> URL {
        let folder = importer.dataFolder.appendingPathComponent(version.folder)
        if present.withLock({ $0.contains(version.folder) }) { return folder }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(PackageLayout.manifest).path) {
            present.withLock { _ = $0.insert(version.folder) }
            return folder
        }
        // One fetch per package, however many requests ask for it at once.
        let task = fetching.withLock { tasks -> Task<Void, any Error> in
            if let running = tasks[version.folder] { return running }
            let importer = importer
            let task = Task { try await Self.fetch(version, into: folder, importer: importer) }
            tasks[version.folder] = task
            return task
        }
        defer { _ = fetching.withLock { $0.removeValue(forKey: version.folder) } }
        try await task.value
        present.withLock { _ = $0.insert(version.folder) }
        return folder
    }

    private static func fetch(_ version: CourseVersion, into folder: URL, importer: PackageImporter) async throws {
        let temporary = PackageImporter.temporaryFolder(in: importer.dataFolder)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let file = temporary.appendingPathComponent("fetch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        guard try await importer.store.loadPackage(hash: version.contentHash, to: file) else {
            throw StoreError.notFound("the files of course '\(version.courseId)' version \(version.version) are missing")
        }
        let archive = try ZipArchive(try ZipFileSource(path: file.path), limits: importer.limits)
        try importer.unpack(archive, to: folder)
    }
}
