import Yams

/// A composed YAML node with its position: Yams' tree (`init(_:)`), or one `BlockYAML` read directly.
indirect enum YAMLNode {
    struct Mark: Equatable {
        /// 1-based; columns count Unicode scalars, as libyaml does.
        let line: Int
        let column: Int
    }

    struct Scalar: Equatable {
        let string: String
        /// Plain (unquoted) scalars are the only ones YAML types as numbers, booleans or null.
        let isPlain: Bool
    }

    case scalar(Scalar, Mark?)
    case mapping([(YAMLNode, YAMLNode)], Mark?)
    case sequence([YAMLNode], Mark?)
    case alias(Mark?)

    init(_ node: Node) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) }
        switch node {
        case .scalar(let scalar):
            self = .scalar(Scalar(string: scalar.string, isPlain: scalar.style == .plain || scalar.style == .any), mark)
        case .mapping(let mapping):
            self = .mapping(mapping.map { (YAMLNode($0.key), YAMLNode($0.value)) }, mark)
        case .sequence(let sequence):
            self = .sequence(sequence.map(YAMLNode.init), mark)
        case .alias:
            self = .alias(mark)
        }
    }

    var mark: Mark? {
        switch self {
        case .scalar(_, let mark), .mapping(_, let mark), .sequence(_, let mark), .alias(let mark): return mark
        }
    }

    // Numbers and booleans are read by Yams' own constructors, so that "1_000", ".5" or "on" mean what YAML says.
    var float: Double? {
        guard case .scalar(let scalar, _) = self else { return nil }
        return Node.scalar(Node.Scalar(scalar.string)).float
    }

    var bool: Bool? {
        guard case .scalar(let scalar, _) = self else { return nil }
        return Node.scalar(Node.Scalar(scalar.string)).bool
    }
}

extension YAMLNode: Equatable {
    static func == (left: YAMLNode, right: YAMLNode) -> Bool {
        switch (left, right) {
        case let (.scalar(a, m), .scalar(b, n)): return a == b && m == n
        case let (.mapping(a, m), .mapping(b, n)):
            return m == n && a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.sequence(a, m), .sequence(b, n)): return a == b && m == n
        case let (.alias(m), .alias(n)): return m == n
        default: return false
        }
    }
}
