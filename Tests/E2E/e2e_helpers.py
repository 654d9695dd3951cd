"""Helpers shared by the end-to-end tests: drive a SCO through the strict LMS (or standalone)."""
import json
import re
import urllib.parse

try:
    from selenium.common.exceptions import NoSuchFrameException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # conftest.require_browser() skips (or fails in CI) the tests that need selenium
    NoSuchFrameException = By = Select = WebDriverWait = None

TIMEOUT = 10

# Formats, from the SCORM 1.2 and 2004 4th edition run-time data models.
RE_TIMESPAN12 = re.compile(r"^\d{4}:[0-5]\d:[0-5]\d\.\d{2}$")  # HHHH:MM:SS.SS, as docs/export.md asks
RE_TIME12 = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")  # HH:MM:SS
RE_DURATION2004 = re.compile(r"^PT(?:\d+H)?(?:\d+M)?\d+(?:\.\d{1,2})?S$")  # PT1H2M3.5S
RE_TIMESTAMP2004 = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")


def wait(driver, predicate, timeout=TIMEOUT, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: predicate(), message)


class Sco:
    """A SCO page opened in the strict LMS (lms=True) or on its own (standalone)."""

    def __init__(self, driver, base_url, standard, sco="accueil", lms=True, **params):
        self.driver = driver
        self.base = base_url
        self.standard = standard
        self.sco_id = sco
        self.lms_mode = lms
        self.params = params
        self.sco_url = f"{base_url}/pkg/{standard}/sco/{sco}.html"

    # Opening ---------------------------------------------------------------------------------------------

    def lms_url(self):
        query = {"sco": f"../pkg/{self.standard}/sco/{self.sco_id}.html", "standard": self.standard}
        query.update({k: (json.dumps(v) if isinstance(v, dict) else v) for k, v in self.params.items()})
        return f"{self.base}/lms/strict-lms.html?" + urllib.parse.urlencode(query, doseq=True)

    def open(self):
        d = self.driver
        if self.lms_mode:
            d.get(self.lms_url())
            wait(d, lambda: d.execute_script(
                "var f = document.getElementById('sco-frame');"
                "try { return !!(f && f.contentWindow.document.documentElement.classList.contains('portail-ready')); }"
                "catch (e) { return false; }"), message="the SCO did not start in the strict LMS")
            d.switch_to.frame("sco-frame")
        else:
            d.get(self.sco_url)
            wait(d, lambda: d.execute_script(
                "return document.documentElement.classList.contains('portail-ready')"),
                message="the SCO did not start")
        return self

    # Scripts in either document ---------------------------------------------------------------------------

    def js(self, script, *args):
        """Runs a script in the SCO's document."""
        return self.driver.execute_script(script, *args)

    def lms(self, script, *args):
        """Runs a script in the strict LMS's document, then comes back to the SCO frame if it is still there."""
        d = self.driver
        d.switch_to.default_content()
        try:
            return d.execute_script(script, *args)
        finally:
            try:
                d.switch_to.frame("sco-frame")
            except NoSuchFrameException:
                pass

    def data(self):
        return self.lms("return JSON.parse(JSON.stringify(window.lmsData))")

    def log(self):
        return self.lms("return JSON.parse(JSON.stringify(window.lmsLog))")

    def errors(self):
        return self.lms("return JSON.parse(JSON.stringify(window.lmsErrors))")

    def status(self):
        return self.lms("return JSON.parse(JSON.stringify(window.lmsStatus))")

    def get(self, element):
        return self.data().get(element)

    def state(self):
        return self.js("return window.PortailSCO.state()")

    def description(self):
        return json.loads(self.js("return document.getElementById('portail-sco').textContent"))

    # Elements names per standard ---------------------------------------------------------------------------

    @property
    def is2004(self):
        return self.standard == "scorm2004"

    @property
    def el(self):
        if self.is2004:
            return {"location": "cmi.location", "status": None, "exit": "cmi.exit", "session": "cmi.session_time",
                    "raw": "cmi.score.raw", "min": "cmi.score.min", "max": "cmi.score.max",
                    "response": "learner_response", "wrong": "incorrect", "finish": "Terminate",
                    "commit": "Commit", "set": "SetValue", "init": "Initialize"}
        return {"location": "cmi.core.lesson_location", "status": "cmi.core.lesson_status", "exit": "cmi.core.exit",
                "session": "cmi.core.session_time", "raw": "cmi.core.score.raw", "min": "cmi.core.score.min",
                "max": "cmi.core.score.max", "response": "student_response", "wrong": "wrong",
                "finish": "LMSFinish", "commit": "LMSCommit", "set": "LMSSetValue", "init": "LMSInitialize"}

    # Page navigation ---------------------------------------------------------------------------------------

    def visible_pages(self):
        return self.js("return Array.from(document.querySelectorAll('.portail-page'))"
                       ".filter(function (s) { return !s.hidden; }).map(function (s) { return s.dataset.page; })")

    def current_page(self):
        pages = self.visible_pages()
        assert len(pages) == 1, f"exactly one page must be visible, got {pages}"
        return pages[0]

    def click(self, css):
        element = self.driver.find_element(By.CSS_SELECTOR, css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return element

    def next(self):
        before = self.current_page()
        self.click("#portail-next")
        wait(self.driver, lambda: self.current_page() != before, message="next did not change the page")

    def previous(self):
        before = self.current_page()
        self.click("#portail-prev")
        wait(self.driver, lambda: self.current_page() != before, message="previous did not change the page")

    def toc(self, page_id):
        self.click(f'#portail-toc a[data-page="{page_id}"]')
        wait(self.driver, lambda: self.current_page() == page_id, message=f"the TOC did not show {page_id}")

    def focus_is_page_heading(self):
        """Focus is on the h2 of the page shown."""
        return self.js("var page = Array.from(document.querySelectorAll('.portail-page'))"
                       ".filter(function (p) { return !p.hidden; })[0];"
                       "return !!page && document.activeElement === page.querySelector('h2')")

    def focused_id(self):
        return self.js("return document.activeElement ? document.activeElement.id : null")

    def status_text(self):
        return self.js("return document.getElementById('portail-status').textContent")

    # Answering ---------------------------------------------------------------------------------------------

    def question_type(self, qid):
        return self.js(f'return document.querySelector(\'fieldset[data-question="{qid}"]\').dataset.type')

    def answer(self, qid, value):
        """Answers like a learner: clicks, types, selects, moves."""
        kind = self.question_type(qid)
        if kind in ("single", "true-false"):
            self.click(f'input[name="q-{qid}"][value="{value}"]')
        elif kind == "multiple":
            for box in self.driver.find_elements(By.CSS_SELECTOR, f'input[name="q-{qid}"]'):
                if box.is_selected() != (box.get_attribute("value") in value):
                    self.js("arguments[0].scrollIntoView({block: 'center'})", box)
                    box.click()
        elif kind in ("fill-in", "numeric"):
            box = self.driver.find_element(By.CSS_SELECTOR, f'input[name="q-{qid}"]')
            self.js("arguments[0].scrollIntoView({block: 'center'})", box)
            box.clear()
            box.send_keys(value)
            # A change event, as when the learner leaves the field.
            self.js("arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", box)
        elif kind == "matching":
            for source, target in value.items():
                Select(self.driver.find_element(
                    By.CSS_SELECTOR, f'select[name="q-{qid}"][data-source="{source}"]')).select_by_value(target)
        elif kind == "ordering":
            self.order(qid, value)
        else:
            raise AssertionError(f"unknown question type {kind}")

    def ordering(self, qid):
        return self.js(f'return Array.from(document.querySelectorAll(\'fieldset[data-question="{qid}"] '
                       f'ol.portail-ordering > li\')).map(function (li) {{ return li.dataset.item; }})')

    def order(self, qid, target):
        for position, item in enumerate(target):
            while True:
                current = self.ordering(qid)
                index = current.index(item)
                if index == position:
                    break
                self.click(f'fieldset[data-question="{qid}"] li[data-item="{item}"] [data-move="up"]')

    def set_field(self, qid, text):
        """Puts any text (control characters included) in a text field, as a paste would, then `change`."""
        self.js(f'var i = document.querySelector(\'input[name="q-{qid}"]\'); i.value = arguments[0];'
                'i.dispatchEvent(new Event("input", {bubbles: true}));'
                'i.dispatchEvent(new Event("change", {bubbles: true}));', text)

    def submit(self):
        self.click("#portail-submit")

    def feedback(self, qid):
        """Which feedback a question shows: 'correct', 'incorrect' or None."""
        return self.js(
            f'var fs = document.querySelector(\'fieldset[data-question="{qid}"]\');'
            'var box = fs.querySelector(".portail-feedback"); if (box.hidden) return null;'
            'var shown = Array.from(box.querySelectorAll("[data-feedback]")).filter(function (d) { return !d.hidden; });'
            'return shown.length === 1 ? shown[0].dataset.feedback : "several:" + shown.length;')

    # Ending ------------------------------------------------------------------------------------------------

    def unload(self):
        """The LMS replaces the SCO with a blank page: the SCO gets `pagehide` and must terminate."""
        self.lms("window.lmsUnloadSco()")
        self.driver.switch_to.default_content()
        wait(self.driver, lambda: self.driver.execute_script("return window.lmsStatus.state") == "terminated",
             message="the SCO did not terminate on pagehide")

    def calls(self, fn):
        return [entry for entry in self.log() if entry["fn"] == fn]

    def interactions(self):
        """The interactions the LMS holds, as a list of dicts (element suffix → value)."""
        data = self.data()
        found = {}
        for key, value in data.items():
            m = re.match(r"^cmi\.interactions\.(\d+)\.(.+)$", key)
            if m:
                found.setdefault(int(m.group(1)), {})[m.group(2)] = value
        return [found[i] for i in sorted(found)]


def patterns(interaction):
    out = []
    k = 0
    while f"correct_responses.{k}.pattern" in interaction:
        out.append(interaction[f"correct_responses.{k}.pattern"])
        k += 1
    return out


def console_errors(driver):
    """SEVERE messages of the browser console, except the favicon requests that headless Chromium makes."""
    try:
        entries = driver.get_log("browser")
    except Exception:  # some drivers cannot give logs
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and "favicon.ico" not in e["message"]]
