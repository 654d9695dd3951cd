import Yams

/// Reads one YAML mapping field by field, reporting unknown keys, missing keys and wrong types as it goes.
struct MappingReader {
    let value: YAMLValue
    /// What the mapping is, for messages: "course", "module", "question 'q2'".
    let subject: String
    let log: DiagnosticLog
    private let entries: [String: (key: YAMLValue, value: YAMLValue)]
    private(set) var keysInOrder: [String] = []

    /// Returns nil (and logs) when `value` is not a mapping.
    init?(_ value: YAMLValue, subject: String, allowedKeys: [String], log: DiagnosticLog) {
        guard case .mapping(let mapping, _) = value.node else {
            log.error("\(subject) must be a mapping of keys to values, found \(value.kindDescription)", at: value.location)
            return nil
        }
        self.value = value
        self.subject = subject
        self.log = log
        var entries: [String: (key: YAMLValue, value: YAMLValue)] = [:]
        for (keyNode, valueNode) in mapping {
            let key = value.child(keyNode)
            guard let name = key.scalar?.string, !key.isNull else {
                log.error("keys must be plain words, found \(key.kindDescription)", at: key.location)
                continue
            }
            if !allowedKeys.contains(name) {
                log.error("unknown key '\(name)' in \(subject)\(Suggestion.didYouMean(name, among: allowedKeys))",
                          at: key.location)
                continue
            }
            entries[name] = (key, value.child(valueNode))
            keysInOrder.append(name)
        }
        self.entries = entries
    }

    var location: SourceLocation { value.location }

    func has(_ key: String) -> Bool { entries[key] != nil && !(entries[key]!.value.isNull) }

    func keyLocation(_ key: String) -> SourceLocation? { entries[key]?.key.location }

    /// The value of `key`, or nil; a missing required key is logged at the mapping.
    func value(_ key: String, required: Bool) -> YAMLValue? {
        guard let entry = entries[key], !entry.value.isNull else {
            if required, let present = entries[key] {
                log.error("'\(key)' has no value", at: present.key.location)
            } else if required {
                log.error("missing required key '\(key)' in \(subject)", at: location)
            }
            return nil
        }
        return entry.value
    }

    func text(_ key: String, required: Bool) -> String? {
        guard let value = value(key, required: required) else { return nil }
        return Self.text(value, named: "'\(key)'", log: log)
    }

    static func text(_ value: YAMLValue, named name: String, log: DiagnosticLog) -> String? {
        guard let scalar = value.scalar else {
            log.error("\(name) must be text, found \(value.kindDescription)", at: value.location)
            return nil
        }
        let string = trimmed(scalar.string)
        if string.isEmpty {
            log.error("\(name) must not be empty", at: value.location)
            return nil
        }
        // Titles and descriptions end up in the XML manifest, which cannot carry these at all.
        if let bad = string.unicodeScalars.first(where: isForbiddenInXML) {
            let code = String(bad.value, radix: 16, uppercase: true)
            log.error("\(name) holds the control character U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code), "
                      + "which a package cannot carry", at: value.location)
            return nil
        }
        return string
    }

    /// Characters XML 1.0 does not allow in a document: C0 controls other than tab and line breaks, U+FFFE, U+FFFF.
    static func isForbiddenInXML(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    func identifier(_ key: String = "id", required: Bool = true) -> (String, SourceLocation)? {
        guard let value = value(key, required: required), let id = text(key, required: required) else { return nil }
        if let problem = Identifier.problem(with: id) {
            log.error("identifier '\(id)' \(problem)", at: value.location)
            return nil
        }
        return (id, value.location)
    }

    func integer(_ key: String, required: Bool, range: ClosedRange<Int>? = nil, meaning: String = "a whole number") -> Int? {
        guard let value = value(key, required: required) else { return nil }
        guard let scalar = value.scalar, value.tag == .int, let number = Int(scalar.string) else {
            log.error("'\(key)' must be \(meaning), found \(value.kindDescription)", at: value.location)
            return nil
        }
        if let range, !range.contains(number) {
            log.error("'\(key)' must be between \(range.lowerBound) and \(range.upperBound), found \(number)", at: value.location)
            return nil
        }
        return number
    }

    func number(_ key: String, required: Bool) -> Double? {
        guard let value = value(key, required: required) else { return nil }
        guard value.scalar != nil, value.tag == .int || value.tag == .float,
              let number = value.node.float, number.isFinite else {
            log.error("'\(key)' must be a number, found \(value.kindDescription)", at: value.location)
            return nil
        }
        return number
    }

    func boolean(_ key: String, required: Bool) -> Bool? {
        guard let value = value(key, required: required) else { return nil }
        guard value.tag == .bool, let flag = value.node.bool else {
            log.error("'\(key)' must be true or false, found \(value.kindDescription)", at: value.location)
            return nil
        }
        return flag
    }

    func list(_ key: String, required: Bool, nonEmpty: Bool = false) -> [YAMLValue]? {
        guard let value = value(key, required: required) else { return nil }
        guard case .sequence(let sequence, _) = value.node else {
            log.error("'\(key)' must be a list (lines starting with '- '), found \(value.kindDescription)", at: value.location)
            return nil
        }
        let items = sequence.map { value.child($0) }
        if nonEmpty && items.isEmpty {
            log.error("'\(key)' must list at least one item", at: value.location)
        }
        return items
    }

    func textList(_ key: String, required: Bool, nonEmpty: Bool = false) -> [String]? {
        guard let items = list(key, required: required, nonEmpty: nonEmpty) else { return nil }
        return items.compactMap { Self.text($0, named: "each item of '\(key)'", log: log) }
    }

    /// One of a fixed set of words.
    func choice(_ key: String, required: Bool, among options: [String]) -> String? {
        guard let value = value(key, required: required), let word = text(key, required: required) else { return nil }
        guard options.contains(word) else {
            let listed = options.map { "'\($0)'" }.joined(separator: ", ")
            log.error("'\(key)' must be one of \(listed), found '\(word)'\(Suggestion.didYouMean(word, among: options))",
                      at: value.location)
            return nil
        }
        return word
    }

    /// `text` without surrounding white space. Most course text starts and ends with a visible ASCII
    /// character, which Foundation's trimming (a bridged NSString on Linux) would copy for nothing.
    static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
