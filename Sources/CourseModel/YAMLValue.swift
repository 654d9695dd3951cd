import Yams

/// A YAML node together with where it sits in the course, so every problem can be pointed at.
struct YAMLValue {
    let node: Node
    let file: String
    /// Lines before the YAML text in its file (front matter starts on line 2 of a lesson).
    let lineOffset: Int

    var location: SourceLocation {
        SourceLocation(file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    func child(_ node: Node) -> YAMLValue { YAMLValue(node: node, file: file, lineOffset: lineOffset) }

    var scalar: Node.Scalar? {
        if case .scalar(let scalar) = node { return scalar }
        return nil
    }

    var isNull: Bool { tag == .null }

    /// The YAML 1.1 type of a scalar. Yams' resolver runs a regular expression per type; most course text is
    /// quoted or starts with a letter that no number, boolean or null can start with, so it skips them.
    var tag: Tag.Name? {
        guard let scalar else { return nil }
        if scalar.style != .plain && scalar.style != .any { return .str }
        guard let first = scalar.string.unicodeScalars.first else { return .null }
        // Words that YAML 1.1 reads as booleans or null have at most 5 letters ("false", "FALSE").
        let letter = ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        if "0123456789+-.~nNtTfFyYoO".unicodeScalars.contains(first), !letter || scalar.string.utf8.count <= 5 {
            return Resolver.default.resolveTag(of: .scalar(Node.Scalar(scalar.string)))
        }
        return .str
    }

    /// Words for "found …" in type errors, as a designer would say it.
    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping (key: value)"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch tag ?? .str {
            case .null: return "nothing"
            case .bool: return "true/false"
            case .int, .float: return "the number \(scalar.string)"
            default: return "the text \"\(scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string)\""
            }
        }
    }

    /// Parses a YAML text; on a syntax error logs it with the parser's position and returns nil.
    static func parse(_ text: String, file: String, lineOffset: Int = 0, log: DiagnosticLog) -> YAMLValue? {
        do {
            // The basic resolver types nothing while composing (Yams runs a regular expression per type and
            // scalar otherwise); `tag` types the few scalars that are read as numbers, booleans or null.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                log.error("file is empty", at: SourceLocation(file: file, line: 1 + lineOffset, column: 1))
                return nil
            }
            return YAMLValue(node: node, file: file, lineOffset: lineOffset)
        } catch let error as YamlError {
            let (message, mark) = describe(error)
            log.error("invalid YAML: \(message)",
                      at: SourceLocation(file: file, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1))
            return nil
        } catch {
            log.error("invalid YAML: \(error)", at: SourceLocation(file: file, line: 1 + lineOffset, column: 1))
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let context {
                return ("\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))", mark)
            }
            return (problem, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(keys) in the same mapping", context.mark)
        case .reader(let problem, _, _, _):
            return ("\(problem) (is the file UTF-8?)", nil)
        default:
            return ("\(error)", nil)
        }
    }
}
