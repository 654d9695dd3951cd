import Foundation
import Testing
@testable import LearnerServer
@testable import SCORMRuntime

/// One `SetValue` to check: the element, the value, what the attempt already holds, and the expected error code
/// (nil: accepted).
struct SetCase: Sendable, CustomTestStringConvertible {
    let element: String
    let value: String
    let code: Int?
    let current: [String: String]

    init(_ element: String, _ value: String, _ code: Int? = nil, current: [String: String] = [:]) {
        self.element = element
        self.value = value
        self.code = code
        self.current = current
    }

    var testDescription: String {
        let shown = value.count > 30 ? "\(value.prefix(30))…(\(value.count))" : value
        return "\(element) = \"\(shown)\" → \(code.map(String.init) ?? "accepted")"
    }
}

private let x256 = String(repeating: "x", count: 256)

// MARK: - SCORM 1.2 tables

/// An attempt with one interaction of the given type.
private func interaction12(_ type: String) -> [String: String] {
    ["cmi.interactions.0.id": "q1", "cmi.interactions.0.type": type, "cmi.interactions._count": "1"]
}

private let accepted12: [SetCase] = [
    SetCase("cmi.core.lesson_location", "page-3"),
    SetCase("cmi.core.lesson_location", ""),
    SetCase("cmi.core.lesson_location", String(repeating: "é", count: 255)),
    SetCase("cmi.core.lesson_status", "passed"),
    SetCase("cmi.core.lesson_status", "completed"),
    SetCase("cmi.core.lesson_status", "failed"),
    SetCase("cmi.core.lesson_status", "incomplete"),
    SetCase("cmi.core.lesson_status", "browsed"),
    SetCase("cmi.core.score.raw", "85"),
    SetCase("cmi.core.score.raw", "0"),
    SetCase("cmi.core.score.raw", "100"),
    SetCase("cmi.core.score.raw", "99.5"),
    SetCase("cmi.core.score.raw", ""),
    SetCase("cmi.core.score.min", "0"),
    SetCase("cmi.core.score.max", "100.0"),
    SetCase("cmi.core.exit", "suspend"),
    SetCase("cmi.core.exit", "time-out"),
    SetCase("cmi.core.exit", "logout"),
    SetCase("cmi.core.exit", ""),
    SetCase("cmi.core.session_time", "00:01:30"),
    SetCase("cmi.core.session_time", "0000:00:00.00"),
    SetCase("cmi.core.session_time", "9999:59:59.99"),
    SetCase("cmi.core.session_time", "12:00:00.5"),
    SetCase("cmi.suspend_data", String(repeating: "a", count: 4096)),
    SetCase("cmi.comments", "Très clair"),
    SetCase("cmi.objectives.0.id", "obj_1"),
    SetCase("cmi.objectives.0.status", "not attempted", current: ["cmi.objectives.0.id": "obj_1"]),
    SetCase("cmi.objectives.0.score.raw", "50", current: ["cmi.objectives.0.id": "obj_1"]),
    SetCase("cmi.objectives.1.id", "obj_2", current: ["cmi.objectives.0.id": "obj_1"]),
    SetCase("cmi.student_preference.audio", "-1"),
    SetCase("cmi.student_preference.audio", "100"),
    SetCase("cmi.student_preference.language", "fr"),
    SetCase("cmi.student_preference.speed", "-100"),
    SetCase("cmi.student_preference.text", "1"),
    SetCase("cmi.interactions.0.id", "q1"),
    SetCase("cmi.interactions.0.type", "choice"),
    SetCase("cmi.interactions.0.time", "23:59:59"),
    SetCase("cmi.interactions.0.weighting", "-2.5"),
    SetCase("cmi.interactions.0.result", "wrong"),
    SetCase("cmi.interactions.0.result", "0.5"),
    SetCase("cmi.interactions.0.latency", "00:00:12.3"),
    SetCase("cmi.interactions.1.id", "q2", current: interaction12("choice")),
    SetCase("cmi.interactions.0.objectives.0.id", "obj_1", current: interaction12("choice")),
    SetCase("cmi.interactions.0.student_response", "anything at all", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.student_response", "t", current: interaction12("true-false")),
    SetCase("cmi.interactions.0.student_response", "0", current: interaction12("true-false")),
    SetCase("cmi.interactions.0.student_response", "a,b", current: interaction12("choice")),
    SetCase("cmi.interactions.0.student_response", "{a,b,c}", current: interaction12("choice")),
    SetCase("cmi.interactions.0.student_response", "Des habitants", current: interaction12("fill-in")),
    SetCase("cmi.interactions.0.student_response", "s1.t2,s2.t1", current: interaction12("matching")),
    SetCase("cmi.interactions.0.student_response", "i2,i1,i3", current: interaction12("sequencing")),
    SetCase("cmi.interactions.0.student_response", "", current: interaction12("likert")),
    SetCase("cmi.interactions.0.student_response", "-3.5", current: interaction12("numeric")),
    SetCase("cmi.interactions.0.student_response", "step 1 done", current: interaction12("performance")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "f", current: interaction12("true-false")),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "c",
            current: interaction12("choice").merging(["cmi.interactions.0.correct_responses._count": "1"]) { $1 }),
]

private let refused12: [SetCase] = [
    // Element names: malformed or not in the data model → 201 (as the browser runtime and Moodle answer).
    SetCase("", "x", 201),
    SetCase("cmi.interactions.x.id", "q", 201),
    SetCase("cmi.interactions.01.id", "q", 201),
    SetCase("cmi.interactions.-1.id", "q", 201),
    SetCase("cmi..core", "x", 201),
    SetCase("cmi.core.lesson status", "passed", 201),
    SetCase("cmi.completion_status", "completed", 201),
    SetCase("cmi.core.bogus", "x", 201),
    SetCase("xyz.score.result", "x", 201),
    SetCase("cmi.core.lesson_status._children", "x", 201),
    SetCase("cmi.interactions.0.learner_response", "a", 201),
    // Keywords → 402.
    SetCase("cmi._version", "3.4", 402),
    SetCase("cmi._children", "core", 402),
    SetCase("cmi.core._children", "student_id", 402),
    SetCase("cmi.core.score._children", "raw", 402),
    SetCase("cmi.objectives._count", "1", 402),
    SetCase("cmi.objectives.0.score._children", "raw", 402),
    SetCase("cmi.interactions._count", "3", 402),
    SetCase("cmi.interactions.0.correct_responses._count", "1", 402),
    SetCase("cmi.student_preference._children", "audio", 402),
    // Read-only → 403.
    SetCase("cmi.core.student_id", "joe", 403),
    SetCase("cmi.core.student_name", "Joe", 403),
    SetCase("cmi.core.credit", "credit", 403),
    SetCase("cmi.core.entry", "resume", 403),
    SetCase("cmi.core.total_time", "0000:10:00", 403),
    SetCase("cmi.core.lesson_mode", "normal", 403),
    SetCase("cmi.launch_data", "x", 403),
    SetCase("cmi.comments_from_lms", "x", 403),
    SetCase("cmi.student_data.mastery_score", "80", 403),
    SetCase("cmi.student_data.max_time_allowed", "01:00:00", 403),
    SetCase("cmi.student_data.time_limit_action", "exit,message", 403),
    // Data type, vocabulary and range → 405.
    SetCase("cmi.core.lesson_status", "not attempted", 405),
    SetCase("cmi.core.lesson_status", "done", 405),
    SetCase("cmi.core.lesson_status", "Completed", 405),
    SetCase("cmi.core.lesson_status", "", 405),
    SetCase("cmi.core.score.raw", "101", 405),
    SetCase("cmi.core.score.raw", "-1", 405),
    SetCase("cmi.core.score.raw", "abc", 405),
    SetCase("cmi.core.score.raw", "1e2", 405),
    SetCase("cmi.core.score.raw", "+5", 405),
    SetCase("cmi.core.score.max", "100.01", 405),
    SetCase("cmi.core.exit", "normal", 405),
    SetCase("cmi.core.session_time", "PT1M", 405),
    SetCase("cmi.core.session_time", "1:00:00", 405),
    SetCase("cmi.core.session_time", "00:60:00", 405),
    SetCase("cmi.core.session_time", "00:00:00.123", 405),
    SetCase("cmi.core.session_time", "12345:00:00", 405),
    SetCase("cmi.core.lesson_location", x256, 405),
    SetCase("cmi.suspend_data", String(repeating: "a", count: 4097), 405),
    SetCase("cmi.comments", String(repeating: "a", count: 4097), 405),
    SetCase("cmi.student_preference.audio", "101", 405),
    SetCase("cmi.student_preference.audio", "-2", 405),
    SetCase("cmi.student_preference.audio", "1.5", 405),
    SetCase("cmi.student_preference.speed", "-101", 405),
    SetCase("cmi.student_preference.text", "2", 405),
    SetCase("cmi.objectives.0.id", "", 405),
    SetCase("cmi.objectives.0.id", "obj 1", 405),
    SetCase("cmi.objectives.0.status", "unknown", 405, current: ["cmi.objectives.0.id": "o"]),
    SetCase("cmi.interactions.0.type", "long-fill-in", 405),
    SetCase("cmi.interactions.0.type", "other", 405),
    SetCase("cmi.interactions.0.time", "24:00:00", 405),
    SetCase("cmi.interactions.0.time", "2024-01-01T10:00:00", 405),
    SetCase("cmi.interactions.0.result", "incorrect", 405),
    SetCase("cmi.interactions.0.weighting", "heavy", 405),
    SetCase("cmi.interactions.0.latency", "PT5S", 405),
    SetCase("cmi.interactions.0.student_response", x256, 405, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.student_response", "yes", 405, current: interaction12("true-false")),
    SetCase("cmi.interactions.0.student_response", "a b", 405, current: interaction12("choice")),
    SetCase("cmi.interactions.0.student_response", "a,,b", 405, current: interaction12("choice")),
    SetCase("cmi.interactions.0.student_response", "1-a", 405, current: interaction12("matching")),
    SetCase("cmi.interactions.0.student_response", "1.a.b", 405, current: interaction12("matching")),
    SetCase("cmi.interactions.0.student_response", "", 405, current: interaction12("sequencing")),
    SetCase("cmi.interactions.0.student_response", "abc", 405, current: interaction12("numeric")),
    SetCase("cmi.interactions.0.student_response", "a,b", 405, current: interaction12("likert")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "maybe", 405, current: interaction12("true-false")),
    // Index gaps → 201.
    SetCase("cmi.interactions.2.id", "q3", 201, current: interaction12("choice")),
    SetCase("cmi.objectives.1.id", "obj_2", 201),
    SetCase("cmi.interactions.0.objectives.1.id", "obj", 201, current: interaction12("choice")),
    SetCase("cmi.interactions.0.correct_responses.2.pattern", "a", 201,
            current: interaction12("choice").merging(["cmi.interactions.0.correct_responses._count": "1"]) { $1 }),
]

// MARK: - SCORM 2004 tables

/// An attempt with one interaction (urn:portail:q1) of the given type.
private func interaction2004(_ type: String, _ more: [String: String] = [:]) -> [String: String] {
    ["cmi.interactions.0.id": "urn:portail:q1", "cmi.interactions.0.type": type, "cmi.interactions._count": "1"]
        .merging(more) { $1 }
}

private let objective0 = ["cmi.objectives.0.id": "obj-1", "cmi.objectives._count": "1"]

private let accepted2004: [SetCase] = [
    SetCase("cmi.completion_status", "completed"),
    SetCase("cmi.completion_status", "incomplete"),
    SetCase("cmi.completion_status", "not attempted"),
    SetCase("cmi.completion_status", "unknown"),
    SetCase("cmi.success_status", "passed"),
    SetCase("cmi.success_status", "failed"),
    SetCase("cmi.success_status", "unknown"),
    SetCase("cmi.exit", "normal"),
    SetCase("cmi.exit", "suspend"),
    SetCase("cmi.exit", ""),
    SetCase("cmi.location", String(repeating: "l", count: 1000)),
    SetCase("cmi.suspend_data", String(repeating: "s", count: 64000)),
    SetCase("cmi.score.scaled", "-1"),
    SetCase("cmi.score.scaled", "1"),
    SetCase("cmi.score.scaled", "0.85"),
    SetCase("cmi.score.scaled", "+0.5"),
    SetCase("cmi.score.raw", "-40"),
    SetCase("cmi.score.min", "0"),
    SetCase("cmi.score.max", "250.5"),
    SetCase("cmi.progress_measure", "0"),
    SetCase("cmi.progress_measure", "1"),
    SetCase("cmi.progress_measure", "0.5"),
    SetCase("cmi.session_time", "PT1H2M3.45S"),
    SetCase("cmi.session_time", "P1DT2H"),
    SetCase("cmi.session_time", "PT0S"),
    SetCase("cmi.learner_preference.audio_level", "0"),
    SetCase("cmi.learner_preference.audio_level", "2.5"),
    SetCase("cmi.learner_preference.language", ""),
    SetCase("cmi.learner_preference.language", "fr-CA"),
    SetCase("cmi.learner_preference.delivery_speed", "1"),
    SetCase("cmi.learner_preference.audio_captioning", "-1"),
    SetCase("cmi.comments_from_learner.0.comment", "{lang=fr}Très bien"),
    SetCase("cmi.comments_from_learner.0.location", "page-2"),
    SetCase("cmi.comments_from_learner.0.timestamp", "2024-05-01T10:20:30"),
    SetCase("cmi.comments_from_learner.0.timestamp", "2024-05-01T10:20:30.5+02:00"),
    SetCase("cmi.interactions.0.id", "urn:portail:q1"),
    SetCase("cmi.interactions.0.id", "accueil-premier-geste"),
    SetCase("cmi.interactions.0.type", "choice", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.type", "long-fill-in", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.timestamp", "2024-05-01T10:20:30", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.weighting", "2", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.result", "incorrect", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.result", "0.5", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.latency", "PT5.2S", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.description", "{lang=en}Which one?", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.objectives.0.id", "obj-1", current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.1.id", "urn:portail:q2", current: interaction2004("choice")),
    SetCase("cmi.interactions.0.learner_response", "true", current: interaction2004("true-false")),
    SetCase("cmi.interactions.0.learner_response", "a[,]c", current: interaction2004("choice")),
    SetCase("cmi.interactions.0.learner_response", "", current: interaction2004("choice")),
    SetCase("cmi.interactions.0.learner_response", "{lang=fr}tiers-lieu[,]café", current: interaction2004("fill-in")),
    SetCase("cmi.interactions.0.learner_response", "{lang=fr}Un long texte", current: interaction2004("long-fill-in")),
    SetCase("cmi.interactions.0.learner_response", "s1[.]t2[,]s2[.]t1", current: interaction2004("matching")),
    SetCase("cmi.interactions.0.learner_response", "step1[.]open[,][.]42", current: interaction2004("performance")),
    SetCase("cmi.interactions.0.learner_response", "i2[,]i1[,]i3", current: interaction2004("sequencing")),
    SetCase("cmi.interactions.0.learner_response", "agree", current: interaction2004("likert")),
    SetCase("cmi.interactions.0.learner_response", "3.14", current: interaction2004("numeric")),
    SetCase("cmi.interactions.0.learner_response", "free text", current: interaction2004("other")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "false", current: interaction2004("true-false")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "{case_matters=true}{order_matters=false}Café",
            current: interaction2004("fill-in")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "1[:]5", current: interaction2004("numeric")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "{order_matters=false}s1[.]1[:]3",
            current: interaction2004("performance")),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "a[,]c",
            current: interaction2004("choice", ["cmi.interactions.0.correct_responses.0.pattern": "a[,]b",
                                                "cmi.interactions.0.correct_responses._count": "1"])),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "a", current: interaction2004("choice",
            ["cmi.interactions.0.correct_responses.0.pattern": "a", "cmi.interactions.0.correct_responses._count": "1"])),
    SetCase("cmi.objectives.0.id", "obj-1"),
    SetCase("cmi.objectives.0.id", "obj-1", current: objective0),
    SetCase("cmi.objectives.1.id", "obj-2", current: objective0),
    SetCase("cmi.objectives.0.score.scaled", "0.5", current: objective0),
    SetCase("cmi.objectives.0.score.raw", "12", current: objective0),
    SetCase("cmi.objectives.0.success_status", "passed", current: objective0),
    SetCase("cmi.objectives.0.completion_status", "completed", current: objective0),
    SetCase("cmi.objectives.0.progress_measure", "0.25", current: objective0),
    SetCase("cmi.objectives.0.description", "Comprendre", current: objective0),
    SetCase("adl.nav.request", "continue"),
    SetCase("adl.nav.request", "previous"),
    SetCase("adl.nav.request", "{target=intro}choice"),
    SetCase("adl.nav.request", "{target=sco-2}jump"),
    SetCase("adl.nav.request", "exit"),
    SetCase("adl.nav.request", "exitAll"),
    SetCase("adl.nav.request", "abandon"),
    SetCase("adl.nav.request", "abandonAll"),
    SetCase("adl.nav.request", "suspendAll"),
    SetCase("adl.nav.request", "_none_"),
    SetCase("adl.data.0.store", "shared", current: ["adl.data.0.id": "urn:store:1", "adl.data._count": "1"]),
]

private let refused2004: [SetCase] = [
    // Element names → 351 (none at all) or 401.
    SetCase("", "x", 351),
    SetCase("cmi.core.lesson_status", "completed", 401),
    SetCase("cmi.nonsense", "x", 401),
    SetCase("cmi.interactions.x.id", "q", 401),
    SetCase("cmi.interactions.00.id", "q", 401),
    SetCase("cmi.completion_status._children", "x", 401),
    SetCase("cmi.interactions.0.objectives._children", "id", 401),
    SetCase("cmi.interactions.0.student_response", "a", 401),
    SetCase("adl.nav.request_valid.choice", "true", 401),
    SetCase("adl.nav.request_valid.choice.intro", "true", 401),
    // Keywords → 404.
    SetCase("cmi._version", "1.0", 404),
    SetCase("cmi.interactions._count", "3", 404),
    SetCase("cmi.interactions._children", "id", 404),
    SetCase("cmi.score._children", "scaled", 404),
    SetCase("cmi.objectives.0.score._children", "raw", 404),
    SetCase("cmi.comments_from_learner._count", "0", 404),
    SetCase("adl.data._count", "1", 404),
    // Read-only → 404.
    SetCase("cmi.total_time", "PT1H", 404),
    SetCase("cmi.credit", "credit", 404),
    SetCase("cmi.entry", "resume", 404),
    SetCase("cmi.mode", "review", 404),
    SetCase("cmi.learner_id", "joe", 404),
    SetCase("cmi.learner_name", "Joe", 404),
    SetCase("cmi.launch_data", "x", 404),
    SetCase("cmi.max_time_allowed", "PT1H", 404),
    SetCase("cmi.scaled_passing_score", "0.8", 404),
    SetCase("cmi.completion_threshold", "0.5", 404),
    SetCase("cmi.time_limit_action", "exit,message", 404),
    SetCase("cmi.comments_from_lms.0.comment", "x", 404, current: ["cmi.comments_from_lms._count": "1"]),
    SetCase("cmi.comments_from_lms.0.comment", "x", 404),
    SetCase("cmi.comments_from_lms.5.comment", "x", 404),
    SetCase("adl.data.3.id", "urn:x:y", 404, current: ["adl.data._count": "1"]),
    SetCase("adl.nav.request_valid.continue", "true", 404),
    SetCase("adl.nav.request_valid.choice.{target=module.1}", "true", 404),
    SetCase("adl.data.0.id", "urn:x:y", 404, current: ["adl.data._count": "1"]),
    // Format and vocabulary → 406.
    SetCase("cmi.completion_status", "finished", 406),
    SetCase("cmi.completion_status", "Completed", 406),
    SetCase("cmi.success_status", "completed", 406),
    SetCase("cmi.exit", "bogus", 406),
    SetCase("cmi.score.scaled", "abc", 406),
    SetCase("cmi.score.scaled", "1e-1", 406),
    SetCase("cmi.score.raw", "", 406),
    SetCase("cmi.session_time", "01:00:00", 406),
    SetCase("cmi.session_time", "P", 406),
    SetCase("cmi.session_time", "PT", 406),
    SetCase("cmi.session_time", "PT1.234S", 406),
    SetCase("cmi.location", String(repeating: "l", count: 1001), 406),
    SetCase("cmi.suspend_data", String(repeating: "s", count: 64001), 406),
    SetCase("cmi.learner_preference.language", "english", 406),
    SetCase("cmi.learner_preference.language", "fr_FR", 406),
    SetCase("cmi.learner_preference.audio_captioning", "2", 406),
    SetCase("cmi.comments_from_learner.0.comment", "{lang=123}x", 406),
    SetCase("cmi.comments_from_learner.0.timestamp", "2024-13-01", 406),
    SetCase("cmi.comments_from_learner.0.location", String(repeating: "l", count: 251), 406),
    SetCase("cmi.interactions.0.id", "", 406),
    SetCase("cmi.interactions.0.id", "has space", 406),
    SetCase("cmi.interactions.0.id", "urn:portail", 406),
    SetCase("cmi.interactions.0.type", "essay", 406, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.result", "wrong", 406, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.timestamp", "2024-05-01T10:20:30Z", 406, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.latency", "00:00:05", 406, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.description", String(repeating: "d", count: 251), 406,
            current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.learner_response", "yes", 406, current: interaction2004("true-false")),
    SetCase("cmi.interactions.0.learner_response", "a[,]a", 406, current: interaction2004("choice")),
    SetCase("cmi.interactions.0.learner_response", "a b", 406, current: interaction2004("choice")),
    SetCase("cmi.interactions.0.learner_response", "s1[.]", 406, current: interaction2004("matching")),
    SetCase("cmi.interactions.0.learner_response", "x", 406, current: interaction2004("numeric")),
    SetCase("cmi.interactions.0.learner_response", "", 406, current: interaction2004("likert")),
    SetCase("cmi.interactions.0.learner_response", "", 406, current: interaction2004("sequencing")),
    SetCase("cmi.interactions.0.learner_response", "no-separator", 406, current: interaction2004("performance")),
    SetCase("cmi.interactions.0.learner_response", "{lang=f}x", 406, current: interaction2004("fill-in")),
    SetCase("cmi.interactions.0.learner_response", String(repeating: "o", count: 4001), 406,
            current: interaction2004("other")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "{case_matters=yes}x", 406,
            current: interaction2004("fill-in")),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "5[:]1", 406, current: interaction2004("numeric")),
    SetCase("adl.nav.request", "choice", 406),
    SetCase("adl.nav.request", "{target=}choice", 406),
    SetCase("adl.nav.request", "{target=intro}continue", 406),
    SetCase("adl.nav.request", "start", 406),
    SetCase("adl.nav.request", "resumeAll", 406),
    // Range → 407.
    SetCase("cmi.score.scaled", "2", 407),
    SetCase("cmi.score.scaled", "-1.01", 407),
    SetCase("cmi.progress_measure", "1.5", 407),
    SetCase("cmi.progress_measure", "-0.1", 407),
    SetCase("cmi.learner_preference.audio_level", "-1", 407),
    SetCase("cmi.learner_preference.delivery_speed", "-0.5", 407),
    SetCase("cmi.objectives.0.score.scaled", "1.5", 407, current: objective0),
    SetCase("cmi.objectives.0.progress_measure", "2", 407, current: objective0),
    // Dependencies → 408.
    SetCase("cmi.interactions.0.type", "choice", 408),
    SetCase("cmi.interactions.0.timestamp", "2024-05-01", 408),
    SetCase("cmi.interactions.0.result", "correct", 408),
    SetCase("cmi.interactions.0.learner_response", "a", 408, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.correct_responses.0.pattern", "a", 408, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.objectives.0.id", "obj-1", 408),
    SetCase("cmi.interactions.1.type", "choice", 408, current: interaction2004("choice")),
    SetCase("cmi.objectives.0.score.scaled", "0.5", 408),
    SetCase("cmi.objectives.0.success_status", "passed", 408),
    SetCase("cmi.objectives.1.description", "x", 408, current: objective0),
    SetCase("adl.data.0.store", "x", 408, current: ["adl.data._count": "1"]),
    SetCase("adl.data.1.store", "x", 351, current: ["adl.data._count": "1", "adl.data.0.id": "urn:a:b"]),
    SetCase("adl.data.0.store", "x", 351),
    // Gaps, maximums, uniqueness → 351.
    SetCase("cmi.interactions.2.id", "q3", 351, current: interaction2004("choice")),
    SetCase("cmi.objectives.3.id", "obj-4", 351, current: objective0),
    SetCase("cmi.comments_from_learner.1.comment", "x", 351),
    SetCase("cmi.interactions.0.objectives.2.id", "obj", 351, current: ["cmi.interactions.0.id": "q1"]),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "false", 351, current: interaction2004("true-false",
            ["cmi.interactions.0.correct_responses.0.pattern": "true", "cmi.interactions.0.correct_responses._count": "1"])),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "2[:]3", 351, current: interaction2004("numeric",
            ["cmi.interactions.0.correct_responses.0.pattern": "1[:]5", "cmi.interactions.0.correct_responses._count": "1"])),
    SetCase("cmi.objectives.1.id", "obj-1", 351, current: objective0),
    SetCase("cmi.objectives.0.id", "obj-2", 351, current: objective0),
    SetCase("cmi.interactions.0.objectives.1.id", "obj-1", 351, current: interaction2004("choice",
            ["cmi.interactions.0.objectives.0.id": "obj-1", "cmi.interactions.0.objectives._count": "1"])),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "b[,]a", 351, current: interaction2004("choice",
            ["cmi.interactions.0.correct_responses.0.pattern": "a[,]b", "cmi.interactions.0.correct_responses._count": "1"])),
    SetCase("cmi.interactions.0.correct_responses.1.pattern", "i1[,]i2", 351, current: interaction2004("sequencing",
            ["cmi.interactions.0.correct_responses.0.pattern": "i1[,]i2", "cmi.interactions.0.correct_responses._count": "1"])),
]

// MARK: - Suites

@Suite("CMI validator — SCORM 1.2")
struct SCORM12ValidatorTests {
    let validator = CMIValidator(version: .scorm12)

    @Test(arguments: accepted12)
    func validValuesAreAccepted(_ set: SetCase) {
        let error = validator.validateSet(element: set.element, value: set.value, current: set.current)
        #expect(error == nil, "\(error?.message ?? "")")
    }

    @Test(arguments: refused12)
    func invalidSetsGetTheStandardCode(_ set: SetCase) {
        let error = validator.validateSet(element: set.element, value: set.value, current: set.current)
        #expect(error?.code == set.code, "\(error?.message ?? "accepted")")
        #expect(error?.message.isEmpty == false)
    }

    @Test func lessonStatusMessageNamesTheElementAndTheVocabulary() throws {
        let error = try #require(validator.validateSet(element: "cmi.core.lesson_status", value: "done", current: [:]))
        #expect(error == .incorrectDataType(error.message))
        #expect(error.message.hasPrefix("cmi.core.lesson_status must be one of passed, completed, failed, incomplete, browsed"))
    }

    @Test func aGapMessageGivesTheNextIndex() throws {
        let error = try #require(validator.validateSet(element: "cmi.interactions.5.id", value: "q",
                                                       current: ["cmi.interactions._count": "2"]))
        #expect(error.code == 201)
        #expect(error.message.contains("index 2"))
    }

    @Test func theCountComesFromTheKeysWhenNoCountIsStored() {
        let current = ["cmi.interactions.0.id": "a", "cmi.interactions.1.id": "b", "cmi.interactions.1.type": "choice"]
        #expect(validator.validateSet(element: "cmi.interactions.2.id", value: "c", current: current) == nil)
        #expect(validator.validateSet(element: "cmi.interactions.3.id", value: "d", current: current)?.code == 201)
    }

    @Test func theStoredCountWins() {
        let current = ["cmi.objectives._count": "3"]
        #expect(validator.validateSet(element: "cmi.objectives.3.id", value: "o", current: current) == nil)
        #expect(validator.validateSet(element: "cmi.objectives.4.id", value: "o", current: current)?.code == 201)
    }

    @Test(arguments: [
        ("cmi.core.student_id", true), ("cmi.core.credit", true), ("cmi.core.total_time", true),
        ("cmi.launch_data", true), ("cmi.student_data.mastery_score", true), ("cmi.core._children", true),
        ("cmi.interactions._count", true), ("cmi.core.lesson_status", false), ("cmi.core.exit", false),
        ("cmi.core.session_time", false), ("cmi.interactions.4.id", false), ("cmi.bogus", false),
    ])
    func readOnlyElements(element: String, readOnly: Bool) {
        #expect(validator.isReadOnly(element) == readOnly)
    }

    @Test(arguments: [
        ("cmi.core.lesson_status", true), ("cmi.interactions.12.correct_responses.3.pattern", true),
        ("cmi.objectives.0.score._children", true), ("cmi._version", true), ("cmi.student_preference.text", true),
        ("cmi.completion_status", false), ("cmi.interactions.n.id", false), ("cmi.core", false),
        ("adl.nav.request", false), ("", false),
    ])
    func knownElements(element: String, known: Bool) {
        #expect(validator.isKnown(element) == known)
    }

    /// Every element of the SCORM 1.2 data model, with indexes in place.
    static let allElements = [
        "cmi._children", "cmi._version", "cmi.core._children", "cmi.core.student_id", "cmi.core.student_name",
        "cmi.core.lesson_location", "cmi.core.credit", "cmi.core.lesson_status", "cmi.core.entry",
        "cmi.core.score._children", "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max",
        "cmi.core.total_time", "cmi.core.lesson_mode", "cmi.core.exit", "cmi.core.session_time", "cmi.suspend_data",
        "cmi.launch_data", "cmi.comments", "cmi.comments_from_lms", "cmi.objectives._children", "cmi.objectives._count",
        "cmi.objectives.0.id", "cmi.objectives.0.score._children", "cmi.objectives.0.score.raw",
        "cmi.objectives.0.score.min", "cmi.objectives.0.score.max", "cmi.objectives.0.status",
        "cmi.student_data._children", "cmi.student_data.mastery_score", "cmi.student_data.max_time_allowed",
        "cmi.student_data.time_limit_action", "cmi.student_preference._children", "cmi.student_preference.audio",
        "cmi.student_preference.language", "cmi.student_preference.speed", "cmi.student_preference.text",
        "cmi.interactions._children", "cmi.interactions._count", "cmi.interactions.0.id",
        "cmi.interactions.0.objectives._count", "cmi.interactions.0.objectives.0.id", "cmi.interactions.0.time",
        "cmi.interactions.0.type", "cmi.interactions.0.correct_responses._count",
        "cmi.interactions.0.correct_responses.0.pattern", "cmi.interactions.0.weighting",
        "cmi.interactions.0.student_response", "cmi.interactions.0.result", "cmi.interactions.0.latency",
    ]

    @Test func everyElementOfTheDataModelIsKnown() {
        #expect(Self.allElements.filter { !validator.isKnown($0) } == [])
        let scorm2004 = CMIValidator(version: .scorm2004)
        let only12 = Self.allElements.filter { !scorm2004.isKnown($0) }
        #expect(only12.contains("cmi.core.lesson_status"))
        #expect(only12.contains("cmi.interactions.0.student_response"))
        #expect(only12.contains("cmi.student_preference.audio"))
        #expect(!only12.contains("cmi.suspend_data"))
        #expect(!only12.contains("cmi.interactions.0.correct_responses.0.pattern"))
    }

    @Test func anEmptyVocabularyWordIsSpelledOut() {
        let error = validator.validateSet(element: "cmi.core.exit", value: "normal", current: [:])
        #expect(error?.message == "cmi.core.exit must be one of time-out, suspend, logout or an empty string.")
    }

    @Test func countUpdates() {
        #expect(validator.countUpdates(afterSetting: "cmi.objectives.2.score.raw").map(\.element) == ["cmi.objectives._count"])
        #expect(validator.countUpdates(afterSetting: "cmi.objectives.2.score.raw").map(\.count) == [3])
        let nested = validator.countUpdates(afterSetting: "cmi.interactions.1.correct_responses.0.pattern")
        #expect(nested.map(\.element) == ["cmi.interactions._count", "cmi.interactions.1.correct_responses._count"])
        #expect(nested.map(\.count) == [2, 1])
        #expect(validator.countUpdates(afterSetting: "cmi.core.lesson_status").isEmpty)
        #expect(validator.countUpdates(afterSetting: "cmi.interactions._count").isEmpty)
        #expect(validator.countUpdates(afterSetting: "cmi.nope.0.id").isEmpty)
    }
}

@Suite("CMI validator — SCORM 2004")
struct SCORM2004ValidatorTests {
    let validator = CMIValidator(version: .scorm2004)

    @Test(arguments: accepted2004)
    func validValuesAreAccepted(_ set: SetCase) {
        let error = validator.validateSet(element: set.element, value: set.value, current: set.current)
        #expect(error == nil, "\(error?.message ?? "")")
    }

    @Test(arguments: refused2004)
    func invalidSetsGetTheStandardCode(_ set: SetCase) {
        let error = validator.validateSet(element: set.element, value: set.value, current: set.current)
        #expect(error?.code == set.code, "\(error?.message ?? "accepted")")
        #expect(error?.message.isEmpty == false)
    }

    @Test func messagesNameTheElementAndTheExpectation() throws {
        let range = try #require(validator.validateSet(element: "cmi.score.scaled", value: "2", current: [:]))
        #expect(range == .valueOutOfRange("cmi.score.scaled must be between -1 and 1."))
        let vocabulary = try #require(validator.validateSet(element: "cmi.completion_status", value: "done", current: [:]))
        #expect(vocabulary.message == "cmi.completion_status must be one of completed, incomplete, not attempted, unknown.")
        let dependency = try #require(validator.validateSet(element: "cmi.interactions.0.type", value: "choice", current: [:]))
        #expect(dependency == .dependencyNotEstablished("cmi.interactions.0.type cannot be set before cmi.interactions.0.id."))
        let response = try #require(validator.validateSet(element: "cmi.interactions.0.learner_response", value: "maybe",
                                                          current: interaction2004("true-false")))
        #expect(response.message.contains("true-false"))
        #expect(response.message.contains("true or false"))
    }

    /// A batch applied element by element, as the server does: an invalid element never blocks its siblings.
    @Test func aBatchKeepsItsValidSiblings() {
        let batch: [(String, String)] = [
            ("cmi.interactions.0.id", "urn:portail:q1"),
            ("cmi.interactions.0.type", "choice"),
            ("cmi.interactions.0.learner_response", "a[,]a"),   // duplicate choice → 406
            ("cmi.interactions.0.result", "correct"),
            ("cmi.interactions.2.id", "urn:portail:q3"),          // gap → 351
            ("cmi.interactions.1.id", "urn:portail:q2"),
            ("cmi.interactions.1.learner_response", "true"),    // no type yet → 408
            ("cmi.score.scaled", "1.2"),                        // → 407
            ("cmi.completion_status", "completed"),
        ]
        var state: [String: String] = [:]
        var codes: [String: Int] = [:]
        for (element, value) in batch {
            if let error = validator.validateSet(element: element, value: value, current: state) {
                codes[element] = error.code
                continue
            }
            state[element] = value
            for update in validator.countUpdates(afterSetting: element) {
                state[update.element] = String(max(update.count, Int(state[update.element] ?? "0") ?? 0))
            }
        }
        #expect(codes == ["cmi.interactions.0.learner_response": 406, "cmi.interactions.2.id": 351,
                          "cmi.interactions.1.learner_response": 408, "cmi.score.scaled": 407])
        #expect(state["cmi.interactions._count"] == "2")
        #expect(state["cmi.interactions.0.result"] == "correct")
        #expect(state["cmi.completion_status"] == "completed")
    }

    @Test(arguments: [
        ("cmi.total_time", true), ("cmi.learner_id", true), ("cmi.mode", true), ("cmi.scaled_passing_score", true),
        ("cmi.completion_threshold", true), ("cmi.comments_from_lms.3.comment", true), ("cmi._version", true),
        ("cmi.objectives._count", true), ("adl.nav.request_valid.previous", true),
        ("adl.nav.request_valid.jump.{target=a}", true), ("adl.data.0.id", true),
        ("cmi.session_time", false), ("cmi.exit", false), ("cmi.location", false), ("adl.nav.request", false),
        ("adl.data.0.store", false), ("cmi.interactions.0.learner_response", false), ("cmi.core.student_id", false),
    ])
    func readOnlyElements(element: String, readOnly: Bool) {
        #expect(validator.isReadOnly(element) == readOnly)
    }

    @Test(arguments: [
        ("cmi.interactions.3.objectives.2.id", true), ("cmi.comments_from_learner.0.timestamp", true),
        ("cmi.learner_preference.audio_captioning", true), ("adl.nav.request_valid.choice.{target=m.1}", true),
        ("adl.data._children", true), ("cmi.objectives.0.score._children", true),
        ("cmi.interactions.0.correct_responses._children", false), ("cmi.core.lesson_status", false),
        ("cmi.interactions.0.student_response", false), ("adl.nav.request_valid.choice.{target=}", false),
        ("adl.nav.bogus", false), ("cmi.objectives.01.id", false),
    ])
    func knownElements(element: String, known: Bool) {
        #expect(validator.isKnown(element) == known)
    }

    @Test func countUpdates() {
        let single = validator.countUpdates(afterSetting: "cmi.interactions.3.id")
        #expect(single.map(\.element) == ["cmi.interactions._count"])
        #expect(single.map(\.count) == [4])
        let nested = validator.countUpdates(afterSetting: "cmi.interactions.3.objectives.1.id")
        #expect(nested.map(\.element) == ["cmi.interactions._count", "cmi.interactions.3.objectives._count"])
        #expect(nested.map(\.count) == [4, 2])
        #expect(validator.countUpdates(afterSetting: "cmi.comments_from_learner.0.comment").map(\.count) == [1])
        #expect(validator.countUpdates(afterSetting: "cmi.objectives.9.success_status").map(\.element) == ["cmi.objectives._count"])
        #expect(validator.countUpdates(afterSetting: "cmi.comments_from_lms.0.comment").isEmpty)
        #expect(validator.countUpdates(afterSetting: "adl.data.0.store").isEmpty)
        #expect(validator.countUpdates(afterSetting: "cmi.score.scaled").isEmpty)
        #expect(validator.countUpdates(afterSetting: "cmi.interactions._count").isEmpty)
    }

    /// Every element of the SCORM 2004 4th edition data model, with indexes in place.
    static let allElements = [
        "cmi._version", "cmi.comments_from_learner._children", "cmi.comments_from_learner._count",
        "cmi.comments_from_learner.0.comment", "cmi.comments_from_learner.0.location",
        "cmi.comments_from_learner.0.timestamp", "cmi.comments_from_lms._children", "cmi.comments_from_lms._count",
        "cmi.comments_from_lms.0.comment", "cmi.comments_from_lms.0.location", "cmi.comments_from_lms.0.timestamp",
        "cmi.completion_status", "cmi.completion_threshold", "cmi.credit", "cmi.entry", "cmi.exit",
        "cmi.interactions._children", "cmi.interactions._count", "cmi.interactions.0.id", "cmi.interactions.0.type",
        "cmi.interactions.0.objectives._count", "cmi.interactions.0.objectives.0.id", "cmi.interactions.0.timestamp",
        "cmi.interactions.0.correct_responses._count", "cmi.interactions.0.correct_responses.0.pattern",
        "cmi.interactions.0.weighting", "cmi.interactions.0.learner_response", "cmi.interactions.0.result",
        "cmi.interactions.0.latency", "cmi.interactions.0.description", "cmi.launch_data", "cmi.learner_id",
        "cmi.learner_name", "cmi.learner_preference._children", "cmi.learner_preference.audio_level",
        "cmi.learner_preference.language", "cmi.learner_preference.delivery_speed",
        "cmi.learner_preference.audio_captioning", "cmi.location", "cmi.max_time_allowed", "cmi.mode",
        "cmi.objectives._children", "cmi.objectives._count", "cmi.objectives.0.id", "cmi.objectives.0.score._children",
        "cmi.objectives.0.score.scaled", "cmi.objectives.0.score.raw", "cmi.objectives.0.score.min",
        "cmi.objectives.0.score.max", "cmi.objectives.0.success_status", "cmi.objectives.0.completion_status",
        "cmi.objectives.0.progress_measure", "cmi.objectives.0.description", "cmi.progress_measure",
        "cmi.scaled_passing_score", "cmi.score._children", "cmi.score.scaled", "cmi.score.raw", "cmi.score.min",
        "cmi.score.max", "cmi.session_time", "cmi.success_status", "cmi.suspend_data", "cmi.time_limit_action",
        "cmi.total_time", "adl.nav.request", "adl.nav.request_valid.continue", "adl.nav.request_valid.previous",
        "adl.nav.request_valid.choice.{target=intro}", "adl.nav.request_valid.jump.{target=intro}",
        "adl.data._children", "adl.data._count", "adl.data.0.id", "adl.data.0.store",
    ]

    @Test func everyElementOfTheDataModelIsKnown() {
        #expect(Self.allElements.filter { !validator.isKnown($0) } == [])
        let only2004 = Self.allElements.filter { !CMIValidator(version: .scorm12).isKnown($0) }
        #expect(only2004.contains("cmi.completion_status"))
        #expect(only2004.contains("adl.nav.request"))
        #expect(!only2004.contains("cmi.suspend_data"))
    }

    @Test func aChangedObjectiveIdIsQuotedInTheMessage() {
        let error = validator.validateSet(element: "cmi.objectives.0.id", value: "obj-2", current: objective0)
        #expect(error == .generalSetFailure("cmi.objectives.0.id is already \"obj-1\": an objective identifier cannot change."))
    }

    @Test func anObjectiveIdMayBeSetAgainToTheSameValueOnly() {
        let current = ["cmi.objectives.0.id": "obj-1", "cmi.objectives.1.id": "obj-2", "cmi.objectives._count": "2"]
        #expect(validator.validateSet(element: "cmi.objectives.1.id", value: "obj-2", current: current) == nil)
        #expect(validator.validateSet(element: "cmi.objectives.1.id", value: "obj-1", current: current)?.code == 351)
        #expect(validator.validateSet(element: "cmi.objectives.2.id", value: "obj-2", current: current)?.code == 351)
        #expect(validator.validateSet(element: "cmi.objectives.2.id", value: "obj-3", current: current) == nil)
    }

    @Test func aHugeUnknownElementNameIsNotEchoedWhole() throws {
        let name = "cmi." + String(repeating: "z", count: 5000)
        let error = try #require(validator.validateSet(element: name, value: "x", current: [:]))
        #expect(error.code == 401)
        #expect(error.message.count < 250)
    }

    @Test func anUnknownStoredTypeDoesNotEstablishTheDependency() {
        let current = ["cmi.interactions.0.id": "q", "cmi.interactions.0.type": "essay"]
        #expect(validator.validateSet(element: "cmi.interactions.0.learner_response", value: "x", current: current)?.code == 408)
    }
}

@Suite("CMI errors")
struct CMIErrorTests {
    @Test func constructorsCarryTheStandardCodes() {
        let codes = [
            CMIError.invalidArgument("m"), .elementIsKeyword("m"), .elementIsReadOnly("m"),
            .incorrectDataType("m"), .generalSetFailure("m"), .undefinedElement("m"), .unimplementedElement("m"),
            .readOnly("m"), .typeMismatch("m"), .valueOutOfRange("m"), .dependencyNotEstablished("m"),
        ].map(\.code)
        #expect(codes == [201, 402, 403, 405, 351, 401, 402, 404, 406, 407, 408])
    }

    @Test func roundTripsThroughJSON() throws {
        let error = CMIError.typeMismatch("cmi.exit must be one of time-out, suspend, logout, normal or an empty string.")
        let data = try JSONEncoder().encode(error)
        #expect(try JSONDecoder().decode(CMIError.self, from: data) == error)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["code"] as? Int == 406)
    }

    @Test func longElementNamesAreNotRemembered() {
        // A client sending many distinct long names would otherwise fill the memo with megabytes of keys.
        let validator = CMIValidator(version: .scorm2004)
        for index in 0..<5 {
            let name = "cmi." + String(repeating: "x", count: 200_000) + "\(index)"
            #expect(validator.validateSet(element: name, value: "v", current: [:])?.code == 401)
            #expect(!CMIValidator.DataModel.scorm2004.remembers(name))
        }
        _ = validator.validateSet(element: "cmi.location", value: "p1", current: [:])
        #expect(CMIValidator.DataModel.scorm2004.remembers("cmi.location"), "short names are still remembered")
    }
}
