import Foundation

/// Paths to `Tests/Fixtures` and scratch copies of fixture courses.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let sampleCourse = root.appendingPathComponent("sample-course")
    static let broken = root.appendingPathComponent("broken")

    /// A fresh copy of the sample course with `overlay`'s files written over it.
    static func sampleCopy(overlay: URL? = nil) throws -> URL {
        let destination = FileManager.default.temporaryDirectory
            .appendingPathComponent("portail-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sampleCourse, to: destination)
        if let overlay {
            let files = FileManager.default.enumerator(at: overlay, includingPropertiesForKeys: nil)!
            for case let url as URL in files where !url.hasDirectoryPath {
                let relative = String(url.standardizedFileURL.path.dropFirst(overlay.standardizedFileURL.path.count + 1))
                let target = destination.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: url, to: target)
            }
        }
        return destination
    }

    static func write(_ text: String, to path: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static var brokenKinds: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []
        return names.filter { !$0.hasSuffix(".expected") }.sorted()
    }
}
