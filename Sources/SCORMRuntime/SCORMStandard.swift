/// The two SCORM editions Portail exports to, with the run-time limits that shape a package.
public enum SCORMStandard: String, Sendable, CaseIterable, Codable {
    case scorm12
    case scorm2004

    public var displayName: String {
        switch self {
        case .scorm12: return "SCORM 1.2"
        case .scorm2004: return "SCORM 2004 4th edition"
        }
    }

    /// `cmi.suspend_data` (1.2: CMIString4096; 2004: characterstring SPM 64000).
    public var suspendDataLimit: Int {
        switch self {
        case .scorm12: return 4096
        case .scorm2004: return 64000
        }
    }

    /// `cmi.core.lesson_location` (CMIString255) / `cmi.location` (SPM 1000).
    public var locationLimit: Int {
        switch self {
        case .scorm12: return 255
        case .scorm2004: return 1000
        }
    }
}
