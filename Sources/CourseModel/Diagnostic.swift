/// One problem found in a course, located in a file of the course folder.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// Path relative to the course folder, with forward slashes.
    public let file: String
    /// 1-based; `line == 0` means the problem concerns the file as a whole.
    public let line: Int
    public let column: Int
    public let severity: Severity
    public let message: String

    public init(file: String, line: Int, column: Int, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `path:line:col: error: message`, the format compilers use, so editors can jump to it.
    public var description: String {
        "\(file):\(max(line, 1)):\(max(column, 1)): \(severity.rawValue): \(message)"
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.severity == .error ? 0 : 1, lhs.message)
            < (rhs.file, rhs.line, rhs.column, rhs.severity == .error ? 0 : 1, rhs.message)
    }
}

extension Array where Element == Diagnostic {
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }
}

/// A position inside one course file.
public struct SourceLocation: Sendable, Hashable, Codable {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// Collects diagnostics while a course loads; loading never stops at the first problem.
final class DiagnosticLog {
    private(set) var items: [Diagnostic] = []

    func error(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(file: location.file, line: location.line, column: location.column,
                                severity: .error, message: message))
    }

    func append(_ diagnostics: [Diagnostic]) {
        items.append(contentsOf: diagnostics)
    }

    func warning(_ message: String, at location: SourceLocation) {
        items.append(Diagnostic(file: location.file, line: location.line, column: location.column,
                                severity: .warning, message: message))
    }

    var sorted: [Diagnostic] { Array(Set(items)).sorted() }
}
