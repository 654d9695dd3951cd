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

    /// The most nodes one YAML text may hold once its aliases are expanded. Yams hands an alias over as a copy
    /// of its anchor, so nine lines of nested aliases ("billion laughs") are a billion nodes; a course file has
    /// a few thousand at most.
    static let maximumNodes = 100_000

    struct TooManyNodes: Error {
        /// Where the conversion was when the bound was passed (inside an anchored value).
        let mark: Mark?
    }

    /// Yams' tree, refused past `maximumNodes` nodes.
    init(_ node: Node) throws(TooManyNodes) {
        var budget = Self.maximumNodes
        try self.init(node, budget: &budget)
    }

    private init(_ node: Node, budget: inout Int) throws(TooManyNodes) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) }
        budget -= 1
        guard budget >= 0 else { throw TooManyNodes(mark: mark) }
        switch node {
        case .scalar(let scalar):
            self = .scalar(Scalar(string: scalar.string, isPlain: scalar.style == .plain || scalar.style == .any), mark)
        case .mapping(let mapping):
            var pairs: [(YAMLNode, YAMLNode)] = []
            for pair in mapping { pairs.append((try YAMLNode(pair.key, budget: &budget), try YAMLNode(pair.value, budget: &budget))) }
            self = .mapping(pairs, mark)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try YAMLNode(item, budget: &budget)) }
            self = .sequence(items, mark)
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
