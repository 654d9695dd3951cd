import Foundation

/// Checkers for the data types of the SCORM 1.2 and SCORM 2004 (4th edition) run-time data models, and the
/// conversion of their durations to seconds. Lengths are counted in Unicode scalars (ISO 10646 characters).
public enum CMIFormats {
    // MARK: - Smallest permitted maximums (SCORM 2004)

    /// `short_identifier_type`, `localized_string_type` of descriptions, `language_type`, fill-in strings.
    public static let shortSPM = 250
    /// `long_identifier_type`, comments, `launch_data`, long-fill-in and `other` responses.
    public static let longSPM = 4000
    /// `cmi.location`.
    public static let locationSPM = 1000
    /// `cmi.suspend_data` and `adl.data.n.store`.
    public static let suspendDataSPM = 64000

    static func length<S: StringProtocol>(_ text: S) -> Int { text.unicodeScalars.count }

    // MARK: - SCORM 1.2 types

    /// CMIString255 / CMIString4096: any characters, at most `maxLength` of them.
    public static func isCMIString(_ value: String, maxLength: Int) -> Bool { length(value) <= maxLength }
    public static func isCMIString255(_ value: String) -> Bool { isCMIString(value, maxLength: 255) }
    public static func isCMIString4096(_ value: String) -> Bool { isCMIString(value, maxLength: 4096) }

    /// CMIDecimal: `-?digits[.digits]` (a leading `+` or an exponent is not allowed); nil when not one.
    public static func cmiDecimal(_ value: String) -> Double? { decimal(value, allowPlus: false) }
    public static func isCMIDecimal(_ value: String) -> Bool { cmiDecimal(value) != nil }

    /// CMISInteger: a signed integer between -32768 and 32767.
    public static func cmiSInteger(_ value: String) -> Int? {
        var digits = Substring(value)
        if digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 6, digits.utf8.allSatisfy(isDigit), let number = Int(value),
              (-32768...32767).contains(number) else { return nil }
        return number
    }

    /// CMIInteger: an unsigned integer between 0 and 65536.
    public static func cmiInteger(_ value: String) -> Int? {
        guard !value.isEmpty, value.count <= 6, value.utf8.allSatisfy(isDigit), let number = Int(value),
              number <= 65536 else { return nil }
        return number
    }

    /// CMIIdentifier: 1 to 255 characters, no white space and no control characters.
    public static func isCMIIdentifier(_ value: String) -> Bool {
        !value.isEmpty && length(value) <= 255 && value.unicodeScalars.allSatisfy(isVisible)
    }

    /// CMITime, a time of day: `HH:MM:SS` with an optional `.S` or `.SS`; hours 00–23, minutes and seconds 00–59.
    public static func isCMITime(_ value: String) -> Bool {
        var reader = FormatReader(value)
        guard let hours = reader.fixedDigits(2), hours <= 23, reader.consume(":"),
              let minutes = reader.fixedDigits(2), minutes <= 59, reader.consume(":"),
              let seconds = reader.fixedDigits(2), seconds <= 59 else { return false }
        if reader.consume(".") {
            guard (1...2).contains(reader.digitRun(max: 2).count) else { return false }
        }
        return reader.atEnd
    }

    /// CMITimespan, an elapsed time: `HHHH:MM:SS` with 2 to 4 hour digits and an optional `.S` or `.SS`.
    public static func isCMITimespan(_ value: String) -> Bool { seconds(inTimespan: value) != nil }

    /// CMIFeedback for a SCORM 1.2 interaction type (`student_response` and `correct_responses.n.pattern`):
    /// - true-false: `0`, `1`, `t`, `f` (or `true`, `false`), any case;
    /// - choice: identifiers separated by commas, optionally in braces (`a,b` or `{a,b}`);
    /// - fill-in, performance: any string (CMIString255);
    /// - numeric: a CMIDecimal;
    /// - likert: one identifier or nothing;
    /// - matching: `source.target` pairs separated by commas, optionally in braces;
    /// - sequencing: identifiers separated by commas.
    ///
    /// SCORM 1.2 describes the identifiers as single characters (0–9, a–z); authoring tools — and Portail's own
    /// runtime (`s1.t1`, `i1,i2`) — write longer ones, so any run of visible characters other than the list's
    /// delimiters is accepted.
    public static func isCMIFeedback(_ value: String, type: CMIInteractionType) -> Bool {
        guard length(value) <= 255 else { return false }
        switch type {
        case .trueFalse:
            return ["0", "1", "t", "f", "true", "false"].contains(value.lowercased())
        case .choice:
            return feedbackList(unbraced(value)) { feedbackToken($0, excluding: ",{}") }
        case .matching:
            return feedbackList(unbraced(value)) { item in
                let parts = item.split(separator: ".", omittingEmptySubsequences: false)
                return parts.count == 2 && parts.allSatisfy { feedbackToken($0, excluding: ",.{}") }
            }
        case .sequencing:
            return feedbackList(value[...]) { feedbackToken($0, excluding: ",{}") }
        case .likert:
            return value.isEmpty || feedbackToken(value[...], excluding: ",{}")
        case .numeric:
            return isCMIDecimal(value)
        case .fillIn, .performance, .longFillIn, .other:
            return true
        }
    }

    /// A short description of `isCMIFeedback`'s format for a type, for error messages.
    static func feedbackDescription(_ type: CMIInteractionType) -> String {
        switch type {
        case .trueFalse: return "0, 1, t, f, true or false"
        case .choice: return "choice identifiers separated by commas, optionally in braces such as {a,b}"
        case .matching: return "source.target pairs separated by commas, such as 1.a,2.c"
        case .sequencing: return "identifiers separated by commas, such as c,a,b"
        case .likert: return "a single identifier or an empty string"
        case .numeric: return "a decimal number"
        case .fillIn, .performance, .longFillIn, .other: return "a string of at most 255 characters"
        }
    }

    private static func unbraced(_ value: String) -> Substring {
        value.hasPrefix("{") && value.hasSuffix("}") && value.count >= 2 ? value.dropFirst().dropLast() : value[...]
    }

    private static func feedbackList(_ list: Substring, item: (Substring) -> Bool) -> Bool {
        !list.isEmpty && list.split(separator: ",", omittingEmptySubsequences: false).allSatisfy(item)
    }

    private static func feedbackToken(_ token: Substring, excluding delimiters: String) -> Bool {
        !token.isEmpty && token.unicodeScalars.allSatisfy { isVisible($0) && !delimiters.unicodeScalars.contains($0) }
    }

    // MARK: - SCORM 2004 types

    /// characterstring with a smallest permitted maximum: at most `spm` characters.
    public static func isCharacterString(_ value: String, spm: Int) -> Bool { length(value) <= spm }

    /// real(10,7): plain decimal notation with an optional sign (`-0.5`, `+3`, `.25`, `80`); no exponent.
    public static func real(_ value: String) -> Double? { decimal(value, allowPlus: true) }
    public static func isReal(_ value: String) -> Bool { real(value) != nil }

    /// timeinterval (second,10,2), an ISO 8601 duration `P[yY][mM][dD][T[hH][nM][s[.s]S]]`: integer
    /// components in that order, seconds with at most two decimals, `T` only before time components, and at
    /// least one component (`PT0S`, `PT1H2M3.45S`, `P1DT2H`; not `P`, `PT`, `P1W`, `PT1.234S`, `-PT1S`).
    public static func isTimeInterval(_ value: String) -> Bool { seconds(inTimeInterval: value) != nil }

    /// time (second,10,2), `YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]]`: year 1970–2038, real calendar days, one or two
    /// fraction digits, and a time zone designator (`Z`, `+hh`, `-hh:mm`) only after the fraction of seconds, as
    /// SCORM 2004 4th edition requires ("if TZD is defined, then hh:mm:ss.s shall also be defined").
    public static func isTime(_ value: String) -> Bool {
        var reader = FormatReader(value)
        guard let year = reader.fixedDigits(4), (1970...2038).contains(year) else { return false }
        if reader.atEnd { return true }
        guard reader.consume("-"), let month = reader.fixedDigits(2), (1...12).contains(month) else { return false }
        if reader.atEnd { return true }
        guard reader.consume("-"), let day = reader.fixedDigits(2),
              (1...daysIn(month: month, year: year)).contains(day) else { return false }
        if reader.atEnd { return true }
        guard reader.consume("T"), let hour = reader.fixedDigits(2), hour <= 23 else { return false }
        if reader.atEnd { return true }
        guard reader.consume(":"), let minute = reader.fixedDigits(2), minute <= 59 else { return false }
        if reader.atEnd { return true }
        guard reader.consume(":"), let second = reader.fixedDigits(2), second <= 59 else { return false }
        if reader.atEnd { return true }
        guard reader.consume("."), (1...2).contains(reader.digitRun(max: 2).count) else { return false }
        if reader.atEnd { return true }
        if reader.consume("Z") || reader.consume("z") { return reader.atEnd }
        guard reader.consume("+") || reader.consume("-"), let zoneHours = reader.fixedDigits(2), zoneHours <= 23 else {
            return false
        }
        if reader.atEnd { return true }
        guard reader.consume(":"), let zoneMinutes = reader.fixedDigits(2), zoneMinutes <= 59 else { return false }
        return reader.atEnd
    }

    /// long_identifier_type: a URI (RFC 3986; non-ASCII characters allowed as in an IRI) of at most 4000
    /// characters, not empty, without white space; a `urn:` must be `urn:<NID>:<NSS>` (RFC 2141).
    public static func isLongIdentifier(_ value: String) -> Bool { isURI(value, spm: longSPM) }

    /// short_identifier_type: the same as `long_identifier_type` with at most 250 characters.
    public static func isShortIdentifier(_ value: String) -> Bool { isURI(value, spm: shortSPM) }

    /// language_type (RFC 3066 syntax): a 2–3 letter primary subtag, or `i`/`x` followed by subtags; subtags of
    /// 1–8 letters or digits separated by `-`; no single-character second subtag; at most 250 characters.
    /// The empty string is a valid value of `cmi.learner_preference.language` only (`allowEmpty`).
    public static func isLanguage(_ value: String, allowEmpty: Bool = false) -> Bool {
        if value.isEmpty { return allowEmpty }
        guard value.utf8.count <= shortSPM, value.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        let subtags = value.split(separator: "-", omittingEmptySubsequences: false)
        guard subtags.allSatisfy({ (1...8).contains($0.count) && $0.utf8.allSatisfy(isAlphanumeric) }) else {
            return false
        }
        let primary = subtags[0].lowercased()
        if primary == "i" || primary == "x" { return subtags.count > 1 }
        guard (2...3).contains(primary.count), primary.utf8.allSatisfy(isLetter) else { return false }
        return subtags.count == 1 || subtags[1].count > 1
    }

    /// localized_string_type: an optional `{lang=<language_type>}` prefix, then at most `spm` characters
    /// (the prefix does not count). A `{lang=` prefix with an invalid or empty language is refused.
    public static func isLocalizedString(_ value: String, spm: Int) -> Bool {
        guard let parsed = languagePrefix(value[...]) else { return false }
        return length(parsed.text) <= spm
    }

    /// `adl.nav.request`: `continue`, `previous`, `exit`, `exitAll`, `abandon`, `abandonAll`, `suspendAll`,
    /// `_none_`, or `{target=<activity identifier>}choice` / `{target=<activity identifier>}jump`.
    public static func isNavigationRequest(_ value: String) -> Bool {
        if CMIVocabulary.navigationRequests.contains(value) { return true }
        guard let parsed = leadingDelimiters(value, known: ["target": .identifier]), parsed.values["target"] != nil
        else { return false }
        return CMIVocabulary.targetedNavigationRequests.contains(String(parsed.rest))
    }

    // MARK: - SCORM 2004 interaction responses

    /// `cmi.interactions.n.learner_response` for an interaction type (SCORM 2004 4th edition):
    /// - true-false: `true` or `false`;
    /// - choice: a set of short identifiers separated by `[,]`, no duplicates (empty: nothing chosen);
    /// - fill-in: strings of at most 250 characters separated by `[,]`, each with an optional `{lang=}`;
    /// - long-fill-in: a localized string of at most 4000 characters;
    /// - matching: `source[.]target` pairs of short identifiers separated by `[,]`;
    /// - performance: `step_name[.]step_answer` records separated by `[,]` (name: empty or a short identifier,
    ///   answer: at most 250 characters, not both empty);
    /// - sequencing: short identifiers separated by `[,]`;
    /// - likert: a short identifier; numeric: a real number; other: at most 4000 characters.
    public static func isLearnerResponse(_ value: String, type: CMIInteractionType) -> Bool {
        switch type {
        case .trueFalse: return value == "true" || value == "false"
        case .choice: return isChoiceSet(value[...])
        case .fillIn: return isFillInList(value[...])
        case .longFillIn: return isLocalizedString(value, spm: longSPM)
        case .matching: return isMatchingList(value[...])
        case .performance: return isPerformanceList(value[...], allowRanges: false)
        case .sequencing: return isSequence(value[...])
        case .likert: return isShortIdentifier(value)
        case .numeric: return real(value) != nil
        case .other: return isCharacterString(value, spm: longSPM)
        }
    }

    /// `cmi.interactions.n.correct_responses.n.pattern` for an interaction type (SCORM 2004 4th edition): as
    /// `isLearnerResponse`, except
    /// - fill-in: optional `{case_matters=true|false}` and `{order_matters=true|false}` prefixes;
    /// - long-fill-in: optional `{case_matters=true|false}` and `{lang=}` prefixes;
    /// - performance: an optional `{order_matters=true|false}` prefix, and a step answer may be a numeric range;
    /// - numeric: a range `min[:]max` of real numbers, either bound may be empty, min ≤ max.
    /// Each known prefix may appear once, in any order; a space inside one (`{ case_matters=true}`) is refused.
    public static func isCorrectResponsePattern(_ value: String, type: CMIInteractionType) -> Bool {
        switch type {
        case .fillIn:
            guard let parsed = leadingDelimiters(value, known: ["case_matters": .boolean, "order_matters": .boolean])
            else { return false }
            return isFillInList(parsed.rest)
        case .longFillIn:
            guard let parsed = leadingDelimiters(value, known: ["case_matters": .boolean, "lang": .language])
            else { return false }
            return length(parsed.rest) <= longSPM
        case .performance:
            guard let parsed = leadingDelimiters(value, known: ["order_matters": .boolean]) else { return false }
            return isPerformanceList(parsed.rest, allowRanges: true)
        case .numeric:
            return isNumericRange(value[...])
        case .trueFalse, .choice, .matching, .sequencing, .likert, .other:
            return isLearnerResponse(value, type: type)
        }
    }

    /// A short description of a response format, for error messages.
    static func responseDescription(_ type: CMIInteractionType, pattern: Bool) -> String {
        switch type {
        case .trueFalse: return "true or false"
        case .choice: return "short identifiers separated by [,] without duplicates"
        case .fillIn:
            return (pattern ? "optional {case_matters=true|false}{order_matters=true|false}, then " : "")
                + "strings of at most 250 characters separated by [,], each optionally prefixed by {lang=…}"
        case .longFillIn:
            return (pattern ? "optional {case_matters=true|false}{lang=…}, then " : "optional {lang=…}, then ")
                + "a string of at most 4000 characters"
        case .matching: return "source[.]target pairs of short identifiers separated by [,]"
        case .performance:
            return (pattern ? "optional {order_matters=true|false}, then " : "")
                + "step_name[.]step_answer records separated by [,]"
                + (pattern ? " (an answer may be a min[:]max range)" : "")
        case .sequencing: return "short identifiers separated by [,]"
        case .likert: return "a short identifier"
        case .numeric: return pattern ? "a range min[:]max of real numbers (either may be empty, min ≤ max)" : "a real number"
        case .other: return "a string of at most 4000 characters"
        }
    }

    // MARK: - Durations

    /// Seconds in a SCORM duration of either standard: an ISO 8601 timeinterval when it starts with `P`, a
    /// CMITimespan otherwise. nil when the text is neither.
    public static func seconds(in duration: String) -> Double? {
        duration.hasPrefix("P") ? seconds(inTimeInterval: duration) : seconds(inTimespan: duration)
    }

    /// Seconds in a SCORM 2004 timeinterval. A year counts 365.25 days and a month a twelfth of that (SCORM
    /// durations have no reference date); nil when the text is not a timeinterval.
    public static func seconds(inTimeInterval value: String) -> Double? {
        var reader = FormatReader(value)
        guard reader.consume("P") else { return nil }
        let year = 365.25 * 86_400
        let dateUnits: [(designator: Unicode.Scalar, seconds: Double)] = [("Y", year), ("M", year / 12), ("D", 86_400)]
        let timeUnits: [(designator: Unicode.Scalar, seconds: Double)] = [("H", 3_600), ("M", 60), ("S", 1)]
        var total = 0.0
        var components = 0
        var next = 0
        while !reader.atEnd, !reader.peek("T") {
            let number = reader.digitRun()
            guard number.count > 0, let unit = dateUnits[next...].firstIndex(where: { reader.consume($0.designator) })
            else { return nil }
            total += number.value * dateUnits[unit].seconds
            next = unit + 1
            components += 1
        }
        if reader.consume("T") {
            var timeComponents = 0
            next = 0
            while !reader.atEnd {
                let number = reader.digitRun()
                guard number.count > 0 else { return nil }
                var amount = number.value
                var fractional = false
                if reader.consume(".") {
                    let fraction = reader.digitRun(max: 2)
                    guard fraction.count > 0 else { return nil }
                    amount += fraction.value / pow(10, Double(fraction.count))
                    fractional = true
                }
                guard let unit = timeUnits[next...].firstIndex(where: { reader.consume($0.designator) }),
                      !fractional || timeUnits[unit].designator == "S" else { return nil }
                total += amount * timeUnits[unit].seconds
                next = unit + 1
                timeComponents += 1
            }
            guard timeComponents > 0 else { return nil }
            components += timeComponents
        }
        return components > 0 && reader.atEnd && total.isFinite ? total : nil
    }

    /// Seconds in a SCORM 1.2 CMITimespan (`HHHH:MM:SS.SS`); nil when the text is not one.
    public static func seconds(inTimespan value: String) -> Double? {
        var reader = FormatReader(value)
        let hours = reader.digitRun(max: 4)
        guard (2...4).contains(hours.count), reader.consume(":"),
              let minutes = reader.fixedDigits(2), minutes <= 59, reader.consume(":"),
              let seconds = reader.fixedDigits(2), seconds <= 59 else { return nil }
        var total = hours.value * 3_600 + Double(minutes * 60 + seconds)
        if reader.consume(".") {
            let fraction = reader.digitRun(max: 2)
            guard fraction.count > 0 else { return nil }
            total += fraction.value / pow(10, Double(fraction.count))
        }
        return reader.atEnd ? total : nil
    }

    // MARK: - Building blocks

    /// Plain decimal notation: optional sign, digits, optional fraction; at least one digit; finite.
    static func decimal(_ value: String, allowPlus: Bool) -> Double? {
        var reader = FormatReader(value)
        if !reader.consume("-"), allowPlus { _ = reader.consume("+") }
        var digits = reader.digitRun().count
        if reader.consume(".") { digits += reader.digitRun().count }
        guard digits > 0, reader.atEnd, let number = Double(value), number.isFinite else { return nil }
        return number
    }

    /// A URI reference as SCORM 2004 identifiers use it (see `isLongIdentifier`).
    static func isURI(_ value: String, spm: Int) -> Bool {
        guard !value.isEmpty, length(value) <= spm else { return false }
        let scalars = Array(value.unicodeScalars)
        var fragment = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isAlphanumeric(byte) || uriPunctuation.contains(byte) {
                    // allowed as is
                } else if scalar == "#" {
                    if fragment { return false }
                    fragment = true
                } else if scalar == "%" {
                    guard index + 2 < scalars.count, scalars[index + 1].isASCII, scalars[index + 2].isASCII,
                          isHexDigit(UInt8(scalars[index + 1].value)), isHexDigit(UInt8(scalars[index + 2].value))
                    else { return false }
                    index += 2
                } else {
                    return false // space, control, " < > \ ^ ` { | } [ ]
                }
            } else if !isVisible(scalar) {
                return false
            }
            index += 1
        }
        // A colon before any '/', '?' or '#' ends a scheme; a relative reference cannot start with "x:".
        guard let colon = value.firstIndex(where: { ":/?#".contains($0) }), value[colon] == ":" else { return true }
        let scheme = value[..<colon]
        let rest = value[value.index(after: colon)...]
        guard let first = scheme.utf8.first, isLetter(first),
              scheme.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }),
              !rest.isEmpty else { return false }
        if scheme.lowercased() == "urn" {
            guard let second = rest.firstIndex(of: ":") else { return false }
            let nid = rest[..<second]
            guard let nidFirst = nid.utf8.first, isAlphanumeric(nidFirst), nid.utf8.count <= 32,
                  nid.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
                  !rest[rest.index(after: second)...].isEmpty else { return false }
        }
        return true
    }

    private static let uriPunctuation: Set<UInt8> = Set("-._~:/?@!$&'()*+,;=".utf8)

    /// Splits an optional `{lang=…}` prefix; nil when the prefix names an invalid language.
    static func languagePrefix(_ value: Substring) -> (language: Substring?, text: Substring)? {
        guard value.hasPrefix("{lang="), let close = value.firstIndex(of: "}") else { return (nil, value) }
        let language = value[value.index(value.startIndex, offsetBy: 6)..<close]
        guard isLanguage(String(language)) else { return nil }
        return (language, value[value.index(after: close)...])
    }

    enum DelimiterKind: Sendable {
        case boolean, language, identifier

        func accepts(_ value: Substring) -> Bool {
            switch self {
            case .boolean: return value == "true" || value == "false"
            case .language: return CMIFormats.isLanguage(String(value))
            case .identifier: return CMIFormats.isURI(String(value), spm: CMIFormats.longSPM)
            }
        }
    }

    /// The `{name=value}` delimiters `value` starts with, for an element that defines `known` ones. Parsing stops
    /// at the first group that is not a known name seen for the first time: that group belongs to the value.
    /// nil when a known delimiter is malformed (spaces around its name) or has an invalid value.
    static func leadingDelimiters(_ value: String, known: [String: DelimiterKind])
        -> (values: [String: Substring], rest: Substring)? {
        var rest = value[...]
        var values: [String: Substring] = [:]
        while rest.hasPrefix("{"), let close = rest.firstIndex(of: "}"),
              let equals = rest[..<close].firstIndex(of: "=") {
            let rawName = rest[rest.index(after: rest.startIndex)..<equals]
            let name = rawName.trimmingCharacters(in: .whitespaces)
            guard let kind = known[name], values[name] == nil else { break }
            let content = rest[rest.index(after: equals)..<close]
            guard name == rawName, kind.accepts(content) else { return nil }
            values[name] = content
            rest = rest[rest.index(after: close)...]
        }
        return (values, rest)
    }

    /// Items separated by `[,]` (an empty text is one empty item).
    static func items(_ list: Substring) -> [Substring] {
        list.components(separatedBy: "[,]").map { Substring($0) }
    }

    static func isChoiceSet(_ value: Substring) -> Bool {
        if value.isEmpty { return true }
        let choices = items(value)
        return choices.allSatisfy { isShortIdentifier(String($0)) } && Set(choices).count == choices.count
    }

    static func isFillInList(_ value: Substring) -> Bool {
        items(value).allSatisfy { item in
            guard let parsed = languagePrefix(item) else { return false }
            return length(parsed.text) <= shortSPM
        }
    }

    static func isMatchingList(_ value: Substring) -> Bool {
        !value.isEmpty && items(value).allSatisfy { pair in
            let ends = pair.components(separatedBy: "[.]")
            return ends.count == 2 && ends.allSatisfy(isShortIdentifier)
        }
    }

    static func isPerformanceList(_ value: Substring, allowRanges: Bool) -> Bool {
        !value.isEmpty && items(value).allSatisfy { record in
            let parts = record.components(separatedBy: "[.]")
            guard parts.count == 2 else { return false }
            let (name, answer) = (parts[0], parts[1])
            guard !(name.isEmpty && answer.isEmpty), name.isEmpty || isShortIdentifier(name) else { return false }
            if allowRanges && answer.contains("[:]") { return isNumericRange(answer[...]) }
            return length(answer) <= shortSPM
        }
    }

    static func isSequence(_ value: Substring) -> Bool {
        !value.isEmpty && items(value).allSatisfy { isShortIdentifier(String($0)) }
    }

    static func isNumericRange(_ value: Substring) -> Bool {
        let bounds = value.components(separatedBy: "[:]")
        guard bounds.count == 2 else { return false }
        let low = bounds[0].isEmpty ? nil : real(bounds[0])
        let high = bounds[1].isEmpty ? nil : real(bounds[1])
        if !bounds[0].isEmpty && low == nil || !bounds[1].isEmpty && high == nil { return false }
        if let low, let high, low > high { return false }
        return true
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Not white space and not a control character.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
}

extension CMIFormats {
    /// Reads ASCII formats (times, durations, numbers) one character at a time.
    struct FormatReader {
        private let bytes: [UInt8]
        private var position = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var atEnd: Bool { position == bytes.count }

        func peek(_ scalar: Unicode.Scalar) -> Bool { position < bytes.count && UInt32(bytes[position]) == scalar.value }

        /// Steps over `scalar` when it comes next.
        mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
            guard peek(scalar) else { return false }
            position += 1
            return true
        }

        /// Exactly `count` digits, as a number.
        mutating func fixedDigits(_ count: Int) -> Int? {
            guard position + count <= bytes.count,
                  bytes[position..<position + count].allSatisfy(CMIFormats.isDigit) else { return nil }
            let value = bytes[position..<position + count].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            position += count
            return value
        }

        /// As many digits as come next (at most `max`), their value and how many there were (0 when none).
        mutating func digitRun(max: Int = .max) -> (value: Double, count: Int) {
            var value = 0.0
            var count = 0
            while count < max, position < bytes.count, CMIFormats.isDigit(bytes[position]) {
                value = value * 10 + Double(bytes[position] - 0x30)
                position += 1
                count += 1
            }
            return (value, count)
        }
    }
}
