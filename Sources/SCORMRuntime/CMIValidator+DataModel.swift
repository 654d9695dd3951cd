import Foundation
import Synchronization

/// The two run-time data models: every element with its access and the rule its values follow, and how an
/// element name resolves to its entry (memoized).
extension CMIValidator {

    /// How a SCO may use an element.
    enum Access: Sendable {
        case readWrite, readOnly, writeOnly
        /// `_children`, `_count`, `_version`.
        case keyword
    }

    /// The data type (and range) a value must have.
    enum ValueRule: Sendable, Equatable {
        case none
        case vocabulary([String])
        // SCORM 1.2
        case string12(Int)
        case lessonStatus12
        /// CMIDecimal between 0 and 100, or CMIBlank.
        case score12
        case decimal12
        case sInteger12(ClosedRange<Int>)
        case identifier12
        case time12
        case timespan12
        case interactionType12
        case result12
        case feedback12
        // SCORM 2004
        case characterString(Int)
        case localizedString(Int)
        case longIdentifier
        case language
        case real(min: Double?, max: Double?)
        case timeInterval
        case time
        case interactionType2004
        case result2004
        case learnerResponse
        case correctResponse
        case navigationRequest
    }

    struct ElementSpec: Sendable {
        let access: Access
        let rule: ValueRule
        /// SCORM 2004: element (a pattern with `n` for indexes) that must have a value before this one is set.
        let dependsOn: String?
    }

    /// An array index met in an element name.
    struct ArrayIndex: Sendable {
        /// The concrete array, `cmi.interactions.2.objectives`.
        let container: String
        /// The array's pattern, `cmi.interactions.n.objectives`.
        let pattern: String
        let index: Int
    }

    struct Resolved: Sendable {
        /// The element with its indexes replaced by `n`.
        let pattern: String
        let spec: ElementSpec
        let indexes: [ArrayIndex]

        /// `pattern` (of an element in the same entry) with this element's indexes in place of its `n`s.
        func concrete(_ pattern: String) -> String {
            var remaining = indexes.makeIterator()
            return pattern.split(separator: ".", omittingEmptySubsequences: false).map { part in
                part == "n" ? remaining.next().map { String($0.index) } ?? "n" : String(part)
            }.joined(separator: ".")
        }
    }

    enum Resolution: Sendable {
        case empty
        case malformed(String)
        case unknown
        case found(Resolved)
    }

    struct DataModel: Sendable {
        let name: String
        let elements: [String: ElementSpec]
        /// Array patterns, where the next part of a name is an index or a keyword.
        let arrays: Set<String>
        /// Arrays a SCO adds entries to.
        let extendableArrays: Set<String>

        /// Resolution is pure and SCOs send the same few dozen names again and again: remember them, boundedly,
        /// one memo per model (so the element alone is the key). Only names of a real element's length are kept: a
        /// client sending thousands of distinct 200 KB names would otherwise hold gigabytes in the memo.
        private let memo = ResolutionMemo()
        private static let memoLimit = 10_000
        private static let memoizedLength = 128

        final class ResolutionMemo: Sendable {
            let entries = Mutex<[String: Resolution]>([:])
        }

        /// Whether a name is remembered, for tests.
        func remembers(_ element: String) -> Bool { memo.entries.withLock { $0[element] != nil } }

        func resolve(_ element: String) -> Resolution {
            if let known = memo.entries.withLock({ $0[element] }) { return known }
            let resolution = resolveUncached(element)
            guard element.utf8.count <= Self.memoizedLength else { return resolution }
            memo.entries.withLock { memo in
                if memo.count >= Self.memoLimit { memo.removeAll(keepingCapacity: true) }
                memo[element] = resolution
            }
            return resolution
        }

        private func resolveUncached(_ element: String) -> Resolution {
            if element.isEmpty { return .empty }
            if !element.unicodeScalars.allSatisfy(CMIFormats.isVisible) {
                return .malformed("it contains spaces or control characters")
            }
            if let navigation = resolveNavigationValidity(element) { return navigation }
            var pattern: [Substring] = []
            var concrete: [Substring] = []
            var indexes: [ArrayIndex] = []
            for part in element.split(separator: ".", omittingEmptySubsequences: false) {
                if part.isEmpty { return .malformed("it has an empty part") }
                let prefix = pattern.joined(separator: ".")
                if arrays.contains(prefix) && !part.hasPrefix("_") {
                    guard let index = Self.arrayIndex(part) else {
                        return .malformed("\(part) is not an array index of \(concrete.joined(separator: "."))")
                    }
                    indexes.append(ArrayIndex(container: concrete.joined(separator: "."), pattern: prefix, index: index))
                    pattern.append("n")
                } else {
                    pattern.append(part)
                }
                concrete.append(part)
            }
            let key = pattern.joined(separator: ".")
            guard let spec = elements[key] else { return .unknown }
            return .found(Resolved(pattern: key, spec: spec, indexes: indexes))
        }

        /// `adl.nav.request_valid.choice.{target=ID}` and `…jump.{target=ID}`, whose target may contain dots.
        private func resolveNavigationValidity(_ element: String) -> Resolution? {
            for request in CMIVocabulary.targetedNavigationRequests {
                let prefix = "adl.nav.request_valid.\(request)."
                let key = prefix + "{target=}"
                guard element.hasPrefix(prefix), let spec = elements[key] else { continue }
                let target = element.dropFirst(prefix.count)
                guard target.hasPrefix("{target="), target.hasSuffix("}"), target.count > "{target=}".count else {
                    return .unknown
                }
                return .found(Resolved(pattern: key, spec: spec, indexes: []))
            }
            return nil
        }

        /// A canonical array index: decimal digits without a leading zero (except `0` itself).
        static func arrayIndex(_ part: Substring) -> Int? {
            guard !part.isEmpty, part.count <= 9, part.utf8.allSatisfy(CMIFormats.isDigit),
                  part == "0" || part.first != "0" else { return nil }
            return Int(part)
        }

        private init(name: String, arrays: Set<String>, extendable: Set<String>, elements: [(String, ElementSpec)]) {
            self.name = name
            self.arrays = arrays
            extendableArrays = extendable
            self.elements = Dictionary(elements, uniquingKeysWith: { first, _ in first })
        }

        private static func rw(_ rule: ValueRule, after dependency: String? = nil) -> ElementSpec {
            ElementSpec(access: .readWrite, rule: rule, dependsOn: dependency)
        }

        private static func wo(_ rule: ValueRule) -> ElementSpec { ElementSpec(access: .writeOnly, rule: rule, dependsOn: nil) }
        private static let ro = ElementSpec(access: .readOnly, rule: .none, dependsOn: nil)
        private static let keyword = ElementSpec(access: .keyword, rule: .none, dependsOn: nil)

        // MARK: SCORM 1.2

        static let scorm12 = DataModel(
            name: "SCORM 1.2",
            arrays: ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives",
                     "cmi.interactions.n.correct_responses"],
            extendable: ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives",
                         "cmi.interactions.n.correct_responses"],
            elements: [
                ("cmi._children", keyword),
                ("cmi._version", keyword),
                ("cmi.core._children", keyword),
                ("cmi.core.student_id", ro),
                ("cmi.core.student_name", ro),
                ("cmi.core.lesson_location", rw(.string12(255))),
                ("cmi.core.credit", ro),
                ("cmi.core.lesson_status", rw(.lessonStatus12)),
                ("cmi.core.entry", ro),
                ("cmi.core.score._children", keyword),
                ("cmi.core.score.raw", rw(.score12)),
                ("cmi.core.score.min", rw(.score12)),
                ("cmi.core.score.max", rw(.score12)),
                ("cmi.core.total_time", ro),
                ("cmi.core.lesson_mode", ro),
                ("cmi.core.exit", wo(.vocabulary(CMIVocabulary.exit12))),
                ("cmi.core.session_time", wo(.timespan12)),
                ("cmi.suspend_data", rw(.string12(4096))),
                ("cmi.launch_data", ro),
                ("cmi.comments", rw(.string12(4096))),
                ("cmi.comments_from_lms", ro),
                ("cmi.objectives._children", keyword),
                ("cmi.objectives._count", keyword),
                ("cmi.objectives.n.id", rw(.identifier12)),
                ("cmi.objectives.n.score._children", keyword),
                ("cmi.objectives.n.score.raw", rw(.score12)),
                ("cmi.objectives.n.score.min", rw(.score12)),
                ("cmi.objectives.n.score.max", rw(.score12)),
                ("cmi.objectives.n.status", rw(.vocabulary(CMIVocabulary.lessonStatus12))),
                ("cmi.student_data._children", keyword),
                ("cmi.student_data.mastery_score", ro),
                ("cmi.student_data.max_time_allowed", ro),
                ("cmi.student_data.time_limit_action", ro),
                ("cmi.student_preference._children", keyword),
                ("cmi.student_preference.audio", rw(.sInteger12(-1...100))),
                ("cmi.student_preference.language", rw(.string12(255))),
                ("cmi.student_preference.speed", rw(.sInteger12(-100...100))),
                ("cmi.student_preference.text", rw(.sInteger12(-1...1))),
                ("cmi.interactions._children", keyword),
                ("cmi.interactions._count", keyword),
                ("cmi.interactions.n.id", wo(.identifier12)),
                ("cmi.interactions.n.objectives._count", keyword),
                ("cmi.interactions.n.objectives.n.id", wo(.identifier12)),
                ("cmi.interactions.n.time", wo(.time12)),
                ("cmi.interactions.n.type", wo(.interactionType12)),
                ("cmi.interactions.n.correct_responses._count", keyword),
                ("cmi.interactions.n.correct_responses.n.pattern", wo(.feedback12)),
                ("cmi.interactions.n.weighting", wo(.decimal12)),
                ("cmi.interactions.n.student_response", wo(.feedback12)),
                ("cmi.interactions.n.result", wo(.result12)),
                ("cmi.interactions.n.latency", wo(.timespan12)),
            ])

        // MARK: SCORM 2004 4th edition

        static let scorm2004: DataModel = {
            let interaction = "cmi.interactions.n.id"
            let interactionType = "cmi.interactions.n.type"
            let objective = "cmi.objectives.n.id"
            return DataModel(
                name: "SCORM 2004",
                arrays: ["cmi.comments_from_learner", "cmi.comments_from_lms", "cmi.interactions",
                         "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses", "cmi.objectives",
                         "adl.data"],
                extendable: ["cmi.comments_from_learner", "cmi.interactions", "cmi.interactions.n.objectives",
                             "cmi.interactions.n.correct_responses", "cmi.objectives"],
                elements: [
                    ("cmi._version", keyword),
                    ("cmi.comments_from_learner._children", keyword),
                    ("cmi.comments_from_learner._count", keyword),
                    ("cmi.comments_from_learner.n.comment", rw(.localizedString(CMIFormats.longSPM))),
                    ("cmi.comments_from_learner.n.location", rw(.characterString(CMIFormats.shortSPM))),
                    ("cmi.comments_from_learner.n.timestamp", rw(.time)),
                    ("cmi.comments_from_lms._children", keyword),
                    ("cmi.comments_from_lms._count", keyword),
                    ("cmi.comments_from_lms.n.comment", ro),
                    ("cmi.comments_from_lms.n.location", ro),
                    ("cmi.comments_from_lms.n.timestamp", ro),
                    ("cmi.completion_status", rw(.vocabulary(CMIVocabulary.completionStatus))),
                    ("cmi.completion_threshold", ro),
                    ("cmi.credit", ro),
                    ("cmi.entry", ro),
                    ("cmi.exit", wo(.vocabulary(CMIVocabulary.exit2004))),
                    ("cmi.interactions._children", keyword),
                    ("cmi.interactions._count", keyword),
                    ("cmi.interactions.n.id", rw(.longIdentifier)),
                    ("cmi.interactions.n.type", rw(.interactionType2004, after: interaction)),
                    ("cmi.interactions.n.objectives._count", keyword),
                    ("cmi.interactions.n.objectives.n.id", rw(.longIdentifier, after: interaction)),
                    ("cmi.interactions.n.timestamp", rw(.time, after: interaction)),
                    ("cmi.interactions.n.correct_responses._count", keyword),
                    ("cmi.interactions.n.correct_responses.n.pattern", rw(.correctResponse, after: interactionType)),
                    ("cmi.interactions.n.weighting", rw(.real(min: nil, max: nil), after: interaction)),
                    ("cmi.interactions.n.learner_response", rw(.learnerResponse, after: interactionType)),
                    ("cmi.interactions.n.result", rw(.result2004, after: interaction)),
                    ("cmi.interactions.n.latency", rw(.timeInterval, after: interaction)),
                    ("cmi.interactions.n.description", rw(.localizedString(CMIFormats.shortSPM), after: interaction)),
                    ("cmi.launch_data", ro),
                    ("cmi.learner_id", ro),
                    ("cmi.learner_name", ro),
                    ("cmi.learner_preference._children", keyword),
                    ("cmi.learner_preference.audio_level", rw(.real(min: 0, max: nil))),
                    ("cmi.learner_preference.language", rw(.language)),
                    ("cmi.learner_preference.delivery_speed", rw(.real(min: 0, max: nil))),
                    ("cmi.learner_preference.audio_captioning", rw(.vocabulary(CMIVocabulary.audioCaptioning))),
                    ("cmi.location", rw(.characterString(CMIFormats.locationSPM))),
                    ("cmi.max_time_allowed", ro),
                    ("cmi.mode", ro),
                    ("cmi.objectives._children", keyword),
                    ("cmi.objectives._count", keyword),
                    ("cmi.objectives.n.id", rw(.longIdentifier)),
                    ("cmi.objectives.n.score._children", keyword),
                    ("cmi.objectives.n.score.scaled", rw(.real(min: -1, max: 1), after: objective)),
                    ("cmi.objectives.n.score.raw", rw(.real(min: nil, max: nil), after: objective)),
                    ("cmi.objectives.n.score.min", rw(.real(min: nil, max: nil), after: objective)),
                    ("cmi.objectives.n.score.max", rw(.real(min: nil, max: nil), after: objective)),
                    ("cmi.objectives.n.success_status", rw(.vocabulary(CMIVocabulary.successStatus), after: objective)),
                    ("cmi.objectives.n.completion_status",
                     rw(.vocabulary(CMIVocabulary.completionStatus), after: objective)),
                    ("cmi.objectives.n.progress_measure", rw(.real(min: 0, max: 1), after: objective)),
                    ("cmi.objectives.n.description", rw(.localizedString(CMIFormats.shortSPM), after: objective)),
                    ("cmi.progress_measure", rw(.real(min: 0, max: 1))),
                    ("cmi.scaled_passing_score", ro),
                    ("cmi.score._children", keyword),
                    ("cmi.score.scaled", rw(.real(min: -1, max: 1))),
                    ("cmi.score.raw", rw(.real(min: nil, max: nil))),
                    ("cmi.score.min", rw(.real(min: nil, max: nil))),
                    ("cmi.score.max", rw(.real(min: nil, max: nil))),
                    ("cmi.session_time", wo(.timeInterval)),
                    ("cmi.success_status", rw(.vocabulary(CMIVocabulary.successStatus))),
                    ("cmi.suspend_data", rw(.characterString(CMIFormats.suspendDataSPM))),
                    ("cmi.time_limit_action", ro),
                    ("cmi.total_time", ro),
                    ("adl.nav.request", rw(.navigationRequest)),
                    ("adl.nav.request_valid.continue", ro),
                    ("adl.nav.request_valid.previous", ro),
                    ("adl.nav.request_valid.choice.{target=}", ro),
                    ("adl.nav.request_valid.jump.{target=}", ro),
                    ("adl.data._children", keyword),
                    ("adl.data._count", keyword),
                    ("adl.data.n.id", ro),
                    ("adl.data.n.store", rw(.characterString(CMIFormats.suspendDataSPM), after: "adl.data.n.id")),
                ])
        }()
    }
}
