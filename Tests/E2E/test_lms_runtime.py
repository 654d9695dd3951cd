"""Portail's LMS-side SCORM run-time (Sources/LearnerServer/Public/lms-runtime.js and its modules in
lms-runtime/) in headless Chromium.

The page fixtures/lms-runtime.html loads the production module and a fetch double that the tests control (a
test double of the network only; the real server comes in the player's end-to-end tests). The page, the entry
module and its folder are copied into the served folder of conftest.py's static server, at their repository paths.

- Data-model conformance tables, one per standard: each case creates a fresh API object, replays calls and checks
  the last call's result and error code.
- Entry, resume and attempts, credit, mode, launch data, mastery score, completion threshold, total time,
  navigation requests, and the batches commits produce.
- The outbox: storage before network, order, retries with backoff, refused requests, element errors, replay
  after a reload, keepalive flush, sequence numbers across tabs and visits.
"""
import json
import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import REPO
from e2e_helpers import wait

RUNTIME_REL = "Sources/LearnerServer/Public/lms-runtime.js"
MODULES_REL = "Sources/LearnerServer/Public/lms-runtime"
PAGE_REL = "Tests/E2E/fixtures/lms-runtime.html"
RUNTIME = REPO / RUNTIME_REL
MODULES = sorted((REPO / MODULES_REL).glob("*.js"))
ACORN_PATHS = ["/usr/share/nodejs", "/usr/lib/nodejs", "/usr/local/lib/node_modules"]


@pytest.fixture(scope="module")
def page(served_root, http_server, module_driver):
    """Serves the runtime and the test page at their repository paths; returns a function that (re)opens it."""
    for rel in (RUNTIME_REL, PAGE_REL):
        target = served_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / rel, target)
    shutil.copytree(REPO / MODULES_REL, served_root / MODULES_REL, dirs_exist_ok=True)
    url = f"{http_server}/{PAGE_REL}"

    def open_page(clear=True):
        d = module_driver
        d.get(url)
        wait(d, lambda: d.execute_script("return !!(window.PortailLMS && window.T)"))
        if clear:
            d.execute_script("localStorage.clear(); window.events.length = 0;")
        return d

    open_page()
    return open_page


@pytest.fixture
def d(page):
    """The test page, freshly loaded with empty storage."""
    return page()


@pytest.fixture(scope="module")
def table_driver(page):
    """The test page, loaded once for a whole table (each case creates its own API object)."""
    return page()


def run(driver, standard, calls, **options):
    return driver.execute_script("return T.run(arguments[0], arguments[1], arguments[2])",
                                 standard, options, [list(c) for c in calls])


# =========================================================================================================
# SCORM 1.2 conformance table
# =========================================================================================================

I12 = ("LMSInitialize", "")
F12 = ("LMSFinish", "")
C12 = ("LMSCommit", "")


def s12(element, value):
    return ("LMSSetValue", element, value)


def g12(element):
    return ("LMSGetValue", element)


def i12(*extra, kind=None):
    calls = [I12, s12("cmi.interactions.0.id", "q1")]
    if kind:
        calls.append(s12("cmi.interactions.0.type", kind))
    return calls + list(extra)


def r12(kind, value):
    return i12(s12("cmi.interactions.0.student_response", value), kind=kind)


L255 = "x" * 255
SETUP_ERRORS = {"last error after a success"}  # cases whose earlier calls fail on purpose
CORE_CHILDREN = "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time"

CASES12 = [
    # --- state machine ------------------------------------------------------------------------------------
    ("initialize", [I12], "true", "0"),
    ("initialize without argument", [("LMSInitialize",)], "true", "0"),
    ("initialize with an argument", [("LMSInitialize", "x")], "false", "201"),
    ("initialize twice", [I12, I12], "false", "101"),
    ("initialize after finish", [I12, F12, I12], "false", "101"),
    ("get before initialize", [g12("cmi.core.lesson_status")], "", "301"),
    ("set before initialize", [s12("cmi.core.lesson_location", "p1")], "false", "301"),
    ("commit before initialize", [C12], "false", "301"),
    ("finish before initialize", [F12], "false", "301"),
    ("get after finish", [I12, F12, g12("cmi.core.lesson_status")], "", "301"),
    ("set after finish", [I12, F12, s12("cmi.core.lesson_location", "p1")], "false", "301"),
    ("commit after finish", [I12, F12, C12], "false", "301"),
    ("finish twice", [I12, F12, F12], "false", "301"),
    ("commit", [I12, C12], "true", "0"),
    ("commit with an argument", [I12, ("LMSCommit", "x")], "false", "201"),
    ("finish with an argument", [I12, ("LMSFinish", "x")], "false", "201"),
    ("finish", [I12, F12], "true", "0"),
    ("last error after a success", [I12, g12("cmi.core.mood"), g12("cmi.core.entry")], "ab-initio", "0"),
    # --- reading ------------------------------------------------------------------------------------------
    ("version", [I12, g12("cmi._version")], "3.4", "0"),
    ("initial lesson_status", [I12, g12("cmi.core.lesson_status")], "not attempted", "0"),
    ("entry", [I12, g12("cmi.core.entry")], "ab-initio", "0"),
    ("credit", [I12, g12("cmi.core.credit")], "credit", "0"),
    ("lesson_mode", [I12, g12("cmi.core.lesson_mode")], "normal", "0"),
    ("total_time", [I12, g12("cmi.core.total_time")], "0000:00:00.00", "0"),
    ("launch_data empty", [I12, g12("cmi.launch_data")], "", "0"),
    ("mastery_score empty", [I12, g12("cmi.student_data.mastery_score")], "", "0"),
    ("comments_from_lms", [I12, g12("cmi.comments_from_lms")], "", "0"),
    ("max_time_allowed", [I12, g12("cmi.student_data.max_time_allowed")], "", "0"),
    ("unset lesson_location reads empty", [I12, g12("cmi.core.lesson_location")], "", "0"),
    ("unset suspend_data reads empty", [I12, g12("cmi.suspend_data")], "", "0"),
    ("unset score reads empty", [I12, g12("cmi.core.score.raw")], "", "0"),
    ("audio default", [I12, g12("cmi.student_preference.audio")], "0", "0"),
    ("set then get", [I12, s12("cmi.core.lesson_location", "p3"), g12("cmi.core.lesson_location")], "p3", "0"),
    # --- keywords -----------------------------------------------------------------------------------------
    ("core children", [I12, g12("cmi.core._children")], CORE_CHILDREN, "0"),
    ("score children", [I12, g12("cmi.core.score._children")], "raw,min,max", "0"),
    ("objectives children", [I12, g12("cmi.objectives._children")], "id,score,status", "0"),
    ("student_data children", [I12, g12("cmi.student_data._children")],
     "mastery_score,max_time_allowed,time_limit_action", "0"),
    ("student_preference children", [I12, g12("cmi.student_preference._children")], "audio,language,speed,text", "0"),
    ("interactions children", [I12, g12("cmi.interactions._children")],
     "id,objectives,time,type,correct_responses,weighting,student_response,result,latency", "0"),
    ("interactions count", [I12, g12("cmi.interactions._count")], "0", "0"),
    ("objectives count", [I12, g12("cmi.objectives._count")], "0", "0"),
    ("no children", [I12, g12("cmi.core.lesson_status._children")], "", "202"),
    ("not an array", [I12, g12("cmi.core._count")], "", "203"),
    ("count of a scalar", [I12, g12("cmi.suspend_data._count")], "", "203"),
    ("children of an unknown element", [I12, g12("cmi.core.mood._children")], "", "201"),
    ("_version elsewhere", [I12, g12("cmi.core._version")], "", "201"),
    ("set _count", [I12, s12("cmi.interactions._count", "3")], "false", "402"),
    ("set _children", [I12, s12("cmi.core._children", "x")], "false", "402"),
    ("set _version", [I12, s12("cmi._version", "4")], "false", "402"),
    # --- unknown and malformed names, arguments --------------------------------------------------------------
    ("unknown element", [I12, g12("cmi.core.mood")], "", "201"),
    ("2004 element in 1.2", [I12, g12("cmi.location")], "", "201"),
    ("empty element", [I12, g12("")], "", "201"),
    ("no element", [I12, ("LMSGetValue",)], "", "201"),
    ("element not a string", [I12, ("LMSGetValue", 5)], "", "201"),
    ("malformed index", [I12, g12("cmi.interactions.a.id")], "", "201"),
    ("index with a leading zero", [I12, s12("cmi.objectives.00.id", "o")], "false", "201"),
    ("empty part", [I12, g12("cmi..core")], "", "201"),
    ("set an unknown element", [I12, s12("cmi.core.mood", "x")], "false", "201"),
    ("set an empty element", [I12, s12("", "x")], "false", "201"),
    ("set without a value", [I12, ("LMSSetValue", "cmi.core.lesson_location")], "false", "201"),
    # --- read-only and write-only ---------------------------------------------------------------------------
    *[(f"{e} is read-only", [I12, s12(e, "x")], "false", "403") for e in (
        "cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.entry", "cmi.core.total_time",
        "cmi.core.lesson_mode", "cmi.launch_data", "cmi.comments_from_lms", "cmi.student_data.mastery_score",
        "cmi.student_data.max_time_allowed", "cmi.student_data.time_limit_action")],
    *[(f"{e} is write-only", calls + [g12(e)], "", "404") for e, calls in (
        ("cmi.core.exit", [I12]), ("cmi.core.session_time", [I12]),
        ("cmi.interactions.0.id", i12()), ("cmi.interactions.0.type", i12()), ("cmi.interactions.0.time", i12()),
        ("cmi.interactions.0.weighting", i12()), ("cmi.interactions.0.student_response", i12()),
        ("cmi.interactions.0.result", i12()), ("cmi.interactions.0.latency", i12()),
        ("cmi.interactions.0.correct_responses.0.pattern", i12()), ("cmi.interactions.0.objectives.0.id", i12()))],
    # --- vocabularies ---------------------------------------------------------------------------------------
    *[(f"lesson_status {v}", [I12, s12("cmi.core.lesson_status", v)], "true", "0")
      for v in ("passed", "completed", "failed", "incomplete", "browsed")],
    ("lesson_status not attempted", [I12, s12("cmi.core.lesson_status", "not attempted")], "false", "405"),
    ("lesson_status wrong case", [I12, s12("cmi.core.lesson_status", "Passed")], "false", "405"),
    ("lesson_status unknown word", [I12, s12("cmi.core.lesson_status", "done")], "false", "405"),
    ("lesson_status 2004 word", [I12, s12("cmi.core.lesson_status", "unknown")], "false", "405"),
    *[(f"exit {v!r}", [I12, s12("cmi.core.exit", v)], "true", "0") for v in ("suspend", "", "logout", "time-out")],
    ("exit normal (2004 only)", [I12, s12("cmi.core.exit", "normal")], "false", "405"),
    # --- CMITimespan, CMITime, CMIDecimal, CMISInteger, CMIString ------------------------------------------
    ("session_time HHHH", [I12, s12("cmi.core.session_time", "0000:01:02.50")], "true", "0"),
    ("session_time HH", [I12, s12("cmi.core.session_time", "00:01:02")], "true", "0"),
    ("session_time one decimal", [I12, s12("cmi.core.session_time", "00:01:02.5")], "true", "0"),
    ("session_time one hour digit", [I12, s12("cmi.core.session_time", "1:02:03")], "false", "405"),
    ("session_time 5 hour digits", [I12, s12("cmi.core.session_time", "10000:02:03")], "false", "405"),
    ("session_time ISO", [I12, s12("cmi.core.session_time", "PT1M")], "false", "405"),
    ("session_time 61 minutes", [I12, s12("cmi.core.session_time", "0000:61:00")], "false", "405"),
    ("session_time 3 decimals", [I12, s12("cmi.core.session_time", "0000:00:01.123")], "false", "405"),
    ("score 85", [I12, s12("cmi.core.score.raw", "85")], "true", "0"),
    ("score 85.5", [I12, s12("cmi.core.score.raw", "85.5")], "true", "0"),
    ("score 0", [I12, s12("cmi.core.score.raw", "0")], "true", "0"),
    ("score 100", [I12, s12("cmi.core.score.raw", "100")], "true", "0"),
    ("score blank (CMIBlank)", [I12, s12("cmi.core.score.raw", "")], "true", "0"),
    ("score as a number", [I12, ("LMSSetValue", "cmi.core.score.raw", 85)], "true", "0"),
    ("score -1", [I12, s12("cmi.core.score.raw", "-1")], "false", "405"),
    ("score 101", [I12, s12("cmi.core.score.raw", "101")], "false", "405"),
    ("score max 100.5", [I12, s12("cmi.core.score.max", "100.5")], "false", "405"),
    ("score text", [I12, s12("cmi.core.score.raw", "abc")], "false", "405"),
    ("score exponent", [I12, s12("cmi.core.score.raw", "1e2")], "false", "405"),
    ("score with a plus", [I12, s12("cmi.core.score.raw", "+5")], "false", "405"),
    ("score with a comma", [I12, s12("cmi.core.score.raw", "8,5")], "false", "405"),
    ("location 255", [I12, s12("cmi.core.lesson_location", L255)], "true", "0"),
    ("location 256", [I12, s12("cmi.core.lesson_location", L255 + "x")], "false", "405"),
    ("location 255 non-BMP", [I12, s12("cmi.core.lesson_location", "😀" * 255)], "true", "0"),
    ("suspend_data 4096", [I12, s12("cmi.suspend_data", "x" * 4096)], "true", "0"),
    ("suspend_data 4097", [I12, s12("cmi.suspend_data", "x" * 4097)], "false", "405"),
    ("suspend_data with a NUL", [I12, s12("cmi.suspend_data", "a\x00b")], "false", "405"),
    ("read-only with a NUL", [I12, s12("cmi.core.student_id", "a\x00")], "false", "403"),
    ("comments 4096", [I12, s12("cmi.comments", "x" * 4096)], "true", "0"),
    ("comments 4097", [I12, s12("cmi.comments", "x" * 4097)], "false", "405"),
    ("value null", [I12, ("LMSSetValue", "cmi.core.lesson_location", None)], "false", "405"),
    ("value an object", [I12, ("LMSSetValue", "cmi.core.lesson_location", {"a": 1})], "false", "405"),
    ("audio -1", [I12, s12("cmi.student_preference.audio", "-1")], "true", "0"),
    ("audio 100", [I12, s12("cmi.student_preference.audio", "100")], "true", "0"),
    ("audio 101", [I12, s12("cmi.student_preference.audio", "101")], "false", "405"),
    ("audio 1.5", [I12, s12("cmi.student_preference.audio", "1.5")], "false", "405"),
    ("speed -100", [I12, s12("cmi.student_preference.speed", "-100")], "true", "0"),
    ("speed -101", [I12, s12("cmi.student_preference.speed", "-101")], "false", "405"),
    ("text 2", [I12, s12("cmi.student_preference.text", "2")], "false", "405"),
    ("text -1", [I12, s12("cmi.student_preference.text", "-1")], "true", "0"),
    ("language", [I12, s12("cmi.student_preference.language", "fr")], "true", "0"),
    # --- objectives -----------------------------------------------------------------------------------------
    ("objective id", [I12, s12("cmi.objectives.0.id", "obj-1")], "true", "0"),
    ("objective id readable", [I12, s12("cmi.objectives.0.id", "obj-1"), g12("cmi.objectives.0.id")], "obj-1", "0"),
    ("objective count", [I12, s12("cmi.objectives.0.id", "o"), g12("cmi.objectives._count")], "1", "0"),
    ("objective gap", [I12, s12("cmi.objectives.1.id", "o")], "false", "201"),
    ("objective get beyond count", [I12, g12("cmi.objectives.0.id")], "", "201"),
    ("objective id with a space", [I12, s12("cmi.objectives.0.id", "o 1")], "false", "405"),
    ("objective status not attempted", [I12, s12("cmi.objectives.0.id", "o"),
                                        s12("cmi.objectives.0.status", "not attempted")], "true", "0"),
    ("objective status unknown", [I12, s12("cmi.objectives.0.id", "o"),
                                  s12("cmi.objectives.0.status", "unknown")], "false", "405"),
    ("objective score 50", [I12, s12("cmi.objectives.0.id", "o"), s12("cmi.objectives.0.score.raw", "50")], "true", "0"),
    ("objective score children", [I12, s12("cmi.objectives.0.id", "o"), g12("cmi.objectives.0.score._children")],
     "raw,min,max", "0"),
    ("objective without id first (no 1.2 rule)", [I12, s12("cmi.objectives.0.status", "passed")], "true", "0"),
    # --- interactions: index rules --------------------------------------------------------------------------
    ("interaction id", i12(), "true", "0"),
    ("interaction gap", [I12, s12("cmi.interactions.1.id", "q1")], "false", "201"),
    ("interaction second", i12(s12("cmi.interactions.1.id", "q2"), g12("cmi.interactions._count")), "2", "0"),
    ("interaction id with a space", [I12, s12("cmi.interactions.0.id", "q 1")], "false", "405"),
    ("interaction id 256", [I12, s12("cmi.interactions.0.id", "q" * 256)], "false", "405"),
    ("interaction objectives count", i12(s12("cmi.interactions.0.objectives.0.id", "o1"),
                                         g12("cmi.interactions.0.objectives._count")), "1", "0"),
    ("interaction objectives gap", i12(s12("cmi.interactions.0.objectives.1.id", "o1")), "false", "201"),
    ("nested count of a missing interaction", [I12, g12("cmi.interactions.3.objectives._count")], "", "201"),
    ("interaction type multiple", i12(s12("cmi.interactions.0.type", "multiple")), "false", "405"),
    ("interaction type long-fill-in (2004 only)", i12(s12("cmi.interactions.0.type", "long-fill-in")), "false", "405"),
    ("interaction time", i12(s12("cmi.interactions.0.time", "12:30:05")), "true", "0"),
    ("interaction time 25h", i12(s12("cmi.interactions.0.time", "25:00:00")), "false", "405"),
    ("interaction time HH:MM", i12(s12("cmi.interactions.0.time", "12:30")), "false", "405"),
    ("interaction latency", i12(s12("cmi.interactions.0.latency", "0000:00:12.5")), "true", "0"),
    ("interaction latency ISO", i12(s12("cmi.interactions.0.latency", "PT12S")), "false", "405"),
    ("interaction weighting", i12(s12("cmi.interactions.0.weighting", "2")), "true", "0"),
    ("interaction weighting negative", i12(s12("cmi.interactions.0.weighting", "-1.5")), "true", "0"),
    ("interaction weighting text", i12(s12("cmi.interactions.0.weighting", "x")), "false", "405"),
    ("result wrong", i12(s12("cmi.interactions.0.result", "wrong")), "true", "0"),
    ("result incorrect (2004 only)", i12(s12("cmi.interactions.0.result", "incorrect")), "false", "405"),
    ("result decimal", i12(s12("cmi.interactions.0.result", "0.5")), "true", "0"),
    ("pattern gap", i12(s12("cmi.interactions.0.correct_responses.1.pattern", "a"), kind="choice"), "false", "201"),
    ("pattern count", i12(s12("cmi.interactions.0.correct_responses.0.pattern", "a"),
                          g12("cmi.interactions.0.correct_responses._count"), kind="choice"), "1", "0"),
    # --- CMIFeedback per type -------------------------------------------------------------------------------
    ("true-false t", r12("true-false", "t"), "true", "0"),
    ("true-false 0", r12("true-false", "0"), "true", "0"),
    ("true-false yes", r12("true-false", "yes"), "false", "405"),
    ("choice a,b", r12("choice", "a,b"), "true", "0"),
    ("choice identifiers", r12("choice", "comptoir,jardin"), "true", "0"),
    ("choice pattern {a,b}", i12(s12("cmi.interactions.0.correct_responses.0.pattern", "{a,b}"), kind="choice"),
     "true", "0"),
    ("choice empty item", r12("choice", "a,,b"), "false", "405"),
    ("matching a.b,c.d", r12("matching", "a.b,c.d"), "true", "0"),
    ("matching s1.t1", r12("matching", "s1.t1"), "true", "0"),
    ("matching without target", r12("matching", "s1"), "false", "405"),
    ("sequencing a,b,c", r12("sequencing", "a,b,c"), "true", "0"),
    ("likert empty", r12("likert", ""), "true", "0"),
    ("likert two", r12("likert", "a,b"), "false", "405"),
    ("numeric 6.5", r12("numeric", "6.5"), "true", "0"),
    ("numeric text", r12("numeric", "six"), "false", "405"),
    ("fill-in text", r12("fill-in", "dire bonjour"), "true", "0"),
    ("fill-in 256", r12("fill-in", L255 + "x"), "false", "405"),
    ("performance text", r12("performance", "step 1 done"), "true", "0"),
    ("response before type: any CMIString255", i12(s12("cmi.interactions.0.student_response", "anything goes")),
     "true", "0"),
    # --- error strings and diagnostics ----------------------------------------------------------------------
    ("error string 405", [I12, ("LMSGetErrorString", "405")], "Incorrect data type", "0"),
    ("error string 301", [I12, ("LMSGetErrorString", "301")], "Not initialized", "0"),
    ("error string 0", [I12, ("LMSGetErrorString", "0")], "No error", "0"),
    ("error string unknown", [I12, ("LMSGetErrorString", "999")], "", "0"),
    ("error string before initialize", [("LMSGetErrorString", "201")], "Invalid argument error", "0"),
    ("diagnostic of the last error", [I12, s12("cmi.core.lesson_status", "done"), ("LMSGetDiagnostic", "")],
     re.compile(r"^405 .*done"), "405"),
]


@pytest.mark.parametrize("name,calls,result,code", CASES12, ids=[c[0] for c in CASES12])
def test_scorm12_conformance(table_driver, name, calls, result, code):
    out = run(table_driver, "scorm12", calls)["out"]
    got_result, got_code = out[-1]
    assert got_code == code, f"{name}: {calls[-1]} → error {got_code}, expected {code}"
    if isinstance(result, re.Pattern):
        assert result.search(got_result), got_result
    else:
        assert got_result == result
    if code == "0" and name not in SETUP_ERRORS:
        assert all(o[1] == "0" for o in out), out


# =========================================================================================================
# SCORM 2004 4th edition conformance table
# =========================================================================================================

I04 = ("Initialize", "")
T04 = ("Terminate", "")
C04 = ("Commit", "")


def s04(element, value):
    return ("SetValue", element, value)


def g04(element):
    return ("GetValue", element)


def i04(kind=None, *extra):
    calls = [I04, s04("cmi.interactions.0.id", "accueil-q1")]
    if kind:
        calls.append(s04("cmi.interactions.0.type", kind))
    return calls + list(extra)


def resp04(kind, value):
    return i04(kind, s04("cmi.interactions.0.learner_response", value))


def pat04(kind, *values):
    return i04(kind, *[s04(f"cmi.interactions.0.correct_responses.{k}.pattern", v) for k, v in enumerate(values)])


def obj04(*extra):
    return [I04, s04("cmi.objectives.0.id", "obj-1")] + list(extra)


CASES2004 = [
    # --- state machine ------------------------------------------------------------------------------------
    ("initialize", [I04], "true", "0"),
    ("initialize with an argument", [("Initialize", "x")], "false", "201"),
    ("initialize twice", [I04, I04], "false", "103"),
    ("initialize after terminate", [I04, T04, I04], "false", "104"),
    ("terminate before initialize", [T04], "false", "112"),
    ("terminate twice", [I04, T04, T04], "false", "113"),
    ("terminate with an argument", [I04, ("Terminate", "x")], "false", "201"),
    ("get before initialize", [g04("cmi.location")], "", "122"),
    ("get after terminate", [I04, T04, g04("cmi.completion_status")], "", "123"),
    ("set before initialize", [s04("cmi.location", "x")], "false", "132"),
    ("set after terminate", [I04, T04, s04("cmi.location", "x")], "false", "133"),
    ("commit before initialize", [C04], "false", "142"),
    ("commit after terminate", [I04, T04, C04], "false", "143"),
    ("commit", [I04, C04], "true", "0"),
    ("commit with an argument", [I04, ("Commit", "x")], "false", "201"),
    ("terminate", [I04, T04], "true", "0"),
    ("last error survives terminate", [I04, g04("cmi.mood"), ("GetLastError",)], "401", "401"),
    # --- reading ------------------------------------------------------------------------------------------
    ("version", [I04, g04("cmi._version")], "1.0", "0"),
    ("entry", [I04, g04("cmi.entry")], "ab-initio", "0"),
    ("credit", [I04, g04("cmi.credit")], "credit", "0"),
    ("mode", [I04, g04("cmi.mode")], "normal", "0"),
    ("initial completion", [I04, g04("cmi.completion_status")], "unknown", "0"),
    ("initial success", [I04, g04("cmi.success_status")], "unknown", "0"),
    ("total_time", [I04, g04("cmi.total_time")], "PT0H0M0S", "0"),
    ("time_limit_action", [I04, g04("cmi.time_limit_action")], "continue,no message", "0"),
    ("audio_level default", [I04, g04("cmi.learner_preference.audio_level")], "1", "0"),
    ("delivery_speed default", [I04, g04("cmi.learner_preference.delivery_speed")], "1", "0"),
    ("audio_captioning default", [I04, g04("cmi.learner_preference.audio_captioning")], "0", "0"),
    ("language default", [I04, g04("cmi.learner_preference.language")], "", "0"),
    *[(f"{e} not initialized", [I04, g04(e)], "", "403") for e in (
        "cmi.location", "cmi.suspend_data", "cmi.score.raw", "cmi.score.scaled", "cmi.progress_measure",
        "cmi.launch_data", "cmi.max_time_allowed", "cmi.scaled_passing_score", "cmi.completion_threshold")],
    ("set then get", [I04, s04("cmi.location", "p3"), g04("cmi.location")], "p3", "0"),
    ("empty get", [I04, g04("")], "", "301"),
    ("no element", [I04, ("GetValue",)], "", "301"),
    ("element not a string", [I04, ("GetValue", 5)], "", "201"),
    ("unknown element", [I04, g04("cmi.mood")], "", "401"),
    ("1.2 element in 2004", [I04, g04("cmi.core.lesson_status")], "", "401"),
    ("malformed index", [I04, g04("cmi.interactions.x.id")], "", "401"),
    ("name with a space", [I04, g04("cmi.location ")], "", "401"),
    # --- keywords -----------------------------------------------------------------------------------------
    ("score children", [I04, g04("cmi.score._children")], "scaled,raw,min,max", "0"),
    ("objectives children", [I04, g04("cmi.objectives._children")],
     "id,score,success_status,completion_status,progress_measure,description", "0"),
    ("interactions children", [I04, g04("cmi.interactions._children")],
     "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description", "0"),
    ("learner_preference children", [I04, g04("cmi.learner_preference._children")],
     "audio_level,language,delivery_speed,audio_captioning", "0"),
    ("comments_from_learner children", [I04, g04("cmi.comments_from_learner._children")],
     "comment,location,timestamp", "0"),
    ("comments_from_lms count", [I04, g04("cmi.comments_from_lms._count")], "0", "0"),
    ("interactions count", [I04, g04("cmi.interactions._count")], "0", "0"),
    ("no children", [I04, g04("cmi.location._children")], "", "301"),
    ("not an array", [I04, g04("cmi.location._count")], "", "301"),
    ("children of unknown", [I04, g04("cmi.mood._children")], "", "401"),
    ("adl.data count", [I04, g04("adl.data._count")], "0", "0"),
    ("adl.data entry that does not exist", [I04, g04("adl.data.0.store")], "", "301"),
    ("adl.data store without a map", [I04, s04("adl.data.0.store", "x")], "false", "351"),
    ("set _count", [I04, s04("cmi.interactions._count", "1")], "false", "404"),
    ("set _children", [I04, s04("cmi.score._children", "x")], "false", "404"),
    ("set _version", [I04, s04("cmi._version", "2")], "false", "404"),
    # --- read-only and write-only ---------------------------------------------------------------------------
    *[(f"{e} is read-only", [I04, s04(e, "x")], "false", "404") for e in (
        "cmi.learner_id", "cmi.learner_name", "cmi.entry", "cmi.total_time", "cmi.mode", "cmi.credit",
        "cmi.launch_data", "cmi.completion_threshold", "cmi.scaled_passing_score", "cmi.max_time_allowed",
        "cmi.time_limit_action", "adl.nav.request_valid.continue", "adl.nav.request_valid.previous",
        "adl.nav.request_valid.choice.{target=m2}", "cmi.comments_from_lms.0.comment")],
    ("exit is write-only", [I04, g04("cmi.exit")], "", "405"),
    ("session_time is write-only", [I04, g04("cmi.session_time")], "", "405"),
    ("empty set", [I04, s04("", "x")], "false", "351"),
    ("set an unknown element", [I04, s04("cmi.mood", "x")], "false", "401"),
    ("set without a value", [I04, ("SetValue", "cmi.location")], "false", "201"),
    ("value as a number", [I04, ("SetValue", "cmi.score.raw", 42)], "true", "0"),
    ("value null", [I04, ("SetValue", "cmi.location", None)], "false", "406"),
    # --- vocabularies ---------------------------------------------------------------------------------------
    *[(f"completion {v}", [I04, s04("cmi.completion_status", v)], "true", "0")
      for v in ("completed", "incomplete", "not attempted", "unknown")],
    ("completion passed", [I04, s04("cmi.completion_status", "passed")], "false", "406"),
    *[(f"success {v}", [I04, s04("cmi.success_status", v)], "true", "0") for v in ("passed", "failed", "unknown")],
    ("success completed", [I04, s04("cmi.success_status", "completed")], "false", "406"),
    *[(f"exit {v!r}", [I04, s04("cmi.exit", v)], "true", "0") for v in ("suspend", "normal", "logout", "time-out", "")],
    ("exit Suspend", [I04, s04("cmi.exit", "Suspend")], "false", "406"),
    *[(f"nav request {v}", [I04, s04("adl.nav.request", v)], "true", "0")
      for v in ("continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_",
                "{target=ITEM-animer}choice", "{target=m3}jump")],
    ("nav request forward", [I04, s04("adl.nav.request", "forward")], "false", "406"),
    ("nav request choice without target", [I04, s04("adl.nav.request", "choice")], "false", "406"),
    ("nav request empty target", [I04, s04("adl.nav.request", "{target=}choice")], "false", "406"),
    ("captioning 1", [I04, s04("cmi.learner_preference.audio_captioning", "1")], "true", "0"),
    ("captioning 2", [I04, s04("cmi.learner_preference.audio_captioning", "2")], "false", "406"),
    # --- real(10,7), ranges -------------------------------------------------------------------------------
    ("progress 0.5", [I04, s04("cmi.progress_measure", "0.5")], "true", "0"),
    ("progress 1", [I04, s04("cmi.progress_measure", "1")], "true", "0"),
    ("progress 1.1", [I04, s04("cmi.progress_measure", "1.1")], "false", "407"),
    ("progress -0.1", [I04, s04("cmi.progress_measure", "-0.1")], "false", "407"),
    ("progress text", [I04, s04("cmi.progress_measure", "half")], "false", "406"),
    ("scaled 1", [I04, s04("cmi.score.scaled", "1")], "true", "0"),
    ("scaled -1", [I04, s04("cmi.score.scaled", "-1")], "true", "0"),
    ("scaled +0.5", [I04, s04("cmi.score.scaled", "+0.5")], "true", "0"),
    ("scaled .25", [I04, s04("cmi.score.scaled", ".25")], "true", "0"),
    ("scaled 0.6667", [I04, s04("cmi.score.scaled", "0.6667")], "true", "0"),
    ("scaled 1.5", [I04, s04("cmi.score.scaled", "1.5")], "false", "407"),
    ("scaled -1.01", [I04, s04("cmi.score.scaled", "-1.01")], "false", "407"),
    ("raw 150", [I04, s04("cmi.score.raw", "150")], "true", "0"),
    ("raw -20", [I04, s04("cmi.score.raw", "-20")], "true", "0"),
    ("raw exponent", [I04, s04("cmi.score.raw", "1e2")], "false", "406"),
    ("raw empty", [I04, s04("cmi.score.raw", "")], "false", "406"),
    ("audio_level 0", [I04, s04("cmi.learner_preference.audio_level", "0")], "true", "0"),
    ("audio_level -1", [I04, s04("cmi.learner_preference.audio_level", "-1")], "false", "407"),
    ("delivery_speed 2.5", [I04, s04("cmi.learner_preference.delivery_speed", "2.5")], "true", "0"),
    ("language fr-CA", [I04, s04("cmi.learner_preference.language", "fr-CA")], "true", "0"),
    ("language empty", [I04, s04("cmi.learner_preference.language", "")], "true", "0"),
    ("language french", [I04, s04("cmi.learner_preference.language", "french")], "false", "406"),
    ("language fr-C", [I04, s04("cmi.learner_preference.language", "fr-C")], "false", "406"),
    # --- timeinterval, time -------------------------------------------------------------------------------
    ("session PT1H2M3.5S", [I04, s04("cmi.session_time", "PT1H2M3.5S")], "true", "0"),
    ("session PT0S", [I04, s04("cmi.session_time", "PT0S")], "true", "0"),
    ("session P1DT2H", [I04, s04("cmi.session_time", "P1DT2H")], "true", "0"),
    ("session P1Y2M", [I04, s04("cmi.session_time", "P1Y2M")], "true", "0"),
    ("session P", [I04, s04("cmi.session_time", "P")], "false", "406"),
    ("session PT", [I04, s04("cmi.session_time", "PT")], "false", "406"),
    ("session P1W", [I04, s04("cmi.session_time", "P1W")], "false", "406"),
    ("session 3 decimals", [I04, s04("cmi.session_time", "PT1.123S")], "false", "406"),
    ("session negative", [I04, s04("cmi.session_time", "-PT1S")], "false", "406"),
    ("session 1.2 format", [I04, s04("cmi.session_time", "0000:00:01.00")], "false", "406"),
    ("comment timestamp", [I04, s04("cmi.comments_from_learner.0.timestamp", "2024-05-01T10:20:30")], "true", "0"),
    ("timestamp with zone after fraction", [I04, s04("cmi.comments_from_learner.0.timestamp",
                                                     "2024-05-01T10:20:30.5+02:00")], "true", "0"),
    ("timestamp with zone without fraction", [I04, s04("cmi.comments_from_learner.0.timestamp",
                                                       "2024-05-01T10:20:30Z")], "false", "406"),
    ("timestamp year only", [I04, s04("cmi.comments_from_learner.0.timestamp", "2024")], "true", "0"),
    ("timestamp month 13", [I04, s04("cmi.comments_from_learner.0.timestamp", "2024-13-01")], "false", "406"),
    ("timestamp Feb 29 2023", [I04, s04("cmi.comments_from_learner.0.timestamp", "2023-02-29")], "false", "406"),
    ("timestamp Feb 29 2024", [I04, s04("cmi.comments_from_learner.0.timestamp", "2024-02-29")], "true", "0"),
    ("timestamp 1969", [I04, s04("cmi.comments_from_learner.0.timestamp", "1969-12-31")], "false", "406"),
    ("timestamp 2039", [I04, s04("cmi.comments_from_learner.0.timestamp", "2039-01-01")], "false", "406"),
    ("timestamp with a space", [I04, s04("cmi.comments_from_learner.0.timestamp", "2024-05-01 10:20")], "false", "406"),
    # --- characterstrings and localized strings ---------------------------------------------------------------
    ("location 1000", [I04, s04("cmi.location", "x" * 1000)], "true", "0"),
    ("location 1001", [I04, s04("cmi.location", "x" * 1001)], "false", "406"),
    ("location with a NUL", [I04, s04("cmi.location", "a\x00b")], "false", "406"),
    ("read-only entry beyond the count", [I04, s04("cmi.comments_from_lms.5.comment", "x")], "false", "404"),
    ("suspend_data 64000", [I04, s04("cmi.suspend_data", "x" * 64000)], "true", "0"),
    ("suspend_data 64001", [I04, s04("cmi.suspend_data", "x" * 64001)], "false", "406"),
    ("comment 4000 with lang", [I04, s04("cmi.comments_from_learner.0.comment", "{lang=fr}" + "é" * 4000)], "true", "0"),
    ("comment 4001", [I04, s04("cmi.comments_from_learner.0.comment", "x" * 4001)], "false", "406"),
    ("comment bad lang", [I04, s04("cmi.comments_from_learner.0.comment", "{lang=123456789}x")], "false", "406"),
    ("comment count", [I04, s04("cmi.comments_from_learner.0.comment", "a"),
                       s04("cmi.comments_from_learner.1.comment", "b"), g04("cmi.comments_from_learner._count")],
     "2", "0"),
    ("comment gap", [I04, s04("cmi.comments_from_learner.1.comment", "b")], "false", "351"),
    ("comment location 251", [I04, s04("cmi.comments_from_learner.0.location", "x" * 251)], "false", "406"),
    # --- interactions: index rules and dependencies ---------------------------------------------------------
    ("interaction gap", [I04, s04("cmi.interactions.1.id", "q")], "false", "351"),
    ("interaction created without id", [I04, s04("cmi.interactions.0.type", "choice")], "false", "408"),
    ("interaction weighting without id", [I04, s04("cmi.interactions.0.weighting", "1")], "false", "408"),
    ("response before type", i04(None, s04("cmi.interactions.0.learner_response", "a")), "false", "408"),
    ("pattern before type", i04(None, s04("cmi.interactions.0.correct_responses.0.pattern", "a")), "false", "408"),
    ("interaction objective before id", [I04, s04("cmi.interactions.0.objectives.0.id", "o")], "false", "408"),
    ("interaction id with a space", [I04, s04("cmi.interactions.0.id", "q 1")], "false", "406"),
    ("interaction id urn", [I04, s04("cmi.interactions.0.id", "urn:portail:q-1")], "true", "0"),
    ("interaction id bad urn", [I04, s04("cmi.interactions.0.id", "urn:q1")], "false", "406"),
    ("interaction id 4001", [I04, s04("cmi.interactions.0.id", "q" * 4001)], "false", "406"),
    ("interaction count", i04(None, g04("cmi.interactions._count")), "1", "0"),
    ("interaction beyond count", i04(None, g04("cmi.interactions.3.id")), "", "301"),
    ("interaction unset result", i04(None, g04("cmi.interactions.0.result")), "", "403"),
    ("interaction id read back", i04(None, g04("cmi.interactions.0.id")), "accueil-q1", "0"),
    ("interaction type read back", i04("choice", g04("cmi.interactions.0.type")), "choice", "0"),
    ("type multiple", i04("multiple"), "false", "406"),
    ("type other", i04("other"), "true", "0"),
    ("timestamp", i04(None, s04("cmi.interactions.0.timestamp", "2024-05-01T10:20:30")), "true", "0"),
    ("latency", i04(None, s04("cmi.interactions.0.latency", "PT5.25S")), "true", "0"),
    ("latency 1.2 format", i04(None, s04("cmi.interactions.0.latency", "0000:00:05.25")), "false", "406"),
    ("weighting", i04(None, s04("cmi.interactions.0.weighting", "2")), "true", "0"),
    ("result incorrect", i04(None, s04("cmi.interactions.0.result", "incorrect")), "true", "0"),
    ("result wrong (1.2 only)", i04(None, s04("cmi.interactions.0.result", "wrong")), "false", "406"),
    ("result real", i04(None, s04("cmi.interactions.0.result", "0.5")), "true", "0"),
    ("description 250", i04(None, s04("cmi.interactions.0.description", "é" * 250)), "true", "0"),
    ("description 251", i04(None, s04("cmi.interactions.0.description", "é" * 251)), "false", "406"),
    ("description lang", i04(None, s04("cmi.interactions.0.description", "{lang=fr}Bonjour")), "true", "0"),
    ("interaction objective", i04(None, s04("cmi.interactions.0.objectives.0.id", "o1"),
                                  g04("cmi.interactions.0.objectives._count")), "1", "0"),
    ("interaction objectives unique", i04(None, s04("cmi.interactions.0.objectives.0.id", "o1"),
                                          s04("cmi.interactions.0.objectives.1.id", "o1")), "false", "351"),
    ("interaction objectives gap", i04(None, s04("cmi.interactions.0.objectives.1.id", "o1")), "false", "351"),
    # --- responses and patterns per type ------------------------------------------------------------------
    ("true-false true", resp04("true-false", "true"), "true", "0"),
    ("true-false t", resp04("true-false", "t"), "false", "406"),
    ("true-false one pattern", pat04("true-false", "true", "false"), "false", "351"),
    ("choice a[,]b", resp04("choice", "a[,]b"), "true", "0"),
    ("choice empty", resp04("choice", ""), "true", "0"),
    ("choice a,b (one identifier)", resp04("choice", "a,b"), "true", "0"),
    ("choice duplicate", resp04("choice", "a[,]a"), "false", "406"),
    ("choice with a space", resp04("choice", "a b"), "false", "406"),
    ("choice patterns unique", pat04("choice", "a[,]b", "a[,]b"), "false", "351"),
    ("choice patterns unique as sets", pat04("choice", "a[,]b", "b[,]a"), "false", "351"),
    ("choice two patterns", pat04("choice", "a", "b"), "true", "0"),
    ("choice eleven patterns", pat04("choice", *"abcdefghijk"), "true", "0"),
    ("fill-in text", resp04("fill-in", "dire bonjour"), "true", "0"),
    ("fill-in two strings", resp04("fill-in", "a[,]b"), "true", "0"),
    ("fill-in 251", resp04("fill-in", "x" * 251), "false", "406"),
    ("fill-in pattern flags", pat04("fill-in", "{case_matters=false}{order_matters=true}saluer"), "true", "0"),
    ("fill-in pattern bad flag", pat04("fill-in", "{case_matters=maybe}saluer"), "false", "406"),
    ("fill-in pattern spaced flag", pat04("fill-in", "{ case_matters=true}saluer"), "false", "406"),
    ("long-fill-in 4000", resp04("long-fill-in", "x" * 4000), "true", "0"),
    ("long-fill-in 4001", resp04("long-fill-in", "x" * 4001), "false", "406"),
    ("long-fill-in pattern lang", pat04("long-fill-in", "{lang=fr}{case_matters=true}Bonjour"), "true", "0"),
    ("matching", resp04("matching", "s1[.]t1[,]s2[.]t2"), "true", "0"),
    ("matching with 1.2 delimiters", resp04("matching", "s1.t1,s2.t2"), "false", "406"),
    ("matching empty", resp04("matching", ""), "false", "406"),
    ("performance", resp04("performance", "step1[.]done[,][.]42"), "true", "0"),
    ("performance pattern range", pat04("performance", "{order_matters=false}step1[.]1[:]5"), "true", "0"),
    ("performance both empty", resp04("performance", "[.]"), "false", "406"),
    ("sequencing", resp04("sequencing", "i1[,]i2[,]i3"), "true", "0"),
    ("sequencing empty", resp04("sequencing", ""), "false", "406"),
    ("sequencing patterns unique", pat04("sequencing", "a[,]b", "a[,]b"), "false", "351"),
    ("sequencing other order is another pattern", pat04("sequencing", "a[,]b", "b[,]a"), "true", "0"),
    ("likert", resp04("likert", "agree"), "true", "0"),
    ("likert two", resp04("likert", "a[,]b"), "false", "406"),
    ("likert one pattern", pat04("likert", "a", "b"), "false", "351"),
    ("numeric", resp04("numeric", "6.5"), "true", "0"),
    ("numeric text", resp04("numeric", "six"), "false", "406"),
    ("numeric pattern range", pat04("numeric", "6[:]12"), "true", "0"),
    ("numeric pattern open", pat04("numeric", "[:]12"), "true", "0"),
    ("numeric pattern reversed", pat04("numeric", "12[:]6"), "false", "406"),
    ("numeric pattern without range", pat04("numeric", "15"), "false", "406"),
    ("numeric one pattern", pat04("numeric", "1[:]2", "3[:]4"), "false", "351"),
    ("other 4000", resp04("other", "x" * 4000), "true", "0"),
    ("other one pattern", pat04("other", "a", "b"), "false", "351"),
    ("pattern gap", i04("choice", s04("cmi.interactions.0.correct_responses.2.pattern", "a")), "false", "351"),
    ("pattern count", pat04("choice", "a", "b") + [g04("cmi.interactions.0.correct_responses._count")], "2", "0"),
    ("response follows type change", i04("choice", s04("cmi.interactions.0.type", "numeric"),
                                        s04("cmi.interactions.0.learner_response", "a")), "false", "406"),
    # --- objectives -----------------------------------------------------------------------------------------
    ("objective before id", [I04, s04("cmi.objectives.0.success_status", "passed")], "false", "408"),
    ("objective id", obj04(), "true", "0"),
    ("objective gap", [I04, s04("cmi.objectives.1.id", "o")], "false", "351"),
    ("objective ids unique", obj04(s04("cmi.objectives.1.id", "obj-1")), "false", "351"),
    ("objective id cannot change", obj04(s04("cmi.objectives.0.id", "obj-2")), "false", "351"),
    ("objective id same value again", obj04(s04("cmi.objectives.0.id", "obj-1")), "true", "0"),
    ("objective success default", obj04(g04("cmi.objectives.0.success_status")), "unknown", "0"),
    ("objective completion default", obj04(g04("cmi.objectives.0.completion_status")), "unknown", "0"),
    ("objective score unset", obj04(g04("cmi.objectives.0.score.raw")), "", "403"),
    ("objective scaled 2", obj04(s04("cmi.objectives.0.score.scaled", "2")), "false", "407"),
    ("objective progress", obj04(s04("cmi.objectives.0.progress_measure", "0.4")), "true", "0"),
    ("objective score children", obj04(g04("cmi.objectives.0.score._children")), "scaled,raw,min,max", "0"),
    ("objective count", obj04(g04("cmi.objectives._count")), "1", "0"),
    ("objective beyond count", obj04(g04("cmi.objectives.1.id")), "", "301"),
    # --- navigation -------------------------------------------------------------------------------------------
    ("nav request initial", [I04, g04("adl.nav.request")], "_none_", "0"),
    ("nav request set and read", [I04, s04("adl.nav.request", "continue"), g04("adl.nav.request")], "continue", "0"),
    ("request_valid continue without navigator", [I04, g04("adl.nav.request_valid.continue")], "unknown", "0"),
    ("request_valid choice without navigator", [I04, g04("adl.nav.request_valid.choice.{target=m2}")], "unknown", "0"),
    ("request_valid choice malformed", [I04, g04("adl.nav.request_valid.choice.m2")], "", "401"),
    ("request_valid unknown request", [I04, g04("adl.nav.request_valid.forward")], "", "401"),
    # --- error strings and diagnostics ----------------------------------------------------------------------
    ("error string 406", [I04, ("GetErrorString", "406")], "Data Model Element Type Mismatch", "0"),
    ("error string 408", [I04, ("GetErrorString", "408")], "Data Model Dependency Not Established", "0"),
    ("error string 0", [I04, ("GetErrorString", "0")], "No Error", "0"),
    ("error string unknown", [I04, ("GetErrorString", "999")], "", "0"),
    ("error string empty", [I04, ("GetErrorString", "")], "", "0"),
    ("diagnostic of the last error", [I04, s04("cmi.progress_measure", "2"), ("GetDiagnostic", "")],
     re.compile(r"^407 .*between 0 and 1"), "407"),
    ("diagnostic of another code", [I04, s04("cmi.progress_measure", "2"), ("GetDiagnostic", "401")],
     "Undefined Data Model Element", "407"),
]


@pytest.mark.parametrize("name,calls,result,code", CASES2004, ids=[c[0] for c in CASES2004])
def test_scorm2004_conformance(table_driver, name, calls, result, code):
    out = run(table_driver, "scorm2004", calls)["out"]
    got_result, got_code = out[-1]
    assert got_code == code, f"{name}: {calls[-1]} → error {got_code}, expected {code}"
    if isinstance(result, re.Pattern):
        assert result.search(got_result), got_result
    else:
        assert got_result == result
    if code == "0" and name not in SETUP_ERRORS:
        assert all(o[1] == "0" for o in out), out


def test_failed_set_leaves_the_value(table_driver):
    out = run(table_driver, "scorm2004", [I04, s04("cmi.location", "p1"), s04("cmi.location", "x" * 1001),
                                          g04("cmi.location")])
    assert out["out"][-1] == ["p1", "0"]
    out = run(table_driver, "scorm12", [I12, s12("cmi.core.lesson_status", "incomplete"),
                                        s12("cmi.core.lesson_status", "done"), g12("cmi.core.lesson_status")])
    assert out["out"][-1] == ["incomplete", "0"]


# =========================================================================================================
# Entry, attempts, credit, mode, launch data, learner
# =========================================================================================================

ENTRY = {"scorm12": "cmi.core.entry", "scorm2004": "cmi.entry"}
EXIT = {"scorm12": "cmi.core.exit", "scorm2004": "cmi.exit"}
LOCATION = {"scorm12": "cmi.core.lesson_location", "scorm2004": "cmi.location"}
INIT = {"scorm12": I12, "scorm2004": I04}
GET = {"scorm12": "LMSGetValue", "scorm2004": "GetValue"}
SET = {"scorm12": "LMSSetValue", "scorm2004": "SetValue"}
COMMIT = {"scorm12": C12, "scorm2004": C04}
FINISH = {"scorm12": F12, "scorm2004": T04}


def gets(standard, *elements):
    return [INIT[standard]] + [(GET[standard], e) for e in elements]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_first_launch_is_ab_initio_attempt_1(table_driver, standard):
    r = run(table_driver, standard, gets(standard, ENTRY[standard]), state={"attempt": 0, "seq": 0, "values": {}})
    assert r["out"][1] == ["ab-initio", "0"]
    assert r["snapshot"]["attempt"] == 1 and r["snapshot"]["entry"] == "ab-initio"


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_suspended_attempt_resumes(table_driver, standard):
    prefix = "cmi.interactions.0."
    values = {EXIT[standard]: "suspend", LOCATION[standard]: "p3", "cmi.suspend_data": "1|3|-|",
              prefix + "id": "q1", prefix + "type": "choice", "cmi.interactions._count": "1"}
    r = run(table_driver, standard, gets(standard, ENTRY[standard], LOCATION[standard], "cmi.suspend_data",
                                         "cmi.interactions._count") + [
        (SET[standard], "cmi.interactions.2.id", "q3"),  # the restored count decides where a gap is
        (SET[standard], "cmi.interactions.1.id", "q2")],
        state={"attempt": 2, "seq": 5, "values": values})
    assert r["out"][1:5] == [["resume", "0"], ["p3", "0"], ["1|3|-|", "0"], ["1", "0"]]
    assert r["out"][5][1] == ("201" if standard == "scorm12" else "351")
    assert r["out"][6] == ["true", "0"]
    assert r["snapshot"]["attempt"] == 2


def test_suspend_all_resumes_2004(table_driver):
    r = run(table_driver, "scorm2004", gets("scorm2004", "cmi.entry", "cmi.location", "adl.nav.request"),
            state={"attempt": 1, "seq": 3, "values": {"adl.nav.request": "suspendAll", "cmi.location": "p2",
                                                      "cmi.exit": ""}})
    assert r["out"][1:] == [["resume", "0"], ["p2", "0"], ["_none_", "0"]]


@pytest.mark.parametrize("standard,exit_value", [("scorm12", ""), ("scorm12", "logout"), ("scorm2004", "normal"),
                                                 ("scorm2004", ""), ("scorm2004", None)])
def test_ended_attempt_starts_a_new_one(table_driver, standard, exit_value):
    values = {LOCATION[standard]: "quiz", "cmi.suspend_data": "x"}
    pref = "cmi.student_preference.audio" if standard == "scorm12" else "cmi.learner_preference.audio_level"
    values[pref] = "5"
    if exit_value is not None:
        values[EXIT[standard]] = exit_value
    status = "cmi.core.lesson_status" if standard == "scorm12" else "cmi.completion_status"
    values[status] = "completed"
    r = run(table_driver, standard, gets(standard, ENTRY[standard], LOCATION[standard], status, pref) + [
        (SET[standard], LOCATION[standard], "p1"), COMMIT[standard]],
        state={"attempt": 3, "seq": 9, "values": values})
    fresh = ["", "0"] if standard == "scorm12" else ["", "403"]
    initial = "not attempted" if standard == "scorm12" else "unknown"
    assert r["out"][1:5] == [["ab-initio", "0"], fresh, [initial, "0"], ["5", "0"]]
    snap = r["snapshot"]
    assert snap["attempt"] == 4
    # The new attempt's sequence starts again at 1; the learner's preference carries over with the first commit.
    assert snap["batches"] == [{"scoId": "", "attempt": 4, "seq": 1, "values": {LOCATION[standard]: "p1", pref: "5"}}]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_credit_mode_launch_data_and_learner(table_driver, standard):
    names = {"scorm12": ("cmi.core.student_id", "cmi.core.student_name", "cmi.core.credit", "cmi.core.lesson_mode"),
             "scorm2004": ("cmi.learner_id", "cmi.learner_name", "cmi.credit", "cmi.mode")}[standard]
    r = run(table_driver, standard, gets(standard, *names, "cmi.launch_data"),
            learner={"id": "0ac2-42", "name": "Diallo, Awa"}, launchData="lang=fr&niveau=2")
    assert r["out"][1:] == [["0ac2-42", "0"], ["Diallo, Awa", "0"], ["credit", "0"], ["normal", "0"],
                            ["lang=fr&niveau=2", "0"]]
    r = run(table_driver, standard, gets(standard, names[2], names[3]), credit="no-credit")
    assert r["out"][1:] == [["no-credit", "0"], ["normal", "0"]]
    r = run(table_driver, standard, gets(standard, names[2], names[3]), mode="browse")
    assert r["out"][1:] == [["no-credit", "0"], ["browse", "0"]]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_review_mode_reads_the_last_attempt_and_saves_nothing(page, standard):
    driver = page()
    driver.execute_script("T.outbox({})")
    status = "cmi.core.lesson_status" if standard == "scorm12" else "cmi.completion_status"
    r = run(driver, standard, gets(standard, ENTRY[standard], LOCATION[standard], status) + [
        (SET[standard], LOCATION[standard], "p9"), COMMIT[standard], FINISH[standard]],
        mode="review", outbox=True,
        state={"attempt": 2, "seq": 4, "values": {LOCATION[standard]: "fin", status: "completed",
                                                  EXIT[standard]: ""}})
    assert r["out"][1:4] == [["", "0"], ["fin", "0"], ["completed", "0"]]
    assert all(o[1] == "0" for o in r["out"])
    assert r["snapshot"]["attempt"] == 2 and r["snapshot"]["batches"] == []
    time.sleep(0.1)
    assert driver.execute_script("return net.requests.length") == 0


# =========================================================================================================
# Mastery score, scaled passing score, completion threshold, total time
# =========================================================================================================

def final_batch(r):
    return r["snapshot"]["batches"][-1]["values"]


@pytest.mark.parametrize("sco_status,raw,options,expected", [
    (None, "85", {"masteryScore": 80}, "passed"),          # not attempted → completed → mastery decides
    (None, "70", {"masteryScore": 80}, "failed"),
    ("completed", "80", {"masteryScore": 80}, "passed"),   # equal to the mastery score passes
    ("completed", "79.5", {"masteryScore": 80}, "failed"),
    ("failed", "95", {"masteryScore": 80}, "failed"),      # a verdict of the SCO is kept
    ("incomplete", "95", {"masteryScore": 80}, "incomplete"),
    (None, "85", {}, "completed"),                          # no mastery score: completed
    (None, None, {"masteryScore": 80}, "completed"),        # no score: completed
    (None, "85", {"masteryScore": 80, "credit": "no-credit"}, "completed"),
    (None, None, {"mode": "browse"}, "browsed"),
])
def test_scorm12_status_at_finish(table_driver, sco_status, raw, options, expected):
    calls = [I12]
    if sco_status:
        calls.append(s12("cmi.core.lesson_status", sco_status))
    if raw:
        calls.append(s12("cmi.core.score.raw", raw))
    calls.append(F12)
    r = run(table_driver, "scorm12", calls + [], **options)
    assert all(o[1] == "0" for o in r["out"])
    assert r["snapshot"]["lessonStatus"] == expected
    assert final_batch(r)["cmi.core.lesson_status"] == expected


def test_scorm12_mastery_score_reads(table_driver):
    r = run(table_driver, "scorm12", gets("scorm12", "cmi.student_data.mastery_score"), masteryScore=80)
    assert r["out"][1] == ["80", "0"]
    r = run(table_driver, "scorm12", gets("scorm12", "cmi.student_data.mastery_score"), masteryScore=72.5)
    assert r["out"][1] == ["72.5", "0"]


@pytest.mark.parametrize("mastery,scaled,sco_value,expected", [
    (80, "0.9", "failed", "passed"),    # the score decides against the SCO's verdict
    (80, "0.8", None, "passed"),
    (80, "0.79", "passed", "failed"),
    (80, None, "passed", "passed"),     # no scaled score: the SCO's value
    (80, None, None, "unknown"),
    (None, "0.1", "passed", "passed"),  # no passing score: the SCO's value
    (None, "0.9", None, "unknown"),
])
def test_scorm2004_success_against_scaled_passing_score(table_driver, mastery, scaled, sco_value, expected):
    calls = [I04]
    if sco_value:
        calls.append(s04("cmi.success_status", sco_value))
    if scaled:
        calls.append(s04("cmi.score.scaled", scaled))
    calls += [g04("cmi.success_status"), g04("cmi.scaled_passing_score"), T04]
    options = {} if mastery is None else {"masteryScore": mastery}
    r = run(table_driver, "scorm2004", calls, **options)
    assert r["out"][-3] == [expected, "0"]
    assert r["out"][-2] == (["0.8", "0"] if mastery is not None else ["", "403"])
    sent = r["snapshot"]["batches"][-1]["values"] if r["snapshot"]["batches"] else {}
    if expected != "unknown":
        assert sent["cmi.success_status"] == expected
    else:
        assert "cmi.success_status" not in sent


def test_scaled_passing_score_from_a_2004_manifest_value(table_driver):
    # The player contract gives minNormalizedMeasure × 100 (ManifestReader), floating point noise included.
    r = run(table_driver, "scorm2004", gets("scorm2004", "cmi.scaled_passing_score"), masteryScore=70.00000000000001)
    assert r["out"][1] == ["0.7", "0"]


@pytest.mark.parametrize("threshold,progress,sco_value,expected", [
    (0.75, "0.8", "incomplete", "completed"),
    (0.75, "0.75", None, "completed"),
    (0.75, "0.5", "completed", "incomplete"),
    (0.75, None, "completed", "completed"),   # no progress measure: the SCO's value
    (0.75, None, None, "unknown"),
    (None, "1", "incomplete", "incomplete"),  # no threshold: the SCO's value
    (None, "0.2", None, "unknown"),
])
def test_scorm2004_completion_against_threshold(table_driver, threshold, progress, sco_value, expected):
    calls = [I04]
    if sco_value:
        calls.append(s04("cmi.completion_status", sco_value))
    if progress:
        calls.append(s04("cmi.progress_measure", progress))
    calls += [g04("cmi.completion_status"), g04("cmi.completion_threshold"), C04]
    options = {} if threshold is None else {"completionThreshold": threshold}
    r = run(table_driver, "scorm2004", calls, **options)
    assert r["out"][-3] == [expected, "0"]
    assert r["out"][-2] == (["0.75", "0"] if threshold is not None else ["", "403"])
    batches = r["snapshot"]["batches"]
    if expected != "unknown":
        assert batches[-1]["values"]["cmi.completion_status"] == expected  # the server gets the evaluated status
    assert r["snapshot"]["completion"] == expected


@pytest.mark.parametrize("standard,stored,session,during,after", [
    ("scorm12", "0001:00:00.00", "0000:30:00", "0001:00:00.00", "0001:30:00.00"),
    ("scorm12", None, "00:00:05.5", "0000:00:00.00", "0000:00:05.50"),
    ("scorm12", "0002:59:59.99", "0000:00:00.01", "0002:59:59.99", "0003:00:00.00"),
    ("scorm2004", "PT1H", "PT30M", "PT1H0M0S", "PT1H30M0S"),
    ("scorm2004", None, "PT1M5.25S", "PT0H0M0S", "PT0H1M5.25S"),
    ("scorm2004", "P1DT1H", "PT0.5S", "PT25H0M0S", "PT25H0M0.5S"),
])
def test_total_time_is_stored_total_plus_session(table_driver, standard, stored, session, during, after):
    total = "cmi.core.total_time" if standard == "scorm12" else "cmi.total_time"
    session_element = "cmi.core.session_time" if standard == "scorm12" else "cmi.session_time"
    values = {EXIT[standard]: "suspend"}
    if stored:
        values[total] = stored
    r = run(table_driver, standard, gets(standard, total) + [
        (SET[standard], session_element, session), (GET[standard], total), COMMIT[standard], FINISH[standard]],
        state={"attempt": 1, "seq": 2, "values": values})
    assert r["out"][1] == [during, "0"]
    assert r["out"][3] == [during, "0"]  # not before the end of the session
    snap = r["snapshot"]
    assert snap["totalTime"] == after and snap["values"][total] == after
    # Session time goes to the server once, with the final batch; total time is the server's to keep.
    assert [session_element in b["values"] for b in snap["batches"]] == [True]
    assert all(total not in b["values"] for b in snap["batches"])


# =========================================================================================================
# Commits and batches
# =========================================================================================================

def test_commit_sends_only_changed_values_with_increasing_seq(table_driver):
    r = run(table_driver, "scorm2004", [
        I04, s04("cmi.location", "p1"), s04("cmi.suspend_data", "a"), C04,
        s04("cmi.location", "p1"), C04,                      # same value again: nothing to send
        s04("cmi.location", "p2"), s04("cmi.exit", "suspend"), C04,
        s04("cmi.session_time", "PT10S"), T04],
        scoId="SCO-accueil",
        state={"attempt": 1, "seq": 7, "values": {"cmi.exit": "suspend", "cmi.location": "p0", "cmi.suspend_data": "a"}})
    assert all(o[1] == "0" for o in r["out"])
    assert r["snapshot"]["batches"] == [
        {"scoId": "SCO-accueil", "attempt": 1, "seq": 8, "values": {"cmi.location": "p1"}},
        {"scoId": "SCO-accueil", "attempt": 1, "seq": 9, "values": {"cmi.location": "p2", "cmi.exit": "suspend"}},
        {"scoId": "SCO-accueil", "attempt": 1, "seq": 10, "values": {"cmi.exit": "suspend", "cmi.session_time": "PT10S",
                                                                     "adl.nav.request": "_none_"}},
    ]


def test_new_attempt_touched_by_nothing_sends_nothing(table_driver):
    r = run(table_driver, "scorm2004", [I04, C04, T04], state={"attempt": 1, "seq": 4, "values": {"cmi.exit": "normal"}})
    assert r["snapshot"]["batches"] == []
    r = run(table_driver, "scorm12", [I12, s12("cmi.core.lesson_status", "incomplete"), F12])
    assert final_batch(r) == {"cmi.core.lesson_status": "incomplete", "cmi.core.exit": ""}


def test_scorm12_interactions_journal_in_batches(table_driver):
    r = run(table_driver, "scorm12", [
        I12, s12("cmi.interactions.0.id", "q1"), s12("cmi.interactions.0.type", "choice"),
        s12("cmi.interactions.0.student_response", "b"), s12("cmi.interactions.0.result", "correct"), C12])
    assert r["snapshot"]["batches"][0]["values"] == {
        "cmi.interactions.0.id": "q1", "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "b", "cmi.interactions.0.result": "correct"}


def test_status_events_and_force_terminate(table_driver):
    table_driver.execute_script("window.events.length = 0")
    run(table_driver, "scorm2004", [I04, s04("cmi.completion_status", "incomplete"), s04("cmi.score.scaled", "0.5"),
                                    s04("cmi.session_time", "PT3S"), C04], scoId="SCO-x")
    ok = table_driver.execute_script("return window.api.forceTerminate()")
    events = table_driver.execute_script("return window.events.filter(function (e) { return e.kind === 'sco'; })")
    assert ok is True
    assert [e["session"] for e in events] == ["running", "running", "terminated"]
    assert events[-1]["completion"] == "incomplete" and events[-1]["score"] == 50 and events[-1]["scoId"] == "SCO-x"
    snap = table_driver.execute_script("return window.api.snapshot()")
    assert snap["batches"][-1]["values"]["cmi.session_time"] == "PT3S"
    assert snap["totalTime"] == "PT0H0M3S"
    assert table_driver.execute_script("return window.api.forceTerminate()") is False


def test_navigation_callbacks(table_driver):
    r = run(table_driver, "scorm2004", [
        I04, g04("adl.nav.request_valid.continue"), g04("adl.nav.request_valid.previous"),
        g04("adl.nav.request_valid.choice.{target=m2}"), g04("adl.nav.request_valid.jump.{target=m9}"),
        s04("adl.nav.request", "{target=m2}choice"), T04],
        navigation={"valid": {"continue": True, "previous": False, "choice:m2": "true"}})
    assert r["out"][1:5] == [["true", "0"], ["false", "0"], ["true", "0"], ["unknown", "0"]]
    assert r["out"][-1] == ["true", "0"]
    calls = table_driver.execute_script("return navLog.calls")
    assert calls == [["continue", None], ["previous", None], ["choice", "m2"], ["jump", "m9"]]
    # The request reaches the player after Terminate has returned (it may then unload the SCO).
    assert r["navRequestsAtReturn"] == 0
    wait(table_driver, lambda: table_driver.execute_script("return navLog.requests.length") == 1)
    assert table_driver.execute_script("return navLog.requests") == [["choice", "m2"]]
    run(table_driver, "scorm2004", [I04, s04("adl.nav.request", "continue"), T04], navigation={"valid": {}})
    wait(table_driver, lambda: table_driver.execute_script("return navLog.requests") == [["continue", None]])
    run(table_driver, "scorm2004", [I04, T04], navigation={"valid": {}})
    time.sleep(0.05)
    assert table_driver.execute_script("return navLog.requests") == []


# =========================================================================================================
# The outbox
# =========================================================================================================

def requests(driver):
    return driver.execute_script("return net.summary()")


def stored(driver, course="cours"):
    return driver.execute_script("return JSON.parse(localStorage.getItem(arguments[0]) || 'null')",
                                 f"portail-outbox:{course}")


def sync_events(driver):
    return driver.execute_script("return window.events.filter(function (e) { return e.kind === 'sync'; })")


def enqueue(driver, sco="SCO-a", attempt=1, seq=None, values=None):
    return driver.execute_script("return ob.enqueue(arguments[0])",
                                 {"scoId": sco, "attempt": attempt, "seq": seq, "values": values or {"cmi.location": "p"}})


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_batch_is_stored_before_the_request_resolves(d):
    d.execute_script("net.mode = 'hold'; T.outbox({})")
    batch = enqueue(d, seq=3, values={"cmi.location": "p1", "cmi.suspend_data": "1|2"})
    wait(d, lambda: len(requests(d)) == 1)
    req = requests(d)[0]
    # Storage held the batch when fetch was called, and still holds it while the answer is pending.
    at_call = json.loads(req["storage"]["portail-outbox:cours"])
    assert [b["id"] for b in at_call["batches"]] == [batch["id"]]
    assert [b["id"] for b in stored(d)["batches"]] == [batch["id"]]
    assert req["url"] == "/api/v1/me/sync" and req["method"] == "POST" and req["credentials"] == "same-origin"
    assert req["headers"]["X-Portail-CSRF"] == "1" and req["headers"]["Content-Type"] == "application/json"
    assert not req["keepalive"]
    wire = req["body"]["batches"][0]
    assert set(wire) == {"courseId", "scoId", "id", "attempt", "seq", "values", "at"}
    assert (wire["courseId"], wire["scoId"], wire["attempt"], wire["seq"]) == ("cours", "SCO-a", 1, 3)
    assert wire["values"] == {"cmi.location": "p1", "cmi.suspend_data": "1|2"}
    assert UUID.match(wire["id"]) and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", wire["at"])
    assert sync_events(d)[-1]["state"] == "pending" and sync_events(d)[-1]["pending"] == 1
    d.execute_script("net.release(0, 'ok')")
    wait(d, lambda: sync_events(d)[-1]["state"] == "saved")
    assert stored(d)["batches"] == [] and sync_events(d)[-1]["pending"] == 0


def test_batches_are_sent_in_order_one_request_at_a_time(d):
    d.execute_script("net.plan = ['hold']; T.outbox({})")
    ids = [enqueue(d, seq=1, values={"cmi.location": "p1"})["id"]]
    wait(d, lambda: len(requests(d)) == 1)
    ids += [enqueue(d, seq=s, values={"cmi.location": f"p{s}"})["id"] for s in (2, 3, 4)]
    ids.append(enqueue(d, sco="SCO-b", seq=1)["id"])
    time.sleep(0.1)
    assert len(requests(d)) == 1  # nothing overtakes the request in flight
    assert [b["id"] for b in stored(d)["batches"]] == ids
    d.execute_script("net.release(0, 'ok')")
    wait(d, lambda: sync_events(d)[-1]["state"] == "saved")
    reqs = requests(d)
    assert len(reqs) == 2
    assert [b["id"] for b in reqs[1]["body"]["batches"]] == ids[1:]
    assert [b["id"] for b in d.execute_script("return net.received")] == ids


def test_retries_with_backoff_keep_order(d):
    d.execute_script("net.plan = ['network', 'network', 503, 'network', 'ok']; "
                     "T.outbox({backoff: {initial: 60, max: 200}, random: function () { return 0.5; }})")
    first = enqueue(d, seq=1)["id"]
    second = enqueue(d, seq=2)["id"]
    wait(d, lambda: sync_events(d)[-1]["state"] == "saved", timeout=10)
    reqs = requests(d)
    assert len(reqs) >= 5
    ids = [[b["id"] for b in r["body"]["batches"]] for r in reqs]
    assert ids[0] in ([first], [first, second])
    assert all(i == [first, second] for i in ids[len(ids) - 5 + 1:])  # every retry resends the whole queue in order
    gaps = [reqs[k + 1]["at"] - reqs[k]["at"] for k in range(len(reqs) - 5, len(reqs) - 1)]
    # 60, 120, 200 (capped), 200 ms with this jitter; generous bounds for a loaded machine.
    assert 50 <= gaps[0] < 110 and 110 <= gaps[1] < 200 and gaps[2] >= 190 and gaps[3] >= 190
    states = [e["state"] for e in sync_events(d)]
    assert "offline" in states and states[-1] == "saved"
    retry = [e for e in sync_events(d) if e["state"] == "pending" and "503" in e["message"]]
    assert retry and retry[0]["pending"] == 2
    assert [b["id"] for b in d.execute_script("return net.received")] == [first, second]
    assert stored(d)["batches"] == []


def test_refused_request_stops_until_flush(d):
    d.execute_script("net.plan = [401]; T.outbox({backoff: {initial: 20, max: 40}})")
    batch = enqueue(d, seq=1)
    wait(d, lambda: sync_events(d)[-1]["state"] == "error")
    event = sync_events(d)[-1]
    assert "401" in event["message"] and event["pending"] == 1
    enqueue(d, seq=2)
    time.sleep(0.2)
    assert len(requests(d)) == 1  # no automatic retry after a 4xx
    assert sync_events(d)[-1]["state"] == "error" and sync_events(d)[-1]["pending"] == 2
    assert [b["id"] for b in stored(d)["batches"]][0] == batch["id"]
    status = d.execute_async_script("var done = arguments[0]; ob.flush().then(done)")
    assert status["state"] == "saved" and len(requests(d)) == 2
    assert stored(d)["batches"] == []


def test_element_errors_are_reported_not_retried(d):
    d.execute_script("net.plan = ['hold']; T.outbox({})")
    a = enqueue(d, seq=1, values={"cmi.location": "p1", "cmi.exit": "bogus"})["id"]
    wait(d, lambda: len(requests(d)) == 1)
    b = enqueue(d, seq=2, values={"cmi.location": "p2"})["id"]
    # The second request's batch is refused as a whole (applied false with an error sentence): final too.
    d.execute_script("net.plan = [{results: [{id: arguments[0], courseId: 'cours', scoId: 'SCO-a', applied: false, "
                     "errors: [], error: \"not enrolled in 'cours'\"}]}]", b)
    d.execute_script("net.release(0, {results: [{id: arguments[0], courseId: 'cours', scoId: 'SCO-a', applied: true, "
                     "errors: [{code: 406, element: 'cmi.exit', message: 'cmi.exit must be one of …'}]}]})", a)
    wait(d, lambda: stored(d)["batches"] == [] and len(requests(d)) == 2)
    errors = [e for e in sync_events(d) if e["state"] == "error"]
    assert len(errors) == 2
    assert errors[0]["errors"] == [{"scoId": "SCO-a", "batch": a, "seq": 1, "code": 406, "element": "cmi.exit",
                                    "message": "cmi.exit must be one of …"}]
    assert "cmi.exit" in errors[0]["message"]
    assert errors[1]["errors"][0]["message"] == "not enrolled in 'cours'" and errors[1]["errors"][0]["batch"] == b
    time.sleep(0.15)
    sent = [x["id"] for r in requests(d) for x in r["body"]["batches"]]
    assert sent == [a, b]  # neither is sent again
    assert d.execute_script("return ob.problems().length") == 1


def test_batch_without_result_is_retried(d):
    d.execute_script("net.plan = ['hold', 'hold']; T.outbox({backoff: {initial: 30, max: 60}})")
    a = enqueue(d, seq=1)["id"]
    wait(d, lambda: len(requests(d)) == 1)
    b = enqueue(d, seq=2)["id"]
    d.execute_script("net.release(0, {results: []})")  # an answer without a result for the batch
    wait(d, lambda: len(requests(d)) == 2)
    assert [x["id"] for x in requests(d)[1]["body"]["batches"]] == [a, b]
    d.execute_script("net.release(1, {results: [{id: arguments[0], applied: true, errors: []}]})", a)
    wait(d, lambda: sync_events(d)[-1]["state"] == "saved")
    assert [x["id"] for x in requests(d)[2]["body"]["batches"]] == [b]
    assert len(requests(d)) == 3 and stored(d)["batches"] == []


def test_replay_after_reload(page):
    driver = page()
    driver.execute_script("net.mode = 'hold'; T.outbox({})")
    old = [enqueue(driver, seq=s, values={"cmi.location": f"p{s}"})["id"] for s in (1, 2)]
    wait(driver, lambda: len(requests(driver)) == 1)
    # The tab dies before the answer: the batches stay in localStorage.
    driver = page(clear=False)
    assert [b["id"] for b in stored(driver)["batches"]] == old
    driver.execute_script("net.mode = 'ok'; T.outbox({})")
    new = enqueue(driver, seq=3, values={"cmi.location": "p3"})["id"]
    wait(driver, lambda: sync_events(driver) and sync_events(driver)[-1]["state"] == "saved")
    assert [b["id"] for b in driver.execute_script("return net.received")] == old + [new]
    assert [b["seq"] for b in driver.execute_script("return net.received")] == [1, 2, 3]
    assert stored(driver)["batches"] == []


def test_replayed_batches_go_first_even_without_new_ones(page):
    driver = page()
    driver.execute_script("net.mode = 'network'; T.outbox({backoff: {initial: 5000, max: 5000}})")
    old = enqueue(driver, seq=1)["id"]
    wait(driver, lambda: len(requests(driver)) == 1)
    driver = page(clear=False)
    driver.execute_script("T.outbox({})")
    wait(driver, lambda: len(requests(driver)) == 1)
    assert [b["id"] for b in requests(driver)[0]["body"]["batches"]] == [old]
    wait(driver, lambda: stored(driver)["batches"] == [])


def test_keepalive_flush_splits_under_64_kib(d):
    d.execute_script("net.mode = 'hold'; T.outbox({})")
    big = "x" * 30000
    ids = [enqueue(d, seq=s, values={"cmi.suspend_data": big + str(s)})["id"] for s in (1, 2, 3, 4, 5)]
    wait(d, lambda: len(requests(d)) == 1)
    d.execute_script("net.mode = 'ok'; window.flushed = ob.flush({keepalive: true})")
    keepalive = [r for r in requests(d) if r["keepalive"]]
    assert len(keepalive) >= 3
    assert all(r["bodyBytes"] <= 65536 for r in keepalive)
    assert [b["id"] for r in keepalive for b in r["body"]["batches"]] == ids
    assert all(r["headers"]["X-Portail-CSRF"] == "1" for r in keepalive)
    # After the flush (the page is going away), a last commit goes out with keepalive at once.
    late = enqueue(d, seq=6, values={"cmi.exit": "suspend"})["id"]
    last = requests(d)[-1]
    assert last["keepalive"] and [b["id"] for b in last["body"]["batches"]] == [late]
    wait(d, lambda: stored(d)["batches"] == [])


def test_keepalive_flush_sends_an_oversized_batch_without_keepalive(d):
    d.execute_script("net.mode = 'hold'; T.outbox({})")
    small = enqueue(d, seq=1)["id"]
    huge = enqueue(d, seq=2, values={"cmi.suspend_data": "é" * 40000})["id"]  # 80 kB of UTF-8
    wait(d, lambda: len(requests(d)) == 1)
    d.execute_script("net.mode = 'ok'; ob.flush({keepalive: true})")
    reqs = requests(d)[1:]
    assert [([b["id"] for b in r["body"]["batches"]], r["keepalive"]) for r in reqs] == [([small], True), ([huge], False)]


def test_sequence_numbers_are_never_reused(page):
    driver = page()
    driver.execute_script("net.mode = 'hold'; T.outbox({}); window.tab1 = ob; T.outbox({}); window.tab2 = ob;")
    seqs = driver.execute_script("""
        return [tab1.nextSeq('SCO-a', 1, 4), tab2.nextSeq('SCO-a', 1, 4), tab1.nextSeq('SCO-a', 1, 0),
                tab2.nextSeq('SCO-a', 2, 0), tab1.nextSeq('SCO-b', 1, 0)];""")
    assert seqs == [5, 6, 7, 1, 1]
    # A later visit whose server state is behind (batches not yet delivered) continues from storage.
    driver = page(clear=False)
    driver.execute_script("net.mode = 'ok'; T.outbox({})")
    r = run(driver, "scorm2004", [I04, s04("cmi.location", "p"), C04], scoId="SCO-a", outbox=True,
            state={"attempt": 1, "seq": 2, "values": {"cmi.exit": "suspend"}})
    assert r["snapshot"]["batches"][0]["seq"] == 8
    assert r["snapshot"]["batches"][0]["id"]


def test_runtime_commits_through_the_outbox_and_resumes_from_unsent_batches(page):
    driver = page()
    driver.execute_script("net.mode = 'network'; T.outbox({backoff: {initial: 5000, max: 5000}})")
    r = run(driver, "scorm12", [
        I12, s12("cmi.core.lesson_location", "p2"), s12("cmi.suspend_data", "s"), s12("cmi.core.exit", "suspend"),
        s12("cmi.interactions.0.id", "q1"), C12, s12("cmi.core.lesson_location", "p3"),
        s12("cmi.core.session_time", "0000:01:00"), F12],
        scoId="SCO-m1", outbox=True, state={"attempt": 1, "seq": 4, "values": {}})
    assert all(o[1] == "0" for o in r["out"])
    pending = stored(driver)["batches"]
    assert [(b["scoId"], b["attempt"], b["seq"]) for b in pending] == [("SCO-m1", 2, 1), ("SCO-m1", 2, 2)]
    # Offline, the tab is closed; the next visit gets a stale state from the server (attempt 1): the unsent
    # batches of attempt 2 decide where the learner resumes.
    driver = page(clear=False)
    driver.execute_script("net.mode = 'network'; T.outbox({backoff: {initial: 5000, max: 5000}})")
    r = run(driver, "scorm12", [I12, g12("cmi.core.entry"), g12("cmi.core.lesson_location"), g12("cmi.suspend_data"),
                                g12("cmi.interactions._count"), g12("cmi.core.total_time"),
                                s12("cmi.core.lesson_location", "p4"), C12],
            scoId="SCO-m1", outbox=True, state={"attempt": 1, "seq": 4, "values": {"cmi.core.exit": ""}})
    assert r["out"][1:6] == [["resume", "0"], ["p3", "0"], ["s", "0"], ["1", "0"], ["0000:00:00.00", "0"]]
    assert r["snapshot"]["batches"][-1]["attempt"] == 2 and r["snapshot"]["batches"][-1]["seq"] == 3


def test_storage_failure_keeps_batches_in_memory(d):
    d.execute_script("""
        var failing = {getItem: function () { return null; }, setItem: function () {
            var e = new Error('quota'); e.name = 'QuotaExceededError'; throw e; }, removeItem: function () {}};
        net.mode = 'hold'; T.outbox({storage: failing});""")
    a = enqueue(d, seq=1)["id"]
    wait(d, lambda: len(requests(d)) == 1)
    assert "QuotaExceededError" in sync_events(d)[-1].get("storage", "")
    b = enqueue(d, seq=2)["id"]
    d.execute_script("net.mode = 'ok'; net.release(0, 'ok')")
    wait(d, lambda: sync_events(d)[-1]["state"] == "saved")
    assert [x["id"] for x in d.execute_script("return net.received")] == [a, b]


def test_commit_failure_is_reported_to_the_sco(table_driver):
    table_driver.execute_script("window.brokenOutbox = {enqueue: function () { throw new Error('disk full'); }}")
    out = table_driver.execute_script("""
        var api = PortailLMS.create({standard: 'scorm2004', outbox: window.brokenOutbox});
        return [api.Initialize(''), api.SetValue('cmi.location', 'p'), api.Commit(''), api.GetLastError(),
                api.GetDiagnostic(''), api.Terminate(''), api.GetLastError()];""")
    assert out[:4] == ["true", "true", "false", "391"] and "disk full" in out[4]
    assert out[5:] == ["false", "111"]


# =========================================================================================================
# The script itself
# =========================================================================================================

def code_of(path):
    """A module's source without its comments."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)


def test_sources_are_modules_of_which_only_the_entry_defines_portail_lms():
    """ES modules (strict by definition): the entry defines window.PortailLMS, the modules no global at all."""
    for path in [RUNTIME] + MODULES:
        source = path.read_text(encoding="utf-8")
        code = code_of(path)
        assert source.startswith("// @ts-check\n"), path.name
        assert re.findall(r"window\.([A-Za-z_$][\w$]*)\s*=(?!=)", code) == [], path.name
        assert not re.search(r"https?://", code), path.name
        assert not re.search(r"\beval\s*\(|new Function\s*\(|document\.write", code), path.name
        assert ("defineProperty(window" in code) == (path == RUNTIME), path.name
    assert "Object.defineProperty(window, 'PortailLMS'" in code_of(RUNTIME)
    imported = set(re.findall(r"from '\./lms-runtime/([\w-]+\.js)'", code_of(RUNTIME)))
    for path in MODULES:
        imported |= set(re.findall(r"from '\./([\w-]+\.js)'", code_of(path)))
    assert imported <= {p.name for p in MODULES}, "every import names a module of the folder"


def test_only_global_in_the_browser(table_driver):
    """The script, run in a blank frame, adds exactly one name to its window."""
    names = table_driver.execute_async_script("""
        var done = arguments[0];
        var clean = document.createElement('iframe'), used = document.createElement('iframe');
        document.body.appendChild(clean); document.body.appendChild(used);
        var script = used.contentDocument.createElement('script');
        script.type = 'module';
        script.src = '/Sources/LearnerServer/Public/lms-runtime.js';
        script.onload = function () {
          var before = Object.getOwnPropertyNames(clean.contentWindow);
          var added = Object.getOwnPropertyNames(used.contentWindow).filter(function (n) { return before.indexOf(n) < 0; });
          var frozen = Object.isFrozen(used.contentWindow.PortailLMS);
          clean.remove(); used.remove(); done([added, frozen]);
        };
        used.contentDocument.head.appendChild(script);""")
    assert names == [["PortailLMS"], True]


def test_parses_as_es2017():
    node = shutil.which("node") or shutil.which("nodejs")
    env = dict(os.environ, NODE_PATH=os.pathsep.join(ACORN_PATHS))
    if not node or subprocess.run([node, "-e", "require('acorn')"], env=env, capture_output=True).returncode:
        pytest.skip("node with acorn not found (apt-get install nodejs node-acorn)")
    script = ("for (const file of process.argv.slice(1)) {"
              "  const src = require('fs').readFileSync(file, 'utf8');"
              "  try { require('acorn').parse(src, {ecmaVersion: 2017, sourceType: 'module'}); }"
              "  catch (e) { console.error(file + ': ' + e.message); process.exitCode = 1; } }")
    done = subprocess.run([node, "-e", script] + [str(p) for p in [RUNTIME] + MODULES], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
