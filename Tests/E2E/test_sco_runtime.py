"""Plays Portail SCO packages through the strict test LMS in headless Chromium.

The packages are the exporter's, built from Tests/Fixtures/sample-course (see conftest.py): SCO `accueil` (single, multiple, true-false, fill-in), SCO
`animer` (matching, ordering, numeric ×2) and the lesson-only SCO `bienvenue`.

SCORM 1.2 runs use the strict LMS in its default, specification mode: 1.2 responses name choices, sources,
targets and items with single characters 0-9 a-z, which Portail's runtime writes by position.
"""
import json
import re
from urllib.parse import quote

import pytest

from e2e_helpers import (RE_DURATION2004, RE_TIME12, RE_TIMESPAN12, RE_TIMESTAMP2004, Sco, console_errors,
                         patterns, wait)

STANDARDS = ["scorm12", "scorm2004"]


def lms_sco(driver, base, standard, sco="accueil", **params):
    params.setdefault("feedback12", "spec")
    return Sco(driver, base, standard, sco, **params).open()


def answer_accueil_right(s):
    s.answer("premier-geste", "a")
    s.answer("espaces", ["comptoir", "jardin"])
    s.answer("benevoles", "true")
    s.answer("mot-cle", "  Dire Bonjour ")


def assert_clean(s):
    assert s.errors() == [], "the strict LMS rejected calls"
    assert console_errors(s.driver) == []


# ---------------------------------------------------------------------------------------------------------
# A whole session: pages, completion, quiz, interactions, exit, session time, Terminate
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard", STANDARDS)
def test_walk_pages_and_pass_the_quiz(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard, navContinue="false", navPrevious="false")
    e = s.el
    desc = s.description()
    assert desc["standard"] == standard and desc["sco"]["pages"] == ["bienvenue", "lieu", "quiz"]

    # Start: Initialize once, first page shown, progress saved.
    assert len(s.calls(e["init"])) == 1
    assert s.current_page() == "bienvenue"
    page_text = desc["strings"]["page"]
    assert s.js("return document.getElementById('portail-position').textContent") == \
        page_text.replace("{n}", "1").replace("{total}", "3")
    assert s.js("return document.getElementById('portail-prev').disabled") is True
    assert s.js("return document.getElementById('portail-next').disabled") is False
    assert s.js("return document.querySelector('#portail-toc a[data-page=bienvenue]')"
                ".getAttribute('aria-current')") == "page"
    data = s.data()
    assert data[e["location"]] == "bienvenue"
    assert data[e["exit"]] == "suspend"
    assert data["cmi.suspend_data"].startswith("1|1|-|")
    if s.is2004:
        assert data["cmi.completion_status"] == "incomplete"
        assert data["cmi.progress_measure"] == "0.3333"
        assert data["cmi.success_status"] == "unknown"
    else:
        assert data["cmi.core.lesson_status"] == "incomplete"
    assert len(s.calls(e["commit"])) >= 1

    # Next: focus on the page heading, location, progress, seen pages, no hash.
    commits = len(s.calls(e["commit"]))
    s.next()
    assert s.current_page() == "lieu"
    assert s.focus_is_page_heading()
    assert s.js("return location.hash") == ""
    assert s.js("return document.getElementById('portail-position').textContent") == \
        page_text.replace("{n}", "2").replace("{total}", "3")
    assert s.js("return document.querySelector('#portail-toc a[data-page=bienvenue]').classList.contains('seen')")
    assert s.js("return document.querySelector('#portail-toc a[data-page=lieu]').getAttribute('aria-current')") == "page"
    assert s.js("return document.querySelector('#portail-toc a[data-page=bienvenue]').hasAttribute('aria-current')") \
        is False
    assert s.get(e["location"]) == "lieu"
    assert len(s.calls(e["commit"])) == commits + 1
    if s.is2004:
        assert s.get("cmi.progress_measure") == "0.6667"

    # Table of contents to the quiz (the last page): every page seen.
    s.toc("quiz")
    assert s.focus_is_page_heading()
    assert s.js("return location.hash") == ""
    assert s.js("return document.getElementById('portail-next').disabled") is True
    if s.is2004:
        assert s.get("cmi.completion_status") == "completed"
        assert s.get("cmi.progress_measure") == "1"
        assert s.get("cmi.exit") == "suspend"  # the quiz is not passed yet
    else:
        assert s.get("cmi.core.lesson_status") == "incomplete"

    # The inputs carry the lengths of the SCO description.
    for q in desc["quiz"]["questions"]:
        if q["type"] in ("fill-in", "numeric"):
            assert s.js(f"return document.querySelector('input[name=\"q-{q['id']}\"]').maxLength") == q["maxLength"]

    answer_accueil_right(s)
    s.submit()
    wait(driver, lambda: s.js("return !document.getElementById('portail-score').hidden"))
    score_text = s.js("return document.getElementById('portail-score').textContent")
    assert "100" in score_text and desc["strings"]["passed"].split("{")[0] in score_text
    assert s.focused_id() == "portail-score"
    assert s.js("return document.getElementById('portail-retry').hidden") is True
    assert s.js("return document.getElementById('portail-submit').hidden") is True
    for qid in ("premier-geste", "espaces", "benevoles", "mot-cle"):
        assert s.feedback(qid) == "correct"
    assert s.js("return document.querySelector('input[name=\"q-premier-geste\"]').disabled") is True

    data = s.data()
    assert data[e["raw"]] == "100" and data[e["min"]] == "0" and data[e["max"]] == "100"
    if s.is2004:
        assert data["cmi.score.scaled"] == "1"
        assert data["cmi.success_status"] == "passed"
        assert data["cmi.completion_status"] == "completed"
        assert data["cmi.exit"] == "normal"
    else:
        assert data["cmi.core.lesson_status"] == "passed"
        assert data["cmi.core.exit"] == ""
    assert data["cmi.suspend_data"].startswith("1|7|p1|")

    # Interactions, one per question, in each standard's formats.
    inter = s.interactions()
    assert [i["id"] for i in inter] == ["accueil-premier-geste", "accueil-espaces", "accueil-benevoles",
                                        "accueil-mot-cle"]
    assert [i["type"] for i in inter] == ["choice", "choice", "true-false", "fill-in"]
    assert [i["result"] for i in inter] == ["correct"] * 4
    assert [i["weighting"] for i in inter] == ["1", "1", "2", "1"]
    r = e["response"]
    if s.is2004:
        assert [i[r] for i in inter] == ["a", "comptoir[,]jardin", "true", "Dire Bonjour"]
        assert [patterns(i) for i in inter] == [["a"], ["comptoir[,]jardin"], ["true"],
                                                ["{case_matters=false}saluer", "{case_matters=false}dire bonjour"]]
        assert [i["description"] for i in inter] == [q["description"] for q in desc["quiz"]["questions"]]
        assert all(RE_TIMESTAMP2004.match(i["timestamp"]) for i in inter)
        assert all(RE_DURATION2004.match(i["latency"]) for i in inter)
        assert "time" not in inter[0]
    else:
        # Choices by position: a → 0, comptoir and jardin → 0 and 1.
        assert [i[r] for i in inter] == ["0", "0,1", "t", "Dire Bonjour"]
        assert [patterns(i) for i in inter] == [["0"], ["0,1"], ["t"], ["saluer", "dire bonjour"]]
        assert all(RE_TIME12.match(i["time"]) for i in inter)
        assert all(RE_TIMESPAN12.match(i["latency"]) for i in inter)
        assert "description" not in inter[0]

    # The LMS takes the SCO away: pagehide → last commit, session time, exactly one Terminate.
    s.unload()
    log = s.log()
    finishes = [k for k, entry in enumerate(log) if entry["fn"] == e["finish"]]
    assert len(finishes) == 1 and finishes[0] == len(log) - 1
    assert log[-2]["fn"] == e["commit"]
    session = s.get(e["session"])
    assert (RE_DURATION2004 if s.is2004 else RE_TIMESPAN12).match(session), session
    assert s.status()["terminateCount"] == 1
    assert_clean(s)


@pytest.mark.parametrize("standard", STANDARDS)
def test_every_question_must_be_answered(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard)
    s.toc("quiz")
    s.answer("premier-geste", "b")
    s.answer("mot-cle", "   ")  # blanks are no answer
    s.submit()
    wait(driver, lambda: s.status_text() == s.description()["strings"]["answerAll"])
    invalid = s.js("return Array.from(document.querySelectorAll('fieldset[aria-invalid=true]'))"
                   ".map(function (f) { return f.dataset.question; })")
    assert invalid == ["espaces", "benevoles", "mot-cle"]
    assert s.js("return document.activeElement.name") == "q-espaces"
    assert s.js("return document.getElementById('portail-score').hidden") is True
    assert s.interactions() == []
    assert s.state()["quiz"]["submissions"] == 0
    assert_clean(s)


@pytest.mark.parametrize("standard", STANDARDS)
def test_fail_then_retry_matching_ordering_numeric(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard, sco="animer")
    e = s.el
    s.next()
    assert s.current_page() == "quiz"
    # Ordering items are never shown in the right order.
    assert s.ordering("etapes") != ["i1", "i2", "i3"]
    s.answer("associer", {"s1": "t2", "s2": "t1"})  # wrong
    s.answer("etapes", ["i1", "i2", "i3"])  # right
    s.answer("duree", "15,0")  # right, French decimal comma
    s.answer("participants", "20")  # wrong
    s.submit()
    wait(driver, lambda: not s.js("return document.getElementById('portail-retry').hidden"))
    assert "50" in s.js("return document.getElementById('portail-score').textContent")
    assert [s.feedback(q) for q in ("associer", "etapes", "duree", "participants")] == \
        ["incorrect", "correct", "correct", "incorrect"]
    data = s.data()
    assert data[e["raw"]] == "50"
    assert data[e["exit"]] == "suspend"
    if s.is2004:
        assert (data["cmi.success_status"], data["cmi.completion_status"], data["cmi.score.scaled"]) == \
            ("failed", "completed", "0.5")
    else:
        assert data["cmi.core.lesson_status"] == "failed"
    assert data["cmi.suspend_data"].startswith("1|3|f1|")

    inter = s.interactions()
    assert [i["id"] for i in inter] == ["animer-associer", "animer-etapes", "animer-duree", "animer-participants"]
    assert [i["type"] for i in inter] == ["matching", "sequencing", "numeric", "numeric"]
    r = e["response"]
    if s.is2004:
        assert [i[r] for i in inter] == ["s1[.]t2[,]s2[.]t1", "i1[,]i2[,]i3", "15", "20"]
        assert [patterns(i) for i in inter] == [["s1[.]t1[,]s2[.]t2"], ["i1[,]i2[,]i3"], ["15[:]15"], ["6[:]12"]]
        assert [i["result"] for i in inter] == ["incorrect", "correct", "correct", "incorrect"]
    else:
        # Sources, targets and items by position (s1 → 0, t2 → 1, i1 → 0…).
        assert [i[r] for i in inter] == ["0.1,1.0", "0,1,2", "15", "20"]
        # A 1.2 numeric pattern is a CMIDecimal: the exact answer is written, a range cannot be.
        assert [patterns(i) for i in inter] == [["0.0,1.1"], ["0,1,2"], ["15"], []]
        assert [i["result"] for i in inter] == ["wrong", "correct", "correct", "wrong"]

    # Retry: answers cleared, a new order, new interactions appended with -2.
    s.click("#portail-retry")
    wait(driver, lambda: not s.js("return document.getElementById('portail-submit').hidden"))
    assert s.js("return document.getElementById('portail-score').hidden") is True
    assert s.js("return document.querySelector('select[data-source=s1]').value") == ""
    assert s.js("return document.querySelector('input[name=\"q-duree\"]').value") == ""
    assert s.feedback("associer") is None
    assert s.ordering("etapes") != ["i1", "i2", "i3"]
    assert s.get("cmi.suspend_data").startswith("1|3|-1|")
    s.answer("associer", {"s1": "t1", "s2": "t2"})
    s.answer("etapes", ["i1", "i2", "i3"])
    s.answer("duree", "15")
    s.answer("participants", "6")
    s.submit()
    wait(driver, lambda: "100" in s.js("return document.getElementById('portail-score').textContent"))
    inter = s.interactions()
    assert len(inter) == 8
    assert [i["id"] for i in inter[4:]] == ["animer-associer-2", "animer-etapes-2", "animer-duree-2",
                                            "animer-participants-2"]
    assert [i["result"] for i in inter[4:]] == ["correct"] * 4
    data = s.data()
    if s.is2004:
        assert (data["cmi.success_status"], data["cmi.exit"], data["cmi.score.scaled"]) == ("passed", "normal", "1")
    else:
        assert (data["cmi.core.lesson_status"], data["cmi.core.exit"]) == ("passed", "")
    assert data["cmi.suspend_data"].startswith("1|3|p2|")
    assert s.js("return document.getElementById('portail-retry').hidden") is True
    s.unload()
    assert len(s.calls(e["finish"])) == 1
    assert_clean(s)


@pytest.mark.parametrize("standard", STANDARDS)
def test_ordering_buttons_keep_focus_and_stop_at_the_ends(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard, sco="animer")
    s.next()
    s.answer("etapes", ["i2", "i1", "i3"])
    first = 'fieldset[data-question="etapes"] li[data-item="i2"]'
    assert s.js(f"return document.querySelector('{first} [data-move=up]').disabled") is True
    assert s.js("return document.querySelector('fieldset[data-question=\"etapes\"] li[data-item=\"i3\"] "
                "[data-move=down]').disabled") is True
    s.click(f"{first} [data-move=down]")
    assert s.ordering("etapes") == ["i1", "i2", "i3"]
    assert s.js("return document.activeElement.closest('li').dataset.item") == "i2"
    assert s.js("return document.activeElement.dataset.move") == "down"
    assert s.state()["quiz"]["answers"][1] == ["i1", "i2", "i3"]
    assert_clean(s)


# ---------------------------------------------------------------------------------------------------------
# Resume
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard", STANDARDS)
def test_resume_in_a_new_browser_session(browsers, http_server, profile_dir, standard):
    first = browsers.new(profile_dir=profile_dir)
    s = Sco(first, http_server, standard, feedback12="spec")
    s.open()
    s.lms("localStorage.clear()")
    s.open()
    s.next()
    s.toc("quiz")
    s.answer("premier-geste", "b")
    s.answer("espaces", ["jardin"])
    s.answer("mot-cle", "bonjour ~|% à tous")
    s.toc("lieu")
    s.unload()
    assert s.get(s.el["exit"]) == "suspend"
    assert s.errors() == []
    browsers.quit(first)

    second = browsers.new(profile_dir=profile_dir)
    r = Sco(second, http_server, standard, feedback12="spec", restore="1")
    r.open()
    assert r.get(r.el["location"]) == "lieu"
    assert r.lms("return window.lmsStatus.entry") == "resume"
    assert r.current_page() == "lieu"
    state = r.state()
    assert state["pagesSeen"] == ["bienvenue", "lieu", "quiz"]
    assert state["quiz"]["answers"] == ["b", ["jardin"], None, "bonjour ~|% à tous"]
    assert r.js("return document.querySelector('input[name=\"q-premier-geste\"][value=b]').checked") is True
    assert r.js("return document.querySelector('input[name=\"q-espaces\"][value=jardin]').checked") is True
    assert r.js("return document.querySelector('input[name=\"q-espaces\"][value=comptoir]').checked") is False
    assert r.js("return document.querySelector('input[name=\"q-mot-cle\"]').value") == "bonjour ~|% à tous"
    assert r.js("return document.querySelectorAll('#portail-toc a.seen').length") == 3
    if r.is2004:
        assert r.get("cmi.completion_status") == "completed"
    # Finish the quiz in this session.
    r.toc("quiz")
    r.answer("benevoles", "false")
    r.submit()
    wait(second, lambda: not r.js("return document.getElementById('portail-score').hidden"))
    assert r.get(r.el["raw"]) == "0"
    assert_clean(r)


@pytest.mark.parametrize("standard", STANDARDS)
def test_resume_a_failed_quiz_shows_the_result_and_retry(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard)
    s.toc("quiz")
    s.answer("premier-geste", "c")
    s.answer("espaces", ["piscine"])
    s.answer("benevoles", "false")
    s.answer("mot-cle", "ranger")
    s.submit()
    wait(driver, lambda: not s.js("return document.getElementById('portail-retry').hidden"))
    s.unload()
    data = s.data()
    seed = {k: data[k] for k in ("cmi.suspend_data", s.el["location"])}
    r = lms_sco(driver, http_server, standard, entry="resume", state=seed)
    assert r.current_page() == "quiz"
    assert r.js("return document.getElementById('portail-score').hidden") is False
    assert r.js("return document.getElementById('portail-retry').hidden") is False
    assert r.js("return document.getElementById('portail-submit').hidden") is True
    assert [r.feedback(q) for q in ("premier-geste", "espaces", "benevoles", "mot-cle")] == ["incorrect"] * 4
    assert r.js("return document.querySelector('input[name=\"q-premier-geste\"][value=c]').checked") is True
    assert r.state()["quiz"] == {"result": "failed", "submissions": 1, "open": False,
                                 "answers": ["c", ["piscine"], False, "ranger"]}
    # A retry in this new session numbers its interactions -2.
    r.click("#portail-retry")
    answer_accueil_right(r)
    r.submit()
    wait(driver, lambda: "100" in r.js("return document.getElementById('portail-score').textContent"))
    assert [i["id"] for i in r.interactions()] == ["accueil-premier-geste-2", "accueil-espaces-2",
                                                   "accueil-benevoles-2", "accueil-mot-cle-2"]
    assert_clean(r)


# ---------------------------------------------------------------------------------------------------------
# Terminate on pagehide, navigation requests, lesson-only SCOs
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard", STANDARDS)
def test_terminate_once_when_the_browser_leaves(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard)
    s.lms("localStorage.removeItem('strict-lms:' + window.lmsStatus.standard + ':state')")
    s.next()
    driver.switch_to.default_content()
    driver.get(f"{http_server}/blank.html")  # top-level navigation: the SCO gets pagehide
    saved = driver.execute_script(f"return JSON.parse(localStorage.getItem('strict-lms:{standard}:state'))")
    assert saved is not None, "the strict LMS saved nothing"
    finish = s.el["finish"]
    fns = [entry["fn"] for entry in saved["log"]]
    assert fns.count(finish) == 1 and fns[-1] == finish
    assert fns[-2] == s.el["commit"]
    assert saved["status"]["terminateCount"] == 1
    assert saved["data"][s.el["location"]] == "lieu"
    assert (RE_DURATION2004 if s.is2004 else RE_TIMESPAN12).match(saved["data"][s.el["session"]])
    assert saved["errors"] == []


@pytest.mark.parametrize("standard", STANDARDS)
def test_text_typed_without_leaving_the_field_is_saved_on_pagehide(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard)
    s.toc("quiz")
    box = driver.find_element("css selector", 'input[name="q-mot-cle"]')
    box.send_keys("dire bonjour|")  # no change event: the learner is still in the field
    s.unload()
    assert s.get("cmi.suspend_data").endswith("~dire bonjour%7C")
    assert_clean(s)


def test_scorm2004_previous_and_continue_requests(browsers, http_server):
    d = browsers.new()
    s = lms_sco(d, http_server, "scorm2004", navPrevious="true", navContinue="false")
    assert s.js("return document.getElementById('portail-prev').disabled") is False
    s.click("#portail-prev")
    d.switch_to.default_content()
    wait(d, lambda: d.execute_script("return window.lmsStatus.terminateCount") == 1)
    assert d.execute_script("return window.lmsStatus.navRequest") == "previous"
    assert d.execute_script("return window.lmsData['adl.nav.request']") == "previous"
    # The LMS then unloads the SCO: pagehide must not terminate again.
    wait(d, lambda: d.execute_script("return document.getElementById('sco-frame').getAttribute('src')") ==
         "about:blank")
    d.get(f"{http_server}/blank.html")
    fns = [e["fn"] for e in json.loads(d.execute_script(
        "return localStorage.getItem('strict-lms:scorm2004:state')"))["log"]]
    assert fns.count("Terminate") == 1
    assert d.execute_script("return JSON.parse(localStorage.getItem('strict-lms:scorm2004:state')).errors") == []

    s = lms_sco(d, http_server, "scorm2004", navPrevious="false", navContinue="true")
    assert s.js("return document.getElementById('portail-prev').disabled") is True
    s.toc("quiz")
    assert s.js("return document.getElementById('portail-next').disabled") is False
    s.click("#portail-next")
    d.switch_to.default_content()
    wait(d, lambda: d.execute_script("return window.lmsStatus.navRequest") == "continue")
    assert d.execute_script("return window.lmsStatus.terminateCount") == 1
    assert d.execute_script("return window.lmsErrors") == []

    s = lms_sco(d, http_server, "scorm2004", navPrevious="false", navContinue="false")
    s.toc("quiz")
    assert s.js("return document.getElementById('portail-next').disabled") is True
    assert_clean(s)


def test_scorm12_ends_are_disabled(driver, http_server):
    s = lms_sco(driver, http_server, "scorm12")
    assert s.js("return document.getElementById('portail-prev').disabled") is True
    s.toc("quiz")
    assert s.js("return document.getElementById('portail-next').disabled") is True
    assert not any(entry["args"] and str(entry["args"][0]).startswith("adl.") for entry in s.log())
    assert_clean(s)


@pytest.mark.parametrize("standard", STANDARDS)
def test_lesson_only_sco_completes_and_passes(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard, sco="bienvenue")
    assert s.description()["quiz"] is None
    assert s.current_page() == "bienvenue"
    data = s.data()
    if s.is2004:
        assert (data["cmi.completion_status"], data["cmi.success_status"], data["cmi.progress_measure"],
                data["cmi.exit"]) == ("completed", "passed", "1", "normal")
    else:
        assert (data["cmi.core.lesson_status"], data["cmi.core.exit"]) == ("completed", "")
    assert data["cmi.suspend_data"] == "1|1|-|"
    assert s.js("return !!document.getElementById('portail-quiz')") is False
    s.unload()
    assert len(s.calls(s.el["finish"])) == 1
    assert_clean(s)


def test_scorm12_never_lowers_a_status_reached_earlier(driver, http_server):
    s = lms_sco(driver, http_server, "scorm12", entry="", state={"cmi.core.lesson_status": "passed"})
    s.next()
    assert s.get("cmi.core.lesson_status") == "passed"
    assert s.get("cmi.core.exit") == ""
    assert_clean(s)


# ---------------------------------------------------------------------------------------------------------
# Standalone mode
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard", STANDARDS)
def test_standalone_mode_keeps_progress_in_local_storage(browsers, http_server, profile_dir, standard):
    first = browsers.new(profile_dir=profile_dir)
    s = Sco(first, http_server, standard, lms=False).open()
    s.js("localStorage.clear()")
    s.open()
    assert s.state()["mode"] == "standalone"
    assert s.status_text() == s.description()["strings"]["noLMS"]
    s.next()
    s.toc("quiz")
    s.answer("premier-geste", "a")
    s.answer("benevoles", "false")
    s.toc("lieu")
    key = s.js("return PortailSCO.storageKey()")
    assert key == "portail:cafe-associatif:accueil"
    stored = json.loads(s.js("return localStorage.getItem(arguments[0])", key))
    assert stored["location"] == "lieu" and stored["suspendData"].startswith("1|7|-|0~~f~")
    browsers.quit(first)

    second = browsers.new(profile_dir=profile_dir)
    r = Sco(second, http_server, standard, lms=False).open()
    assert r.current_page() == "lieu"
    assert r.state()["quiz"]["answers"] == ["a", None, False, None]
    assert r.js("return document.querySelector('input[name=\"q-benevoles\"][value=false]').checked") is True
    assert console_errors(second) == []


# ---------------------------------------------------------------------------------------------------------
# Errors from the LMS are shown, never thrown
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("standard", STANDARDS)
def test_lms_errors_are_shown_in_the_status_line(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard, failSet="cmi.suspend_data")
    text = s.status_text()
    expected = "General Set Failure (351)" if s.is2004 else "General exception (101)"
    assert expected in text and "cmi.suspend_data" in text
    assert text.startswith(s.description()["strings"]["saveFailed"].split("{")[0].rstrip())
    assert s.js("return document.getElementById('portail-status').dataset.kind") == "error"
    assert s.state()["lastError"]["code"] == ("351" if s.is2004 else "101")
    s.next()  # the SCO keeps working
    assert s.current_page() == "lieu"
    assert s.get(s.el["location"]) == "lieu"
    assert [e["args"][0] for e in s.errors()] == ["cmi.suspend_data", "cmi.suspend_data"]
    assert console_errors(driver) == []


# ---------------------------------------------------------------------------------------------------------
# Suspend data budget
# ---------------------------------------------------------------------------------------------------------

def b36_digits(n):
    """Number of base-36 digits of n ≥ 0 (0 has one)."""
    digits = 1
    while n >= 36:
        n //= 36
        digits += 1
    return digits


def worst_answer(q):
    kind = q["type"]
    if kind == "single":
        return b36_digits(len(q["choices"]) - 1)
    if kind == "multiple":
        return b36_digits(2 ** len(q["choices"]) - 1)
    if kind == "true-false":
        return 1
    if kind in ("fill-in", "numeric"):
        return 3 * q["maxLength"]  # every character written %XX
    if kind == "matching":
        return len(q["sources"]) * b36_digits(len(q["targets"]) - 1)
    if kind == "ordering":
        return len(q["items"]) * b36_digits(len(q["items"]) - 1)
    raise AssertionError(kind)


def worst_case(description):
    """The build-time worst case of a SCO's suspend data (docs/export.md, "Budget").

    "1|" + pages (2^P − 1 in base 36) + "|" + quiz field (3: p/f + up to 2 base-36 digits of the submission
    count, which the runtime caps at zz = 1295) + "|" + answers (each at its longest) joined by "~".
    """
    pages = len(description["sco"]["pages"])
    total = 2 + b36_digits(2 ** pages - 1) + 1 + 3 + 1
    quiz = description["quiz"]
    if quiz:
        questions = quiz["questions"]
        total += max(0, len(questions) - 1) + sum(worst_answer(q) for q in questions)
    return total


WORST_TEXT = "%~|\x01\x1f\x7f"  # each becomes %XX


def worst_text(length):
    return (WORST_TEXT * length)[:length]


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("sco", ["accueil", "animer", "bienvenue"])
def test_suspend_data_within_the_worst_case(driver, http_server, standard, sco):
    s = lms_sco(driver, http_server, standard, sco=sco)
    desc = s.description()
    for page in desc["sco"]["pages"]:
        s.toc(page)
    quiz = desc["quiz"]
    if quiz:
        for q in quiz["questions"]:
            qid = q["id"]
            if q["type"] == "single":
                s.answer(qid, q["choices"][-1])
            elif q["type"] == "multiple":
                s.answer(qid, q["choices"])
            elif q["type"] == "true-false":
                s.answer(qid, "false")
            elif q["type"] in ("fill-in", "numeric"):
                s.set_field(qid, worst_text(q["maxLength"]))
            elif q["type"] == "matching":
                s.answer(qid, {source: q["targets"][-1] for source in q["sources"]})
            elif q["type"] == "ordering":
                s.answer(qid, list(reversed(q["items"])))
    encoded = s.js("return PortailSCO.encodeSuspendData()")
    limit = desc["limits"]["suspendData"]
    assert len(encoded) <= worst_case(desc) <= limit
    # Tight: only the quiz field ("-" before any submission, 3 in the worst case) is shorter.
    assert worst_case(desc) - len(encoded) == 2
    assert s.get("cmi.suspend_data") == encoded
    # The text answers come back intact.
    if quiz:
        answers = s.state()["quiz"]["answers"]
        for q, a in zip(quiz["questions"], answers):
            if q["type"] in ("fill-in", "numeric"):
                assert a == worst_text(q["maxLength"])
    assert_clean(s)


@pytest.mark.parametrize("standard", STANDARDS)
def test_suspend_data_over_the_limit_drops_answers_first(driver, http_server, served_root, standard):
    source = served_root / "pkg" / standard / "sco" / "accueil.html"
    tiny = source.with_name("accueil-tiny.html")
    tiny.write_text(re.sub(r'("suspendData"\s*:\s*)\d+', r"\g<1>20", source.read_text(encoding="utf-8")),
                    encoding="utf-8")
    s = lms_sco(driver, http_server, standard, sco="accueil-tiny")
    assert s.description()["limits"]["suspendData"] == 20
    s.toc("quiz")
    s.answer("mot-cle", "une réponse bien trop longue pour vingt caractères")
    suspend = s.get("cmi.suspend_data")
    assert suspend == "1|5|-|"  # pages 1 and 3 seen: bits 0 and 2
    assert s.js("return document.getElementById('portail-status').dataset.kind") == "warning"
    assert s.status_text() != ""
    assert s.js("return PortailSCO.encodeSuspendData()").endswith("~une réponse bien trop longue pour vingt caractères")
    assert_clean(s)


# ---------------------------------------------------------------------------------------------------------
# Shuffling, globals, hash-free links
# ---------------------------------------------------------------------------------------------------------

def test_shuffling(browsers, http_server):
    d = browsers.new()
    choice_orders, question_orders = set(), set()
    for _ in range(10):
        s = Sco(d, http_server, "scorm2004", "accueil", lms=False).open()
        choice_orders.add(tuple(s.js("return Array.from(document.querySelectorAll('input[name=\"q-premier-geste\"]'))"
                                     ".map(function (i) { return i.value; })")))
        # espaces does not ask for shuffling: its order stays the file's.
        assert s.js("return Array.from(document.querySelectorAll('input[name=\"q-espaces\"]'))"
                    ".map(function (i) { return i.value; })") == ["comptoir", "jardin", "piscine"]
        a = Sco(d, http_server, "scorm2004", "animer", lms=False).open()
        assert a.ordering("etapes") != ["i1", "i2", "i3"]
        question_orders.add(tuple(a.js("return Array.from(document.querySelectorAll('fieldset.portail-question'))"
                                       ".map(function (f) { return f.dataset.question; })")))
        # Shown in a new order, the questions are numbered in that order.
        numbers = a.js("return Array.from(document.querySelectorAll('.portail-question-number'))"
                       ".map(function (n) { return n.textContent; })")
        assert numbers in ([], [f"{n}." for n in range(1, len(numbers) + 1)])
        if len(choice_orders) > 1 and len(question_orders) > 1:
            break
    assert all(sorted(o) == ["a", "b", "c"] for o in choice_orders)
    assert len(choice_orders) > 1, "single-choice answers with shuffle: true were never shuffled"
    assert len(question_orders) > 1, "the questions of a quiz with shuffle: true were never shuffled"
    # The form's submit button and score stay after the questions.
    assert a.js("return document.querySelector('#portail-quiz > :last-child').querySelector('#portail-retry') !== null")


@pytest.mark.parametrize("standard", STANDARDS)
def test_only_global_is_portail_sco(driver, http_server, standard):
    s = lms_sco(driver, http_server, standard)
    extra = s.js("""
        var frame = document.createElement('iframe');
        document.body.appendChild(frame);
        var base = Object.getOwnPropertyNames(frame.contentWindow);
        frame.remove();
        return Object.getOwnPropertyNames(window).filter(function (k) { return base.indexOf(k) < 0; });
    """)
    # Elements with an id are named properties of window, not own properties; only PortailSCO may appear.
    assert extra == ["PortailSCO"]
    assert s.js("'use strict'; try { window.PortailSCO = 1; } catch (e) {} return typeof window.PortailSCO") == "object"
    assert s.js("return Object.isFrozen(window.PortailSCO)") is True
    state = s.js("var st = PortailSCO.state(); st.page = 'x'; return PortailSCO.state().page")
    assert state == "bienvenue"
    assert_clean(s)


def test_in_page_links_do_not_change_the_hash(driver, http_server):
    s = lms_sco(driver, http_server, "scorm2004")
    # The skip link (the theme's) moves focus to the main landmark without touching the URL.
    skip = s.js("var a = document.querySelector('a[href^=\"#\"]:not([data-page])'); if (a) a.click();"
                "return a ? a.getAttribute('href') : null")
    if skip:
        assert s.focused_id() == skip[1:]
    assert s.js("return location.hash") == ""
    s.toc("lieu")
    s.toc("bienvenue")
    assert s.js("return location.hash") == ""
    assert s.current_page() == "bienvenue"
    assert_clean(s)


# ---------------------------------------------------------------------------------------------------------
# SCORM 1.2 responses in the specification's single-character form
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sco", ["accueil", "animer"])
def test_scorm12_responses_use_single_characters(driver, http_server, sco):
    s = Sco(driver, http_server, "scorm12", sco, feedback12="spec").open()
    s.toc("quiz")
    if sco == "accueil":
        answer_accueil_right(s)
    else:
        s.answer("associer", {"s1": "t1", "s2": "t2"})
        s.answer("etapes", ["i1", "i2", "i3"])
        s.answer("duree", "15")
        s.answer("participants", "7")
    s.submit()
    wait(driver, lambda: not s.js("return document.getElementById('portail-score').hidden"))
    assert s.errors() == []


# ---------------------------------------------------------------------------------------------------------
# API discovery: parents, then the opener
# ---------------------------------------------------------------------------------------------------------

NEST = """<!DOCTYPE html><title>nest</title>
<iframe id="inner" style="width:100%;height:90vh" title="inner"></iframe>
<script>document.getElementById('inner').src = new URLSearchParams(location.search).get('src');</script>
"""


@pytest.mark.parametrize("standard", STANDARDS)
def test_api_found_two_frames_up(driver, http_server, served_root, standard):
    (served_root / "nest.html").write_text(NEST, encoding="utf-8")
    inner = f"pkg/{standard}/sco/accueil.html"
    url = (f"{http_server}/lms/strict-lms.html?standard={standard}&feedback12=spec&sco="
           f"{quote('../nest.html?src=' + quote('../' + inner, safe=''), safe='')}")
    driver.get(url)
    wait(driver, lambda: driver.execute_script("return window.lmsStatus.state") == "running")
    driver.switch_to.frame("sco-frame")
    driver.switch_to.frame("inner")
    wait(driver, lambda: driver.execute_script("return document.documentElement.classList.contains('portail-ready')"))
    assert driver.execute_script("return PortailSCO.state().mode") == "lms"
    driver.switch_to.default_content()
    assert driver.execute_script("return window.lmsErrors") == []
    assert driver.execute_script("return window.lmsData['cmi.suspend_data']").startswith("1|1|-|")


def test_api_found_through_the_opener(driver, http_server):
    driver.get(f"{http_server}/lms/strict-lms.html?standard=scorm2004&sco=../blank.html")
    wait(driver, lambda: driver.execute_script("return !!window.API_1484_11"))
    lms_window = driver.current_window_handle
    driver.execute_script("window.open('../pkg/scorm2004/sco/accueil.html', 'sco')")
    wait(driver, lambda: len(driver.window_handles) == 2)
    driver.switch_to.window([h for h in driver.window_handles if h != lms_window][0])
    wait(driver, lambda: driver.execute_script("return document.documentElement.classList.contains('portail-ready')"))
    assert driver.execute_script("return PortailSCO.state().mode") == "lms"
    driver.close()  # pagehide in the popup: Terminate
    driver.switch_to.window(lms_window)
    wait(driver, lambda: driver.execute_script("return window.lmsStatus.terminateCount") == 1)
    assert driver.execute_script("return window.lmsErrors") == []
