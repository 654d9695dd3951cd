import Foundation

/// Decides, element by element, whether a SCO may set a value, with the error code its standard defines when not.
///
/// Every element of SCORM 1.2 and of SCORM 2004 4th edition is known, including `adl.nav.request`,
/// `adl.nav.request_valid.*` and `adl.data.*`. Checks run in the order the standards imply: element name
/// (undefined), keyword, array index (gaps), dependencies (2004), read-only, data type and vocabulary, range, then
/// uniqueness of identifiers (2004). A value longer than a SCORM 2004 smallest permitted maximum is refused as a
/// type mismatch: this LMS stores exactly the SPM and does not truncate.
public struct CMIValidator: Sendable {
    public let version: SCORMStandard
    private let model: DataModel

    public init(version: SCORMStandard) {
        self.version = version
        model = version == .scorm12 ? .scorm12 : .scorm2004
    }

    /// nil when `value` may be set on `element`; `current` holds the attempt's values so far (element → value),
    /// so that array indexes (cmi.interactions.n / cmi.objectives.n / …correct_responses.n / …objectives.n) can be
    /// checked against the current _count: n may be at most the current count (a new entry) — a gap is an error
    /// (1.2: 201; 2004: 351), and a new entry's required "id" ordering rule applies in 2004 (setting
    /// cmi.interactions.n.type before cmi.interactions.n.id → 408 dependency not established).
    ///
    /// An array's count is `current["<array>._count"]` when present, otherwise one more than the highest index
    /// found among the keys of `current`. `current` must include the values accepted earlier in the same batch.
    public func validateSet(element name: String, value: String, current: [String: String]) -> CMIError? {
        // Element names are echoed in messages: keep a hostile one short.
        let element = name.utf8.count > 120 && name.count > 120 ? String(name.prefix(120)) + "…" : name
        let resolved: Resolved
        switch model.resolve(name) {
        case .empty:
            let message = "No data model element was named."
            return version == .scorm12 ? .invalidArgument(message) : .generalSetFailure(message)
        case .malformed(let reason):
            let message = "\(element) is not a valid element name: \(reason)."
            return version == .scorm12 ? .invalidArgument(message) : .undefinedElement(message)
        case .unknown:
            // SCORM 1.2 gives 201 for "an invalid data model element", as the browser runtime and Moodle do;
            // its 401 is for valid elements an LMS left out, and this one implements them all.
            let message = "\(element) is not an element of the \(model.name) data model."
            return version == .scorm12 ? .invalidArgument(message) : .undefinedElement(message)
        case .found(let found):
            resolved = found
        }

        let spec = resolved.spec
        if spec.access == .keyword {
            return version == .scorm12
                ? .elementIsKeyword("\(element) is a keyword and cannot be set.")
                : .readOnly("\(element) is a keyword and is read-only.")
        }
        // Read-only whatever the index: a SCO can never set it, so no index makes the answer a set failure.
        if spec.access == .readOnly {
            return version == .scorm12
                ? .elementIsReadOnly("\(element) is read-only.")
                : .readOnly("\(element) is read-only.")
        }
        if let first = resolved.indexes.first {
            if let error = gap(first, element: element, current: current) { return error }
            // Entries of an array only the LMS fills (adl.data) exist or not: a SCO cannot add one.
            let count = Self.count(of: first.container, in: current)
            if !model.extendableArrays.contains(first.pattern), first.index >= count {
                let message = "\(element): \(first.container) has \(count) entries and a SCO cannot add any."
                return version == .scorm12 ? .invalidArgument(message) : .generalSetFailure(message)
            }
        }
        if let error = dependency(resolved, element: element, current: current) { return error }
        for index in resolved.indexes.dropFirst() {
            if let error = gap(index, element: element, current: current) { return error }
        }
        if let error = correctResponseLimit(resolved, element: element, current: current) { return error }
        if let failure = check(spec.rule, value: value, resolved: resolved, current: current) {
            let message = "\(element) \(failure.text)."
            switch (version, failure.kind) {
            case (.scorm12, _): return .incorrectDataType(message)
            case (.scorm2004, .type): return .typeMismatch(message)
            case (.scorm2004, .range): return .valueOutOfRange(message)
            }
        }
        return identity(resolved, element: name, value: value, current: current)
    }

    /// Elements the server must never accept from a SCO (read-only per the standard) — used in docs and tests.
    /// Keywords (`_children`, `_count`, `_version`) count as read-only.
    public func isReadOnly(_ element: String) -> Bool {
        guard case .found(let resolved) = model.resolve(element) else { return false }
        return resolved.spec.access == .readOnly || resolved.spec.access == .keyword
    }

    /// Whether the element (keywords included, any array index) is part of this version's data model.
    public func isKnown(_ element: String) -> Bool {
        guard case .found = model.resolve(element) else { return false }
        return true
    }

    /// How `_count` changes: for element `cmi.interactions.3.id` returns ("cmi.interactions._count", 4) etc.
    ///
    /// One entry per array the element is in (outer first), with the count the set implies (index + 1); the
    /// stored count is the larger of that and the current one. Nothing for keywords, read-only elements and arrays
    /// a SCO cannot extend (`cmi.comments_from_lms`, `adl.data`), nor for unknown elements.
    public func countUpdates(afterSetting element: String) -> [(element: String, count: Int)] {
        guard case .found(let resolved) = model.resolve(element),
              resolved.spec.access == .readWrite || resolved.spec.access == .writeOnly else { return [] }
        return resolved.indexes
            .filter { model.extendableArrays.contains($0.pattern) }
            .map { (element: $0.container + "._count", count: $0.index + 1) }
    }

    // MARK: - Checks

    private func gap(_ index: ArrayIndex, element: String, current: [String: String]) -> CMIError? {
        let count = Self.count(of: index.container, in: current)
        guard index.index > count else { return nil }
        let entries = count == 1 ? "1 entry" : "\(count) entries"
        let message = "\(element) skips an index: \(index.container) has \(entries), so a new entry must use index \(count)."
        return version == .scorm12 ? .invalidArgument(message) : .generalSetFailure(message)
    }

    /// SCORM 2004: an entry's `id` (and an interaction's `type`, for responses) must be set first.
    private func dependency(_ resolved: Resolved, element: String, current: [String: String]) -> CMIError? {
        guard let pattern = resolved.spec.dependsOn else { return nil }
        let required = resolved.concrete(pattern)
        if pattern.hasSuffix(".type") {
            guard current[required].flatMap(CMIInteractionType.init(rawValue:)) == nil else { return nil }
            return .dependencyNotEstablished(
                "\(element) cannot be set before \(required): its format depends on the interaction type.")
        }
        guard current[required] == nil else { return nil }
        return .dependencyNotEstablished("\(element) cannot be set before \(required).")
    }

    /// SCORM 2004: true-false, likert, numeric and other interactions have exactly one correct response pattern.
    private func correctResponseLimit(_ resolved: Resolved, element: String, current: [String: String]) -> CMIError? {
        guard version == .scorm2004, resolved.pattern == "cmi.interactions.n.correct_responses.n.pattern",
              let type = interactionType(resolved, current: current), let maximum = type.maximumCorrectResponses,
              resolved.indexes[1].index >= maximum else { return nil }
        return .generalSetFailure("\(element) is refused: a \(type.rawValue) interaction has a single correct "
            + "response pattern, \(resolved.indexes[1].container).0.pattern.")
    }

    /// SCORM 2004: objective identifiers are unique in their array and never change once set; choice and
    /// sequencing correct response patterns are unique.
    private func identity(_ resolved: Resolved, element: String, value: String, current: [String: String]) -> CMIError? {
        guard version == .scorm2004, let last = resolved.indexes.last else { return nil }
        switch resolved.pattern {
        case "cmi.objectives.n.id":
            if let existing = current[element], existing != value {
                return .generalSetFailure("\(element) is already \"\(existing)\": an objective identifier cannot change.")
            }
            return duplicate(of: value, in: last, field: "id", element: element, current: current) { $0 == $1 }
        case "cmi.interactions.n.objectives.n.id":
            return duplicate(of: value, in: last, field: "id", element: element, current: current) { $0 == $1 }
        case "cmi.interactions.n.correct_responses.n.pattern":
            switch interactionType(resolved, current: current) {
            case .choice?:
                return duplicate(of: value, in: last, field: "pattern", element: element, current: current) {
                    Set(CMIFormats.items($0[...])) == Set(CMIFormats.items($1[...]))
                }
            case .sequencing?:
                return duplicate(of: value, in: last, field: "pattern", element: element, current: current) { $0 == $1 }
            default:
                return nil
            }
        default:
            return nil
        }
    }

    private func duplicate(of value: String, in index: ArrayIndex, field: String, element: String,
                           current: [String: String], same: (String, String) -> Bool) -> CMIError? {
        let count = Self.count(of: index.container, in: current)
        for other in 0..<max(count, index.index) where other != index.index {
            let key = "\(index.container).\(other).\(field)"
            if let existing = current[key], same(existing, value) {
                return .generalSetFailure("\(element) must be unique: \(key) already has the same value.")
            }
        }
        return nil
    }

    private func interactionType(_ resolved: Resolved, current: [String: String]) -> CMIInteractionType? {
        guard resolved.pattern.hasPrefix("cmi.interactions.n."), let interaction = resolved.indexes.first else {
            return nil
        }
        return current["\(interaction.container).\(interaction.index).type"].flatMap(CMIInteractionType.init(rawValue:))
    }

    /// Number of entries of a concrete array (`cmi.interactions`, `cmi.interactions.2.objectives`): its `_count`
    /// when stored, else one more than the highest index among the keys of `current`.
    static func count(of container: String, in current: [String: String]) -> Int {
        if let stored = current[container + "._count"], let count = Int(stored), count >= 0 { return count }
        let prefix = container + "."
        var count = 0
        for key in current.keys where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let index = DataModel.arrayIndex(rest[..<dot]) else { continue }
            count = max(count, index + 1)
        }
        return count
    }

    // MARK: - Values

    private struct Failure {
        enum Kind { case type, range }
        let kind: Kind
        let text: String

        static func type(_ text: String) -> Failure { Failure(kind: .type, text: text) }
        static func range(_ text: String) -> Failure { Failure(kind: .range, text: text) }
    }

    private func check(_ rule: ValueRule, value: String, resolved: Resolved, current: [String: String]) -> Failure? {
        switch rule {
        case .none:
            return nil
        case .vocabulary(let words):
            return words.contains(value) ? nil : .type("must be one of \(Self.list(words))")

        // SCORM 1.2
        case .string12(let maximum):
            return CMIFormats.isCMIString(value, maxLength: maximum) ? nil
                : .type("must be a string of at most \(maximum) characters (CMIString\(maximum))")
        case .lessonStatus12:
            return CMIVocabulary.settableLessonStatus12.contains(value) ? nil
                : .type("must be one of \(Self.list(CMIVocabulary.settableLessonStatus12)) (only the LMS sets not attempted)")
        case .score12:
            if value.isEmpty { return nil }
            guard let number = CMIFormats.cmiDecimal(value) else {
                return .type("must be a decimal number between 0 and 100 or an empty string")
            }
            return (0...100).contains(number) ? nil : .range("must be between 0 and 100")
        case .decimal12:
            return CMIFormats.isCMIDecimal(value) ? nil : .type("must be a decimal number (CMIDecimal)")
        case .sInteger12(let range):
            guard let number = CMIFormats.cmiSInteger(value) else {
                return .type("must be an integer between \(range.lowerBound) and \(range.upperBound)")
            }
            return range.contains(number) ? nil : .range("must be between \(range.lowerBound) and \(range.upperBound)")
        case .identifier12:
            return CMIFormats.isCMIIdentifier(value) ? nil
                : .type("must be an identifier of 1 to 255 characters without spaces (CMIIdentifier)")
        case .time12:
            return CMIFormats.isCMITime(value) ? nil : .type("must be a time of day HH:MM:SS[.SS] (CMITime)")
        case .timespan12:
            return CMIFormats.isCMITimespan(value) ? nil : .type("must be a duration HHHH:MM:SS[.SS] (CMITimespan)")
        case .interactionType12:
            let types = CMIInteractionType.scorm12Types.map(\.rawValue)
            return types.contains(value) ? nil : .type("must be one of \(Self.list(types))")
        case .result12:
            return CMIVocabulary.result12.contains(value) || CMIFormats.isCMIDecimal(value) ? nil
                : .type("must be correct, wrong, unanticipated, neutral or a decimal number")
        case .feedback12:
            guard let type = interactionType(resolved, current: current) else {
                // The type is not known yet: any CMIString255 is plausible.
                return CMIFormats.isCMIString255(value) ? nil : .type("must be at most 255 characters (CMIFeedback)")
            }
            return CMIFormats.isCMIFeedback(value, type: type) ? nil
                : .type("must be, for a \(type.rawValue) interaction, \(CMIFormats.feedbackDescription(type))")

        // SCORM 2004
        case .characterString(let spm):
            return CMIFormats.isCharacterString(value, spm: spm) ? nil : .type("must be at most \(spm) characters")
        case .localizedString(let spm):
            if CMIFormats.languagePrefix(value[...]) == nil {
                return .type("starts with an invalid {lang=} language tag")
            }
            return CMIFormats.isLocalizedString(value, spm: spm) ? nil
                : .type("must be at most \(spm) characters after an optional {lang=…} prefix")
        case .longIdentifier:
            return CMIFormats.isLongIdentifier(value) ? nil
                : .type("must be a URI without spaces of at most 4000 characters, such as urn:example:item-1")
        case .language:
            return CMIFormats.isLanguage(value, allowEmpty: true) ? nil
                : .type("must be a language code such as fr, fr-CA or en-GB, or an empty string")
        case .real(let minimum, let maximum):
            guard let number = CMIFormats.real(value) else { return .type("must be a real number such as 0.75") }
            guard number < (minimum ?? -.infinity) || number > (maximum ?? .infinity) else { return nil }
            switch (minimum, maximum) {
            case let (low?, high?): return .range("must be between \(Self.text(low)) and \(Self.text(high))")
            case let (low?, nil): return .range("must be \(Self.text(low)) or more")
            case let (nil, high?): return .range("must be \(Self.text(high)) or less")
            case (nil, nil): return nil
            }
        case .timeInterval:
            return CMIFormats.isTimeInterval(value) ? nil
                : .type("must be an ISO 8601 duration such as PT1H2M3.45S (timeinterval)")
        case .time:
            return CMIFormats.isTime(value) ? nil
                : .type("must be a time YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]] from 1970 to 2038, with a time zone "
                    + "only after fractional seconds, such as 2024-05-01T10:20:30.5+02:00")
        case .interactionType2004:
            let types = CMIInteractionType.allCases.map(\.rawValue)
            return types.contains(value) ? nil : .type("must be one of \(Self.list(types))")
        case .result2004:
            return CMIVocabulary.result2004.contains(value) || CMIFormats.isReal(value) ? nil
                : .type("must be correct, incorrect, unanticipated, neutral or a real number")
        case .learnerResponse, .correctResponse:
            // The dependency check has established the type.
            guard let type = interactionType(resolved, current: current) else { return nil }
            let pattern = rule == .correctResponse
            let valid = pattern ? CMIFormats.isCorrectResponsePattern(value, type: type)
                : CMIFormats.isLearnerResponse(value, type: type)
            return valid ? nil
                : .type("must be, for a \(type.rawValue) interaction, \(CMIFormats.responseDescription(type, pattern: pattern))")
        case .navigationRequest:
            return CMIFormats.isNavigationRequest(value) ? nil
                : .type("must be continue, previous, {target=ID}choice, {target=ID}jump, exit, exitAll, abandon, abandonAll, suspendAll or _none_")
        }
    }

    /// `a, b, c`, or `a, b or an empty string` when the empty string is one of the words.
    static func list(_ words: [String]) -> String {
        let named = words.filter { !$0.isEmpty }.joined(separator: ", ")
        return words.contains("") ? "\(named) or an empty string" : named
    }

    static func text(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
