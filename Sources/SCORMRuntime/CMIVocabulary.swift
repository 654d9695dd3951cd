/// The restricted vocabularies of the two run-time data models.
public enum CMIVocabulary {
    // MARK: SCORM 1.2

    /// Every value `cmi.core.lesson_status` and `cmi.objectives.n.status` can hold.
    public static let lessonStatus12 = ["passed", "completed", "failed", "incomplete", "browsed", "not attempted"]
    /// What a SCO may set `cmi.core.lesson_status` to: "not attempted" is the LMS's initial value only.
    public static let settableLessonStatus12 = ["passed", "completed", "failed", "incomplete", "browsed"]
    public static let exit12 = ["time-out", "suspend", "logout", ""]
    public static let result12 = ["correct", "wrong", "unanticipated", "neutral"]
    public static let credit = ["credit", "no-credit"]
    public static let entry12 = ["ab-initio", "resume", ""]
    public static let lessonMode12 = ["browse", "normal", "review"]
    public static let timeLimitAction = ["exit,message", "exit,no message", "continue,message", "continue,no message"]

    // MARK: SCORM 2004

    public static let completionStatus = ["completed", "incomplete", "not attempted", "unknown"]
    public static let successStatus = ["passed", "failed", "unknown"]
    public static let exit2004 = ["time-out", "suspend", "logout", "normal", ""]
    public static let entry2004 = ["ab-initio", "resume", ""]
    public static let mode2004 = ["browse", "normal", "review"]
    public static let result2004 = ["correct", "incorrect", "unanticipated", "neutral"]
    public static let audioCaptioning = ["-1", "0", "1"]
    /// `adl.nav.request` values that stand alone.
    public static let navigationRequests = [
        "continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_",
    ]
    /// `adl.nav.request` values that need a `{target=<activity identifier>}` prefix.
    public static let targetedNavigationRequests = ["choice", "jump"]
}
