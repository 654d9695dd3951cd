"""Conformance of the strict test LMS itself (Tests/E2E/lms/strict-lms.js), driven in headless Chromium.

Each case opens the LMS with a blank page as the SCO, replays API calls, and checks the last call's return
value and error code (and, for rejected values, that window.lmsErrors names them).
"""
import json
import urllib.parse

import pytest

from e2e_helpers import wait

BLANK = "../blank.html"

RUN_CALLS = """
var api = window.API_1484_11 || window.API;
var lastError = window.API_1484_11 ? 'GetLastError' : 'LMSGetLastError';
return arguments[0].map(function (call) {
  var result = api[call[0]].apply(api, call.slice(1));
  return [result, api[lastError]()];
});
"""


def open_lms(driver, base, standard, **params):
    query = {"sco": BLANK, "standard": standard}
    query.update({k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in params.items()})
    driver.get(f"{base}/lms/strict-lms.html?" + urllib.parse.urlencode(query))
    wait(driver, lambda: driver.execute_script("return !!(window.lmsStatus && (window.API || window.API_1484_11))"))


def run(driver, calls):
    return driver.execute_script(RUN_CALLS, [list(c) for c in calls])


# ---------------------------------------------------------------------------------------------------------
# SCORM 1.2
# ---------------------------------------------------------------------------------------------------------

I12 = ("LMSInitialize", "")
F12 = ("LMSFinish", "")


def s12(element, value):
    return ("LMSSetValue", element, value)


def g12(element):
    return ("LMSGetValue", element)


def interaction12(*extra):
    return [I12, s12("cmi.interactions.0.id", "q1")] + list(extra)


L255 = "x" * 255
CASES12 = [
    # (name, calls, expected result of the last call (None: any), expected error code)
    ("initialize", [I12], "true", "0"),
    ("initialize with an argument", [("LMSInitialize", "x")], "false", "201"),
    ("initialize twice", [I12, I12], "false", "101"),
    ("initialize after finish", [I12, F12, I12], "false", "101"),
    ("get before initialize", [g12("cmi.core.lesson_status")], "", "301"),
    ("set before initialize", [s12("cmi.core.lesson_status", "incomplete")], "false", "301"),
    ("commit before initialize", [("LMSCommit", "")], "false", "301"),
    ("finish before initialize", [F12], "false", "301"),
    ("get after finish", [I12, F12, g12("cmi.core.lesson_status")], "", "301"),
    ("set after finish", [I12, F12, s12("cmi.core.lesson_status", "passed")], "false", "301"),
    ("commit after finish", [I12, F12, ("LMSCommit", "")], "false", "301"),
    ("finish twice", [I12, F12, F12], "false", "301"),
    ("commit", [I12, ("LMSCommit", "")], "true", "0"),
    ("commit with an argument", [I12, ("LMSCommit", "x")], "false", "201"),
    # Reading
    ("initial lesson_status", [I12, g12("cmi.core.lesson_status")], "not attempted", "0"),
    ("entry", [I12, g12("cmi.core.entry")], "ab-initio", "0"),
    ("core children", [I12, g12("cmi.core._children")],
     "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
     "0"),
    ("score children", [I12, g12("cmi.core.score._children")], "raw,min,max", "0"),
    ("interactions children", [I12, g12("cmi.interactions._children")],
     "id,objectives,time,type,correct_responses,weighting,student_response,result,latency", "0"),
    ("interactions count", [I12, g12("cmi.interactions._count")], "0", "0"),
    ("no children", [I12, g12("cmi.core.lesson_status._children")], "", "202"),
    ("not an array", [I12, g12("cmi.core._count")], "", "203"),
    ("unknown element", [I12, g12("cmi.core.mood")], "", "201"),
    ("empty element", [I12, g12("")], "", "201"),
    ("exit is write-only", [I12, g12("cmi.core.exit")], "", "404"),
    ("session_time is write-only", [I12, g12("cmi.core.session_time")], "", "404"),
    ("interaction id is write-only", interaction12(g12("cmi.interactions.0.id")), "", "404"),
    ("unset lesson_location reads empty", [I12, g12("cmi.core.lesson_location")], "", "0"),
    ("total_time", [I12, g12("cmi.core.total_time")], "0000:00:00.00", "0"),
    # Read-only and keywords
    ("student_id is read-only", [I12, s12("cmi.core.student_id", "x")], "false", "403"),
    ("entry is read-only", [I12, s12("cmi.core.entry", "resume")], "false", "403"),
    ("total_time is read-only", [I12, s12("cmi.core.total_time", "0000:00:01.00")], "false", "403"),
    ("credit is read-only", [I12, s12("cmi.core.credit", "credit")], "false", "403"),
    ("lesson_mode is read-only", [I12, s12("cmi.core.lesson_mode", "normal")], "false", "403"),
    ("launch_data is read-only", [I12, s12("cmi.launch_data", "x")], "false", "403"),
    ("mastery_score is read-only", [I12, s12("cmi.student_data.mastery_score", "50")], "false", "403"),
    ("_count is a keyword", [I12, s12("cmi.interactions._count", "3")], "false", "402"),
    ("_children is a keyword", [I12, s12("cmi.core._children", "x")], "false", "402"),
    ("set an unknown element", [I12, s12("cmi.core.mood", "x")], "false", "201"),
    ("set an empty element", [I12, s12("", "x")], "false", "201"),
    # Vocabularies
    *[(f"lesson_status {v}", [I12, s12("cmi.core.lesson_status", v)], "true", "0")
      for v in ("passed", "completed", "failed", "incomplete", "browsed")],
    ("lesson_status not attempted", [I12, s12("cmi.core.lesson_status", "not attempted")], "false", "405"),
    ("lesson_status wrong case", [I12, s12("cmi.core.lesson_status", "Passed")], "false", "405"),
    ("lesson_status unknown", [I12, s12("cmi.core.lesson_status", "done")], "false", "405"),
    *[(f"exit {v!r}", [I12, s12("cmi.core.exit", v)], "true", "0") for v in ("suspend", "", "logout", "time-out")],
    ("exit normal (2004 only)", [I12, s12("cmi.core.exit", "normal")], "false", "405"),
    # CMITimespan, CMITime, CMIDecimal, CMIString
    ("session_time HHHH", [I12, s12("cmi.core.session_time", "0000:01:02.50")], "true", "0"),
    ("session_time HH", [I12, s12("cmi.core.session_time", "00:01:02")], "true", "0"),
    ("session_time one hour digit", [I12, s12("cmi.core.session_time", "1:02:03")], "false", "405"),
    ("session_time ISO", [I12, s12("cmi.core.session_time", "PT1M")], "false", "405"),
    ("session_time 61 minutes", [I12, s12("cmi.core.session_time", "0000:61:00")], "false", "405"),
    ("session_time 3 decimals", [I12, s12("cmi.core.session_time", "0000:00:01.123")], "false", "405"),
    ("score 85", [I12, s12("cmi.core.score.raw", "85")], "true", "0"),
    ("score 85.5", [I12, s12("cmi.core.score.raw", "85.5")], "true", "0"),
    ("score blank", [I12, s12("cmi.core.score.raw", "")], "true", "0"),
    ("score -1", [I12, s12("cmi.core.score.raw", "-1")], "false", "405"),
    ("score 101", [I12, s12("cmi.core.score.raw", "101")], "false", "405"),
    ("score text", [I12, s12("cmi.core.score.raw", "abc")], "false", "405"),
    ("score exponent", [I12, s12("cmi.core.score.raw", "1e2")], "false", "405"),
    ("location 255", [I12, s12("cmi.core.lesson_location", L255)], "true", "0"),
    ("location 256", [I12, s12("cmi.core.lesson_location", L255 + "x")], "false", "405"),
    ("suspend_data 4096", [I12, s12("cmi.suspend_data", "x" * 4096)], "true", "0"),
    ("suspend_data 4097", [I12, s12("cmi.suspend_data", "x" * 4097)], "false", "405"),
    ("value not a string", [I12, ("LMSSetValue", "cmi.core.lesson_location", 5)], "false", "405"),
    ("audio -1", [I12, s12("cmi.student_preference.audio", "-1")], "true", "0"),
    ("audio 101", [I12, s12("cmi.student_preference.audio", "101")], "false", "405"),
    ("text 2", [I12, s12("cmi.student_preference.text", "2")], "false", "405"),
    # Interactions
    ("interaction gap", [I12, s12("cmi.interactions.1.id", "q1")], "false", "201"),
    ("interaction created without id", [I12, s12("cmi.interactions.0.type", "choice")], "false", "201"),
    ("interaction id", interaction12(), "true", "0"),
    ("interaction id with a space", [I12, s12("cmi.interactions.0.id", "q 1")], "false", "405"),
    ("interaction count", interaction12(g12("cmi.interactions._count")), "1", "0"),
    ("interaction type", interaction12(s12("cmi.interactions.0.type", "choice")), "true", "0"),
    ("interaction type multiple", interaction12(s12("cmi.interactions.0.type", "multiple")), "false", "405"),
    ("interaction time", interaction12(s12("cmi.interactions.0.time", "12:30:05")), "true", "0"),
    ("interaction time 25h", interaction12(s12("cmi.interactions.0.time", "25:00:00")), "false", "405"),
    ("interaction time HH:MM", interaction12(s12("cmi.interactions.0.time", "12:30")), "false", "405"),
    ("interaction latency", interaction12(s12("cmi.interactions.0.latency", "0000:00:12.5")), "true", "0"),
    ("interaction latency ISO", interaction12(s12("cmi.interactions.0.latency", "PT12S")), "false", "405"),
    ("interaction weighting", interaction12(s12("cmi.interactions.0.weighting", "2")), "true", "0"),
    ("interaction weighting text", interaction12(s12("cmi.interactions.0.weighting", "x")), "false", "405"),
    ("result wrong", interaction12(s12("cmi.interactions.0.result", "wrong")), "true", "0"),
    ("result incorrect (2004 only)", interaction12(s12("cmi.interactions.0.result", "incorrect")), "false", "405"),
    ("result decimal", interaction12(s12("cmi.interactions.0.result", "0.5")), "true", "0"),
    ("pattern gap", interaction12(s12("cmi.interactions.0.type", "choice"),
                                  s12("cmi.interactions.0.correct_responses.1.pattern", "a")), "false", "201"),
    ("pattern count", interaction12(s12("cmi.interactions.0.type", "choice"),
                                    s12("cmi.interactions.0.correct_responses.0.pattern", "a"),
                                    g12("cmi.interactions.0.correct_responses._count")), "1", "0"),
    ("true-false t", interaction12(s12("cmi.interactions.0.type", "true-false"),
                                   s12("cmi.interactions.0.student_response", "t")), "true", "0"),
    ("true-false 'true'", interaction12(s12("cmi.interactions.0.type", "true-false"),
                                        s12("cmi.interactions.0.student_response", "true")), "false", "405"),
    ("choice a,b", interaction12(s12("cmi.interactions.0.type", "choice"),
                                 s12("cmi.interactions.0.student_response", "a,b")), "true", "0"),
    ("choice pattern {a,b}", interaction12(s12("cmi.interactions.0.type", "choice"),
                                           s12("cmi.interactions.0.correct_responses.0.pattern", "{a,b}")), "true", "0"),
    ("choice word (spec: single characters)", interaction12(s12("cmi.interactions.0.type", "choice"),
                                                            s12("cmi.interactions.0.student_response", "comptoir")),
     "false", "405"),
    ("matching a.b", interaction12(s12("cmi.interactions.0.type", "matching"),
                                   s12("cmi.interactions.0.student_response", "a.b,c.d")), "true", "0"),
    ("matching s1.t1 (spec: single characters)", interaction12(s12("cmi.interactions.0.type", "matching"),
                                                               s12("cmi.interactions.0.student_response", "s1.t1")),
     "false", "405"),
    ("sequencing a,b,c", interaction12(s12("cmi.interactions.0.type", "sequencing"),
                                       s12("cmi.interactions.0.student_response", "a,b,c")), "true", "0"),
    ("numeric 6.5", interaction12(s12("cmi.interactions.0.type", "numeric"),
                                  s12("cmi.interactions.0.student_response", "6.5")), "true", "0"),
    ("numeric text", interaction12(s12("cmi.interactions.0.type", "numeric"),
                                   s12("cmi.interactions.0.student_response", "six")), "false", "405"),
    ("numeric range pattern", interaction12(s12("cmi.interactions.0.type", "numeric"),
                                            s12("cmi.interactions.0.correct_responses.0.pattern", "6[:]12")),
     "false", "405"),
    ("fill-in text", interaction12(s12("cmi.interactions.0.type", "fill-in"),
                                   s12("cmi.interactions.0.student_response", "dire bonjour")), "true", "0"),
    ("fill-in 256", interaction12(s12("cmi.interactions.0.type", "fill-in"),
                                  s12("cmi.interactions.0.student_response", L255 + "x")), "false", "405"),
    ("objective id", [I12, s12("cmi.objectives.0.id", "obj-1")], "true", "0"),
    ("objective status not attempted", [I12, s12("cmi.objectives.0.id", "obj-1"),
                                        s12("cmi.objectives.0.status", "not attempted")], "true", "0"),
    # Error strings
    ("error string 405", [I12, ("LMSGetErrorString", "405")], "Incorrect data type", "0"),
    ("error string 301", [I12, ("LMSGetErrorString", "301")], "Not initialized", "0"),
]


@pytest.mark.parametrize("name,calls,result,code", CASES12, ids=[c[0] for c in CASES12])
def test_scorm12(module_driver, http_server, name, calls, result, code):
    open_lms(module_driver, http_server, "scorm12")
    outcomes = run(module_driver, calls)
    got_result, got_code = outcomes[-1]
    assert got_code == code, f"{name}: {calls[-1]} → error {got_code}, expected {code}"
    if result is not None:
        assert got_result == result
    errors = module_driver.execute_script("return window.lmsErrors")
    if code != "0":
        assert errors and errors[-1]["error"] == code and errors[-1]["args"] == list(calls[-1][1:])
    else:
        assert all(o[1] == "0" for o in outcomes) and errors == []


def test_scorm12_identifier_feedback_mode(module_driver, http_server):
    """feedback12=identifier accepts the whole-identifier responses Portail's contract writes."""
    open_lms(module_driver, http_server, "scorm12", feedback12="identifier")
    out = run(module_driver, interaction12(
        s12("cmi.interactions.0.type", "choice"), s12("cmi.interactions.0.student_response", "comptoir,jardin"),
        s12("cmi.interactions.0.correct_responses.0.pattern", "comptoir,jardin"),
        s12("cmi.interactions.1.id", "q2"), s12("cmi.interactions.1.type", "matching"),
        s12("cmi.interactions.1.student_response", "s1.t1,s2.t2"),
        s12("cmi.interactions.1.student_response", "s1t1"),
    ))
    assert [o[1] for o in out] == ["0"] * 8 + ["405"]


def test_scorm12_diagnostic_and_log(module_driver, http_server):
    open_lms(module_driver, http_server, "scorm12")
    run(module_driver, [I12, s12("cmi.core.lesson_status", "done")])
    diagnostic = module_driver.execute_script("return window.API.LMSGetDiagnostic('')")
    assert diagnostic.startswith("405") and "done" in diagnostic
    log = module_driver.execute_script("return window.lmsLog")
    assert [(e["fn"], e["args"], e["result"], e["error"]) for e in log] == [
        ("LMSInitialize", [""], "true", "0"),
        ("LMSSetValue", ["cmi.core.lesson_status", "done"], "false", "405"),
    ]
    assert module_driver.execute_script("return window.lmsData['cmi.core.lesson_status']") == "not attempted"


# ---------------------------------------------------------------------------------------------------------
# SCORM 2004 4th edition
# ---------------------------------------------------------------------------------------------------------

I04 = ("Initialize", "")
T04 = ("Terminate", "")


def s04(element, value):
    return ("SetValue", element, value)


def g04(element):
    return ("GetValue", element)


def interaction04(kind=None, *extra):
    calls = [I04, s04("cmi.interactions.0.id", "accueil-q1")]
    if kind:
        calls.append(s04("cmi.interactions.0.type", kind))
    return calls + list(extra)


def response04(kind, value):
    return interaction04(kind, s04("cmi.interactions.0.learner_response", value))


def pattern04(kind, *values):
    return interaction04(kind, *[s04(f"cmi.interactions.0.correct_responses.{k}.pattern", v)
                                 for k, v in enumerate(values)])


CASES2004 = [
    ("initialize", [I04], "true", "0"),
    ("initialize with an argument", [("Initialize", "x")], "false", "201"),
    ("initialize twice", [I04, I04], "false", "103"),
    ("initialize after terminate", [I04, T04, I04], "false", "104"),
    ("terminate before initialize", [T04], "false", "112"),
    ("terminate twice", [I04, T04, T04], "false", "113"),
    ("get before initialize", [g04("cmi.location")], "", "122"),
    ("get after terminate", [I04, T04, g04("cmi.completion_status")], "", "123"),
    ("set before initialize", [s04("cmi.location", "x")], "false", "132"),
    ("set after terminate", [I04, T04, s04("cmi.location", "x")], "false", "133"),
    ("commit before initialize", [("Commit", "")], "false", "142"),
    ("commit after terminate", [I04, T04, ("Commit", "")], "false", "143"),
    ("commit", [I04, ("Commit", "")], "true", "0"),
    ("commit with an argument", [I04, ("Commit", "x")], "false", "201"),
    # Reading
    ("version", [I04, g04("cmi._version")], "1.0", "0"),
    ("entry", [I04, g04("cmi.entry")], "ab-initio", "0"),
    ("initial completion", [I04, g04("cmi.completion_status")], "unknown", "0"),
    ("initial success", [I04, g04("cmi.success_status")], "unknown", "0"),
    ("unset location", [I04, g04("cmi.location")], "", "403"),
    ("unset suspend_data", [I04, g04("cmi.suspend_data")], "", "403"),
    ("unset score", [I04, g04("cmi.score.raw")], "", "403"),
    ("empty get", [I04, g04("")], "", "301"),
    ("unknown element", [I04, g04("cmi.mood")], "", "401"),
    ("exit is write-only", [I04, g04("cmi.exit")], "", "405"),
    ("session_time is write-only", [I04, g04("cmi.session_time")], "", "405"),
    ("score children", [I04, g04("cmi.score._children")], "scaled,raw,min,max", "0"),
    ("no children", [I04, g04("cmi.location._children")], "", "301"),
    ("not an array", [I04, g04("cmi.location._count")], "", "301"),
    ("children of unknown", [I04, g04("cmi.mood._children")], "", "401"),
    ("adl.data unimplemented", [I04, g04("adl.data._count")], "", "402"),
    ("nav request initial", [I04, g04("adl.nav.request")], "_none_", "0"),
    ("nav request_valid choice", [I04, g04("adl.nav.request_valid.choice.{target=ITEM-animer}")], "unknown", "0"),
    # Read-only and keywords
    ("learner_id is read-only", [I04, s04("cmi.learner_id", "x")], "false", "404"),
    ("entry is read-only", [I04, s04("cmi.entry", "resume")], "false", "404"),
    ("total_time is read-only", [I04, s04("cmi.total_time", "PT1S")], "false", "404"),
    ("mode is read-only", [I04, s04("cmi.mode", "normal")], "false", "404"),
    ("credit is read-only", [I04, s04("cmi.credit", "credit")], "false", "404"),
    ("_count is read-only", [I04, s04("cmi.interactions._count", "1")], "false", "404"),
    ("_version is read-only", [I04, s04("cmi._version", "2")], "false", "404"),
    ("request_valid is read-only", [I04, s04("adl.nav.request_valid.continue", "true")], "false", "404"),
    ("empty set", [I04, s04("", "x")], "false", "351"),
    ("set an unknown element", [I04, s04("cmi.mood", "x")], "false", "401"),
    ("value not a string", [I04, ("SetValue", "cmi.location", 5)], "false", "406"),
    # Vocabularies
    *[(f"completion {v}", [I04, s04("cmi.completion_status", v)], "true", "0")
      for v in ("completed", "incomplete", "not attempted", "unknown")],
    ("completion passed", [I04, s04("cmi.completion_status", "passed")], "false", "406"),
    *[(f"success {v}", [I04, s04("cmi.success_status", v)], "true", "0") for v in ("passed", "failed", "unknown")],
    ("success completed", [I04, s04("cmi.success_status", "completed")], "false", "406"),
    *[(f"exit {v!r}", [I04, s04("cmi.exit", v)], "true", "0")
      for v in ("suspend", "normal", "logout", "time-out", "")],
    ("exit Suspend", [I04, s04("cmi.exit", "Suspend")], "false", "406"),
    *[(f"nav request {v}", [I04, s04("adl.nav.request", v)], "true", "0")
      for v in ("continue", "previous", "exit", "exitAll", "abandon", "suspendAll", "_none_",
                "{target=ITEM-animer}choice")],
    ("nav request forward", [I04, s04("adl.nav.request", "forward")], "false", "406"),
    # real(10,7), ranges, timeinterval, characterstring lengths
    ("progress 0.5", [I04, s04("cmi.progress_measure", "0.5")], "true", "0"),
    ("progress 1.1", [I04, s04("cmi.progress_measure", "1.1")], "false", "407"),
    ("progress -0.1", [I04, s04("cmi.progress_measure", "-0.1")], "false", "407"),
    ("progress text", [I04, s04("cmi.progress_measure", "half")], "false", "406"),
    ("scaled 1", [I04, s04("cmi.score.scaled", "1")], "true", "0"),
    ("scaled -1", [I04, s04("cmi.score.scaled", "-1")], "true", "0"),
    ("scaled 0.6667", [I04, s04("cmi.score.scaled", "0.6667")], "true", "0"),
    ("scaled 1.5", [I04, s04("cmi.score.scaled", "1.5")], "false", "407"),
    ("raw 150", [I04, s04("cmi.score.raw", "150")], "true", "0"),
    ("raw exponent", [I04, s04("cmi.score.raw", "1e2")], "false", "406"),
    ("session PT1H2M3.5S", [I04, s04("cmi.session_time", "PT1H2M3.5S")], "true", "0"),
    ("session PT0S", [I04, s04("cmi.session_time", "PT0S")], "true", "0"),
    ("session P1DT2H", [I04, s04("cmi.session_time", "P1DT2H")], "true", "0"),
    ("session P", [I04, s04("cmi.session_time", "P")], "false", "406"),
    ("session PT", [I04, s04("cmi.session_time", "PT")], "false", "406"),
    ("session 3 decimals", [I04, s04("cmi.session_time", "PT1.123S")], "false", "406"),
    ("session 1.2 format", [I04, s04("cmi.session_time", "0000:00:01.00")], "false", "406"),
    ("location 1000", [I04, s04("cmi.location", "x" * 1000)], "true", "0"),
    ("location 1001", [I04, s04("cmi.location", "x" * 1001)], "false", "406"),
    ("suspend_data 64000", [I04, s04("cmi.suspend_data", "x" * 64000)], "true", "0"),
    ("suspend_data 64001", [I04, s04("cmi.suspend_data", "x" * 64001)], "false", "406"),
    # Interactions: index rules and dependencies
    ("interaction gap", [I04, s04("cmi.interactions.1.id", "q")], "false", "351"),
    ("interaction created without id", [I04, s04("cmi.interactions.0.type", "choice")], "false", "408"),
    ("response before type", interaction04(None, s04("cmi.interactions.0.learner_response", "a")), "false", "408"),
    ("pattern before type", interaction04(None, s04("cmi.interactions.0.correct_responses.0.pattern", "a")),
     "false", "408"),
    ("interaction id with a space", [I04, s04("cmi.interactions.0.id", "q 1")], "false", "406"),
    ("interaction count", interaction04(None, g04("cmi.interactions._count")), "1", "0"),
    ("interaction beyond count", interaction04(None, g04("cmi.interactions.3.id")), "", "301"),
    ("interaction unset result", interaction04(None, g04("cmi.interactions.0.result")), "", "403"),
    ("interaction id read back", interaction04(None, g04("cmi.interactions.0.id")), "accueil-q1", "0"),
    ("type multiple", interaction04("multiple"), "false", "406"),
    ("timestamp", interaction04(None, s04("cmi.interactions.0.timestamp", "2024-05-01T10:20:30")), "true", "0"),
    ("timestamp month 13", interaction04(None, s04("cmi.interactions.0.timestamp", "2024-13-01T10:00:00")),
     "false", "406"),
    ("timestamp with a space", interaction04(None, s04("cmi.interactions.0.timestamp", "2024-05-01 10:20:30")),
     "false", "406"),
    ("timestamp 1969", interaction04(None, s04("cmi.interactions.0.timestamp", "1969-12-31")), "false", "406"),
    ("timestamp Feb 30", interaction04(None, s04("cmi.interactions.0.timestamp", "2024-02-30T10:00:00")),
     "false", "406"),
    ("latency", interaction04(None, s04("cmi.interactions.0.latency", "PT5.25S")), "true", "0"),
    ("latency 1.2 format", interaction04(None, s04("cmi.interactions.0.latency", "0000:00:05.25")), "false", "406"),
    ("weighting", interaction04(None, s04("cmi.interactions.0.weighting", "2")), "true", "0"),
    ("result incorrect", interaction04(None, s04("cmi.interactions.0.result", "incorrect")), "true", "0"),
    ("result wrong (1.2 only)", interaction04(None, s04("cmi.interactions.0.result", "wrong")), "false", "406"),
    ("result real", interaction04(None, s04("cmi.interactions.0.result", "0.5")), "true", "0"),
    ("description 250", interaction04(None, s04("cmi.interactions.0.description", "é" * 250)), "true", "0"),
    ("description 251", interaction04(None, s04("cmi.interactions.0.description", "é" * 251)), "false", "406"),
    ("description lang", interaction04(None, s04("cmi.interactions.0.description", "{lang=fr}Bonjour")), "true", "0"),
    # Responses and patterns per type
    ("true-false true", response04("true-false", "true"), "true", "0"),
    ("true-false t", response04("true-false", "t"), "false", "406"),
    ("true-false one pattern", pattern04("true-false", "true", "false"), "false", "351"),
    ("choice a[,]b", response04("choice", "a[,]b"), "true", "0"),
    ("choice comptoir[,]jardin", response04("choice", "comptoir[,]jardin"), "true", "0"),
    ("choice a,b", response04("choice", "a,b"), "true", "0"),  # one identifier "a,b" (URI characters)
    ("choice duplicate", response04("choice", "a[,]a"), "false", "406"),
    ("choice with a space", response04("choice", "a b"), "false", "406"),
    ("choice patterns unique", pattern04("choice", "a[,]b", "a[,]b"), "false", "351"),
    ("choice two patterns", pattern04("choice", "a", "b"), "true", "0"),
    ("fill-in text", response04("fill-in", "dire bonjour"), "true", "0"),
    ("fill-in pattern", pattern04("fill-in", "{case_matters=false}saluer", "{case_matters=false}dire bonjour"),
     "true", "0"),
    ("fill-in pattern bad flag", pattern04("fill-in", "{case_matters=maybe}saluer"), "false", "406"),
    ("fill-in 11 strings", response04("fill-in", "[,]".join("x" * 11)), "false", "406"),
    ("fill-in 6 patterns", pattern04("fill-in", *"abcdef"), "false", "351"),
    ("matching", response04("matching", "s1[.]t1[,]s2[.]t2"), "true", "0"),
    ("matching with 1.2 delimiters", response04("matching", "s1.t1,s2.t2"), "false", "406"),
    ("sequencing", response04("sequencing", "i1[,]i2[,]i3"), "true", "0"),
    ("sequencing empty", response04("sequencing", ""), "false", "406"),
    ("numeric", response04("numeric", "6.5"), "true", "0"),
    ("numeric text", response04("numeric", "six"), "false", "406"),
    ("numeric pattern range", pattern04("numeric", "6[:]12"), "true", "0"),
    ("numeric pattern exact", pattern04("numeric", "15[:]15"), "true", "0"),
    ("numeric pattern open", pattern04("numeric", "[:]12"), "true", "0"),
    ("numeric pattern reversed", pattern04("numeric", "12[:]6"), "false", "406"),
    ("numeric pattern without range", pattern04("numeric", "15"), "false", "406"),
    ("numeric one pattern", pattern04("numeric", "1[:]2", "3[:]4"), "false", "351"),
    ("pattern gap", interaction04("choice", s04("cmi.interactions.0.correct_responses.2.pattern", "a")),
     "false", "351"),
    ("pattern count", pattern04("choice", "a", "b") + [g04("cmi.interactions.0.correct_responses._count")],
     "2", "0"),
    # Objectives
    ("objective before id", [I04, s04("cmi.objectives.0.success_status", "passed")], "false", "408"),
    ("objective ids unique", [I04, s04("cmi.objectives.0.id", "o1"), s04("cmi.objectives.1.id", "o1")],
     "false", "351"),
    # Error strings
    ("error string 406", [I04, ("GetErrorString", "406")], "Data Model Element Type Mismatch", "0"),
    ("error string unknown", [I04, ("GetErrorString", "999")], "", "0"),
]


@pytest.mark.parametrize("name,calls,result,code", CASES2004, ids=[c[0] for c in CASES2004])
def test_scorm2004(module_driver, http_server, name, calls, result, code):
    open_lms(module_driver, http_server, "scorm2004")
    outcomes = run(module_driver, calls)
    got_result, got_code = outcomes[-1]
    assert got_code == code, f"{name}: {calls[-1]} → error {got_code}, expected {code}"
    if result is not None:
        assert got_result == result
    errors = module_driver.execute_script("return window.lmsErrors")
    if code != "0":
        assert errors and errors[-1]["error"] == code and errors[-1]["args"] == list(calls[-1][1:])
    else:
        assert all(o[1] == "0" for o in outcomes) and errors == []


# ---------------------------------------------------------------------------------------------------------
# Seeding, persistence, navigation requests
# ---------------------------------------------------------------------------------------------------------

def test_seed_from_query(module_driver, http_server):
    open_lms(module_driver, http_server, "scorm2004", entry="resume",
             state={"cmi.location": "lieu", "cmi.suspend_data": "1|3|-|", "cmi.completion_status": "incomplete"})
    out = run(module_driver, [I04, g04("cmi.entry"), g04("cmi.location"), g04("cmi.suspend_data"),
                              g04("cmi.completion_status")])
    assert out == [["true", "0"], ["resume", "0"], ["lieu", "0"], ["1|3|-|", "0"], ["incomplete", "0"]]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_restore_from_local_storage(module_driver, http_server, standard):
    d = module_driver
    open_lms(d, http_server, standard)
    d.execute_script("localStorage.clear()")
    open_lms(d, http_server, standard)
    if standard == "scorm12":
        calls = [I12, s12("cmi.core.lesson_location", "lieu"), s12("cmi.suspend_data", "1|3|-|"),
                 s12("cmi.core.exit", "suspend"), s12("cmi.core.session_time", "0000:00:30.00"), F12]
    else:
        calls = [I04, s04("cmi.location", "lieu"), s04("cmi.suspend_data", "1|3|-|"), s04("cmi.exit", "suspend"),
                 s04("cmi.session_time", "PT30S"), T04]
    assert all(o[1] == "0" for o in run(d, calls))
    saved = d.execute_script(f"return JSON.parse(localStorage.getItem('strict-lms:{standard}:state'))")
    assert saved["status"]["terminateCount"] == 1
    open_lms(d, http_server, standard, restore="1")
    if standard == "scorm12":
        out = run(d, [I12, g12("cmi.core.entry"), g12("cmi.core.lesson_location"), g12("cmi.suspend_data"),
                      g12("cmi.core.total_time")])
        assert out[1:] == [["resume", "0"], ["lieu", "0"], ["1|3|-|", "0"], ["0000:00:30.00", "0"]]
    else:
        out = run(d, [I04, g04("cmi.entry"), g04("cmi.location"), g04("cmi.suspend_data"), g04("cmi.total_time")])
        assert out[1:] == [["resume", "0"], ["lieu", "0"], ["1|3|-|", "0"], ["PT0H0M30S", "0"]]
    assert d.execute_script("return window.lmsStatus.seededFrom") == "localStorage"


def test_restore_after_normal_exit_starts_a_new_2004_attempt(module_driver, http_server):
    d = module_driver
    open_lms(d, http_server, "scorm2004")
    d.execute_script("localStorage.clear()")
    open_lms(d, http_server, "scorm2004")
    run(d, [I04, s04("cmi.location", "quiz"), s04("cmi.completion_status", "completed"), s04("cmi.exit", "normal"),
            T04])
    open_lms(d, http_server, "scorm2004", restore="1")
    out = run(d, [I04, g04("cmi.entry"), g04("cmi.completion_status"), g04("cmi.location")])
    assert out[1:] == [["ab-initio", "0"], ["unknown", "0"], ["", "403"]]


def test_nav_request_recorded_on_terminate(module_driver, http_server):
    d = module_driver
    open_lms(d, http_server, "scorm2004", navContinue="true", navPrevious="false")
    out = run(d, [I04, g04("adl.nav.request_valid.continue"), g04("adl.nav.request_valid.previous"),
                  s04("adl.nav.request", "continue"), T04])
    assert out == [["true", "0"], ["true", "0"], ["false", "0"], ["true", "0"], ["true", "0"]]
    status = d.execute_script("return window.lmsStatus")
    assert status["navRequest"] == "continue" and status["terminateCount"] == 1
    # Like a real LMS, it unloads the SCO after Terminate.
    wait(d, lambda: d.execute_script("return document.getElementById('sco-frame').getAttribute('src')") == "about:blank")


def test_fail_set_hook(module_driver, http_server):
    open_lms(module_driver, http_server, "scorm12", failSet="cmi.suspend_data")
    out = run(module_driver, [I12, s12("cmi.suspend_data", "x"), s12("cmi.core.lesson_location", "x")])
    assert out == [["true", "0"], ["false", "101"], ["true", "0"]]
