import Foundation

/// `cmi.interactions.n.type`. SCORM 1.2 has the first eight; `long-fill-in` and `other` are SCORM 2004 only.
public enum CMIInteractionType: String, Sendable, Codable, CaseIterable {
    case trueFalse = "true-false"
    case choice
    case fillIn = "fill-in"
    case longFillIn = "long-fill-in"
    case matching
    case performance
    case sequencing
    case likert
    case numeric
    case other

    /// The SCORM 1.2 vocabulary of `cmi.interactions.n.type`.
    public static let scorm12Types: [CMIInteractionType] = [
        .trueFalse, .choice, .fillIn, .matching, .performance, .sequencing, .likert, .numeric,
    ]

    /// SCORM 2004: how many `correct_responses` patterns the type allows at most (nil: no maximum, only the
    /// smallest permitted maximum, which an LMS may exceed).
    public var maximumCorrectResponses: Int? {
        switch self {
        case .trueFalse, .likert, .numeric, .other: return 1
        default: return nil
        }
    }
}
