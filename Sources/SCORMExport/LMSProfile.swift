/// A named LMS target: what it defaults to and why (see docs/export.md).
public enum LMSProfile: String, Sendable, CaseIterable {
    case generic
    case moodle
    case openedx
    case scormCloud = "scorm-cloud"

    /// The standard used when the designer does not choose one.
    public var defaultStandard: SCORMStandard {
        switch self {
        case .generic, .scormCloud: return .scorm2004
        case .moodle, .openedx: return .scorm12
        }
    }
}
