import Foundation

/// Resolves paths written by designers against the course folder, refusing any that would leave it.
public enum CoursePath {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case absolute
        case escapes
        case backslash
        case empty
        case controlCharacter

        public var description: String {
            switch self {
            case .absolute: return "is absolute: write a path relative to the file that uses it"
            case .escapes: return "leaves the course folder"
            case .backslash: return "uses '\\': write paths with '/'"
            case .empty: return "is empty"
            case .controlCharacter: return "holds a control character (a NUL, a tab, a line break…)"
            }
        }
    }

    /// `reference` (relative to the course-relative folder `base`) as a normalised course-relative path.
    public static func resolve(_ reference: String, from base: String) -> Result<String, Problem> {
        if reference.isEmpty { return .failure(.empty) }
        if reference.hasPrefix("/") { return .failure(.absolute) }
        if reference.contains("\\") { return .failure(.backslash) }
        // A NUL would cut the path short for the file system: `plan.svg%00.png` checked as `plan.svg`.
        if reference.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return .failure(.controlCharacter) }
        var parts = base.split(separator: "/").map(String.init)
        for component in reference.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if parts.isEmpty { return .failure(.escapes) }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        if parts.isEmpty { return .failure(.empty) }
        return .success(parts.joined(separator: "/"))
    }

    /// `text` with its %XX escapes decoded (unchanged when it has none, nil when one is invalid), as
    /// `removingPercentEncoding`, without Foundation's bridged NSString on the common escape-free path.
    public static func percentDecoded(_ text: String) -> String? {
        text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding : text
    }

    /// `path` escaped for a URL path: unchanged when every byte is allowed in one, as
    /// `addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)` minus `?#[]` would leave it.
    public static func percentEncodedPath(_ path: String) -> String {
        if path.utf8.allSatisfy(isPathByte) { return path }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    private static func isPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!$&'()*+,-./:=@_~".utf8.contains(byte)
        }
    }

    /// The folder part of a course-relative file path (`""` at the root).
    public static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Whether `path` names a regular file inside `root`, following symbolic links only when they stay inside.
    /// `realRoot` is `root` with its symbolic links resolved (see `realPath(of:)`), computed once per course.
    /// `full` is `path` on the file system (`CourseFiles.fullPath`).
    static func existingFile(_ path: String, at full: String, in root: URL, realRoot: String) -> FileCheck {
        // Plain stat/realpath: a lesson's every link is checked, and Foundation's file APIs cost ten times more.
        var info = stat()
        guard stat(full, &info) == 0 else { return exactSpellingMissing(path, in: root) }
        if info.st_mode & S_IFMT == S_IFDIR { return .directory }
        guard let real = resolved(full) else { return .missing(suggestion: nil) }
        guard real.hasPrefix(realRoot + "/") else { return .outside }
        // Found here rather than when the package is built: a pipe or a device, or a file nobody may read.
        if info.st_mode & S_IFMT != S_IFREG { return .notRegular }
        return access(full, R_OK) == 0 ? .file : .unreadable
    }

    /// The path of `url` with every symbolic link resolved (the path itself when it does not exist).
    public static func realPath(of url: URL) -> String {
        resolved(url.path) ?? url.standardizedFileURL.path
    }

    private static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    private static func exactSpellingMissing(_ path: String, in root: URL) -> FileCheck {
        // Packages are case-sensitive even where the designer's disk is not: hint at the near miss.
        let folder = root.appendingPathComponent(folder(of: path))
        let name = (path as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return .missing(suggestion: nil)
        }
        // Equal as Strings but not as bytes: the same name in another Unicode normal form (NFC against NFD).
        if names.contains(where: { $0 == name }) { return .otherNormalForm }
        if let match = names.first(where: { $0.lowercased() == name.lowercased() }) { return .missing(suggestion: match) }
        return .missing(suggestion: nil)
    }

    enum FileCheck: Equatable {
        case file
        case directory
        case outside
        case notRegular
        case unreadable
        case otherNormalForm
        case missing(suggestion: String?)

        /// What is wrong with a file that exists but cannot go into a package, worded once for every caller.
        func unusable(_ what: String, _ written: String) -> String? {
            switch self {
            case .notRegular: return "\(what) '\(written)' is not a regular file (a pipe, a device or a socket)"
            case .unreadable: return "\(what) '\(written)' cannot be read: check its permissions"
            case .otherNormalForm:
                return "\(what) '\(written)' names the file with its accents encoded differently (Unicode NFC against NFD): "
                    + "retype the name in the link or rename the file, so that both use the same bytes"
            default: return nil
            }
        }
    }
}
