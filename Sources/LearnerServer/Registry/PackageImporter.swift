import CourseModel
import Foundation
import SCORMPackage

/// Unpacks a SCORM zip (any vendor's) safely into the data folder and registers it as a course version.
public struct PackageImporter: Sendable {
    public let store: any Store
    /// Where packages are unpacked: `<dataFolder>/packages/<course>/<hash>/`.
    public let dataFolder: URL
    public let limits: ZipReader.Limits

    public init(store: any Store, dataFolder: URL, limits: ZipReader.Limits = .init()) {
        self.store = store
        self.dataFolder = dataFolder
        self.limits = limits
    }

    public struct Failure: Error, CustomStringConvertible {
        public let code: String
        public let description: String
    }

    /// The largest manifest read: it is parsed in memory.
    static let maximumManifestSize = 16 << 20

    /// A package in memory (the courses the server builds itself). `courseId` overrides the id taken from the
    /// manifest; `label` is the author's version when known.
    public func importPackage(_ zip: Data, courseId: String? = nil, label: String? = nil) async throws
        -> (version: CourseVersion, created: Bool) {
        try await importPackage(ZipMemorySource(zip), hash: Tokens.sha256(zip), courseId: courseId, label: label)
    }

    /// A package in a file (an upload, streamed to disk), read in place.
    public func importPackage(file: URL, hash: String, courseId: String? = nil, label: String? = nil) async throws
        -> (version: CourseVersion, created: Bool) {
        let source: ZipFileSource
        do {
            source = try ZipFileSource(path: file.path)
        } catch {
            throw Failure(code: "unsafe_package", description: error.description)
        }
        return try await importPackage(source, hash: hash, courseId: courseId, label: label)
    }

    /// Checks the archive and its manifest, unpacks every entry into a staging folder (each checked against its
    /// size and CRC as it streams), and moves the folder into place only when the whole package is good: a refused
    /// package leaves nothing behind.
    func importPackage<Source: ZipSource>(_ source: Source, hash: String, courseId: String?, label: String?) async throws
        -> (version: CourseVersion, created: Bool) {
        let archive: ZipArchive<Source>
        do {
            archive = try ZipArchive(source, limits: limits)
        } catch {
            throw Failure(code: "unsafe_package", description: error.description)
        }
        guard let manifestMember = archive.members.first(where: { $0.path == PackageLayout.manifest }) else {
            throw Failure(code: "invalid_package", description: "the zip has no imsmanifest.xml at its root")
        }
        guard manifestMember.uncompressed <= Self.maximumManifestSize else {
            throw Failure(code: "invalid_manifest",
                          description: "imsmanifest.xml is \(manifestMember.uncompressed) bytes, more than the limit of \(Self.maximumManifestSize)")
        }
        let manifest: ManifestReader.Manifest
        do {
            manifest = try ManifestReader.read(try archive.data(of: manifestMember))
        } catch let failure as ZipReader.Failure {
            throw Failure(code: "unsafe_package", description: failure.description)
        } catch {
            throw Failure(code: "invalid_manifest", description: "\(error)")
        }
        let files = Set(archive.members.map(\.path))
        for item in manifest.items {
            let path = String(item.href.prefix { $0 != "?" && $0 != "#" })
            // The content route serves no encoded slash or backslash: a launch path holding one could never open.
            if path.lowercased().contains("%2f") || path.lowercased().contains("%5c") {
                throw Failure(code: "invalid_package",
                              description: "item '\(item.identifier)' launches '\(item.href)', whose path holds an encoded '/' or '\\'")
            }
            let decoded = CoursePath.percentDecoded(path) ?? path
            guard case .success(let resolved) = CoursePath.resolve(decoded, from: ""), files.contains(resolved) else {
                throw Failure(code: "invalid_package",
                              description: "item '\(item.identifier)' launches '\(item.href)', which is not in the zip")
            }
        }
        let id = courseId ?? Self.courseID(from: manifest.identifier, title: manifest.title)
        guard Identifier.isValid(id) else {
            throw Failure(code: "invalid_course_id", description: "'\(id)' is not a valid course id ([a-z0-9-])")
        }
        let folder = "packages/\(id)/\(hash.prefix(16))"
        try unpack(archive, to: dataFolder.appendingPathComponent(folder))
        // Other processes on the same database unpack it from there (PackageFolders).
        try await store.savePackage(hash: hash, size: source.size) { offset, count in try source.bytes(at: offset, count: count) }

        let scos = manifest.items.map {
            CourseVersion.SCO(id: $0.identifier, title: $0.title, href: $0.href, isSCO: $0.isSCO, parents: $0.parents,
                              masteryScore: $0.masteryScore, completionThreshold: $0.completionThreshold,
                              launchData: $0.launchData, prerequisites: $0.prerequisites)
        }
        let draft = CourseVersion(courseId: id, version: 0, title: manifest.title, standard: manifest.standard,
                                  language: manifest.language, label: label, contentHash: hash, folder: folder, scos: scos, createdAt: Date())
        return try await store.register(draft)
    }

    /// Temporary files (uploads being received, packages being unpacked): emptied at start, since whatever a
    /// crash left there is incomplete.
    public static func temporaryFolder(in dataFolder: URL) -> URL {
        dataFolder.appendingPathComponent("tmp")
    }

    /// Unpacks into a staging folder under `tmp/`, then renames it into place. Packages are content-addressed, so a
    /// folder already in place holds the same bytes and the staging copy is dropped; one in place is never removed
    /// (another request may be serving it).
    func unpack<Source: ZipSource>(_ archive: ZipArchive<Source>, to folder: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent(PackageLayout.manifest).path) { return }
        let temporary = Self.temporaryFolder(in: dataFolder)
        let staging = temporary.appendingPathComponent("staging-\(UUID().uuidString)")
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        let parent = folder.deletingLastPathComponent()
        let parentExisted = manager.fileExists(atPath: parent.path)
        do {
            let root = staging.standardizedFileURL.path + "/"
            for member in archive.members {
                // Names are stored in NFC, and looked up in NFC (ContentRoutes): a zip made on macOS holds NFD names
                // that its manifest and pages usually spell in NFC, and the file system compares bytes.
                let target = staging.appendingPathComponent(member.path.precomposedStringWithCanonicalMapping).standardizedFileURL
                // ZipArchive already refused '..' and absolute names; this is the belt to those braces.
                guard target.path.hasPrefix(root) else {
                    throw Failure(code: "unsafe_package", description: "zip entry '\(member.path)' escapes the package folder")
                }
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                do {
                    try archive.extract(member, to: target.path)
                } catch let failure as ZipReader.Failure {
                    throw Failure(code: "unsafe_package", description: failure.description)
                }
            }
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            do {
                try manager.moveItem(at: staging, to: folder)
            } catch where manager.fileExists(atPath: folder.appendingPathComponent(PackageLayout.manifest).path) {
                // Unpacked meanwhile, by another request of this process.
                try? manager.removeItem(at: staging)
            }
        } catch {
            try? manager.removeItem(at: staging)
            if !parentExisted, (try? manager.contentsOfDirectory(atPath: parent.path))?.isEmpty == true {
                try? manager.removeItem(at: parent)
            }
            throw error
        }
    }

    /// Portail's manifests are `MANIFEST-<course id>`; other vendors' identifiers are folded to `[a-z0-9-]`.
    /// An identifier with nothing foldable (`课程包`) falls back to the title, then to `course-` and a hash of it.
    static func courseID(from identifier: String, title: String) -> String {
        func fold(_ source: String) -> String {
            let folded = source.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            let mapped = folded.unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" }
            let collapsed = String(mapped).split(separator: "-").joined(separator: "-")
            return String(collapsed.prefix(Identifier.maximumLength)).trimmingCharacters(in: ["-"])
        }
        let source = identifier.hasPrefix("MANIFEST-") ? String(identifier.dropFirst("MANIFEST-".count)) : identifier
        for candidate in [fold(source), fold(title)] where !candidate.isEmpty { return candidate }
        return "course-" + Tokens.sha256(Data((identifier + title).utf8)).prefix(8)
    }
}
