import Yams

/// A YAML node together with where it sits in the course, so every problem can be pointed at.
struct YAMLValue {
    let node: YAMLNode
    let file: String
    /// Lines before the YAML text in its file (front matter starts on line 2 of a lesson).
    let lineOffset: Int

    var location: SourceLocation {
        SourceLocation(file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    func child(_ node: YAMLNode) -> YAMLValue { YAMLValue(node: node, file: file, lineOffset: lineOffset) }

    var scalar: YAMLNode.Scalar? {
        if case .scalar(let scalar, _) = node { return scalar }
        return nil
    }

    var isNull: Bool { tag == .null }

    /// The YAML 1.1 type of a plain scalar, as Yams' default resolver gives it. That resolver runs a regular
    /// expression per type and scalar; here only a number-like spelling that is not a plain decimal reaches it.
    var tag: Tag.Name? {
        guard let scalar else { return nil }
        return scalar.isPlain ? Self.plainType(scalar.string) : .str
    }

    private static let booleans: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
                                                "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
    private static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]

    static func plainType(_ string: String) -> Tag.Name {
        guard let first = string.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            // Only booleans and nulls start with a letter in the YAML 1.1 types.
            if string.utf8.count > 5 { return .str }
            if booleans.contains(string) { return .bool }
            return nulls.contains(string) ? .null : .str
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            // A plain decimal ("8", "70") is an int; anything else number-like goes to the full rules.
            if string.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
               first != UInt8(ascii: "0") || string.utf8.count == 1 {
                return .int
            }
            return Resolver.default.resolveTag(of: .scalar(Node.Scalar(string)))
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "<"),
             UInt8(ascii: "="):
            return Resolver.default.resolveTag(of: .scalar(Node.Scalar(string)))
        default:
            return .str
        }
    }

    /// Words for "found …" in type errors, as a designer would say it.
    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping (key: value)"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar, _):
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
        // A byte order mark, as some Windows editors save UTF-8: not part of the text (lessons skip it too).
        if text.unicodeScalars.first == "\u{FEFF}" {
            return parse(String(text.unicodeScalars.dropFirst()), file: file, lineOffset: lineOffset, log: log)
        }
        if let direct = BlockYAML.parse(text) { return YAMLValue(node: direct, file: file, lineOffset: lineOffset) }
        do {
            // The basic resolver types nothing while composing (Yams runs a regular expression per type and
            // scalar otherwise); `tag` types the few scalars that are read as numbers, booleans or null.
            // The encoding is named because Yams' default reads the process environment on every call.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else {
                log.error("file is empty", at: SourceLocation(file: file, line: 1 + lineOffset, column: 1))
                return nil
            }
            return YAMLValue(node: try YAMLNode(node), file: file, lineOffset: lineOffset)
        } catch let error as YAMLNode.TooManyNodes {
            log.error("the YAML holds more than \(YAMLNode.maximumNodes) values once its aliases (*name) are expanded: "
                      + "write the values out instead of repeating anchors",
                      at: SourceLocation(file: file, line: (error.mark?.line ?? 1) + lineOffset, column: error.mark?.column ?? 1))
            return nil
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

    private static func describe(_ error: YamlError) -> (String, YAMLNode.Mark?) {
        func position(_ mark: Mark) -> YAMLNode.Mark { YAMLNode.Mark(line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if let context {
                return ("\(problem) (\(context.text) at line \(context.mark.line), column \(context.mark.column))", position(mark))
            }
            return (problem, position(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(keys) in the same mapping", position(context.mark))
        case .reader(let problem, let offset, _, let yaml):
            // Yams gives the offset in characters; the position is counted as libyaml counts columns, in scalars.
            guard let offset, let end = yaml.index(yaml.startIndex, offsetBy: offset, limitedBy: yaml.endIndex) else {
                return ("\(problem) (is the file UTF-8?)", nil)
            }
            // Counted on scalars: "\r\n" is one Character, which is not "\n".
            let before = yaml[..<end].unicodeScalars
            let lineStart = before.lastIndex(of: "\n").map(before.index(after:)) ?? before.startIndex
            let mark = YAMLNode.Mark(line: before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 },
                                     column: before[lineStart...].count + 1)
            return ("\(problem)", mark)
        default:
            return ("\(error)", nil)
        }
    }
}
