import SCORMPackage
import SCORMRuntime
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

    /// Whether a course becomes one package, or one per module when the LMS plays only a package's first SCO.
    public var defaultPackaging: Packaging {
        self == .openedx ? .perModule : .perCourse
    }
}
