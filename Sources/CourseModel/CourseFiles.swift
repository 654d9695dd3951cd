import Foundation
import Synchronization

/// Reading and resolving the files of one course folder, reporting problems into the caller's log.
final class CourseFiles: Sendable {
    let root: URL
    /// `root` with its symbolic links resolved, computed once.
    let realRoot: String

    /// What `check` found for each path during this load: lessons on every core point at the same few images.
    /// Keyed by the path's bytes: Swift's `String` equality would take `été` written in NFD for the NFC file,
    /// and whichever spelling was checked first would decide for both (the file system compares bytes).
    private let checked = Mutex<[[UInt8]: CoursePath.FileCheck]>([:])

    init(root: URL) {
        self.root = root
        realRoot = CoursePath.realPath(of: root)
    }

    /// The file system path of a course-relative path (string joining: URL building costs more than the read).
    func fullPath(_ path: String) -> String {
        root.path.hasSuffix("/") ? root.path + path : root.path + "/" + path
    }

    /// The bytes of a course file, read with one `open`/`fstat`/`read` (Foundation's `contents(atPath:)` cost
    /// more than the read itself for the thousands of small files of a course); nil when unreadable.
    func bytes(_ path: String) -> [UInt8]? {
        // Non-blocking: opening a named pipe would otherwise wait for a writer for ever; it is then refused.
        let descriptor = open(fullPath(path), O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }  // it grew
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The file as UTF-8 text; nil when it cannot be read or is not UTF-8 (callers say which file it was).
    func text(_ path: String) -> String? {
        bytes(path).flatMap { String(validating: $0, as: UTF8.self) }
    }

    func read(_ path: String, log: DiagnosticLog) -> String? {
        guard let data = bytes(path) else {
            log.error("cannot read the file", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            log.error("the file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        return text
    }

    func resolve(_ reference: String, from base: String, at location: SourceLocation, what: String, log: DiagnosticLog) -> String? {
        switch CoursePath.resolve(reference, from: base) {
        case .success(let path): return path
        case .failure(let problem):
            log.error("\(what) path '\(reference)' \(problem)", at: location)
            return nil
        }
    }

    func check(_ path: String) -> CoursePath.FileCheck {
        let key = Array(path.utf8)
        if let known = checked.withLock({ $0[key] }) { return known }
        let found = CoursePath.existingFile(path, at: fullPath(path), in: root, realRoot: realRoot)
        checked.withLock { $0[key] = found }
        return found
    }

    func requireFile(_ path: String, written: String, at location: SourceLocation, what: String, log: DiagnosticLog) -> Bool {
        let found = check(path)
        switch found {
        case .file: return true
        case .directory: log.error("\(what) '\(written)' is a folder, not a file", at: location)
        case .outside: log.error("\(what) '\(written)' is a link that leaves the course folder", at: location)
        case .notRegular, .unreadable, .otherNormalForm: log.error(found.unusable(what, written) ?? "", at: location)
        case .missing(let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'? names are case-sensitive)" } ?? ""
            log.error("\(what) '\(written)' does not exist\(hint)", at: location)
        }
        return false
    }
}
