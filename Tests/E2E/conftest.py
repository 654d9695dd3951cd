"""Fixtures for Portail's end-to-end tests: a loopback static HTTP server and headless Chromium.

Run from the repository root:  python3 -m pytest Tests/E2E -q

- Chromium (/usr/bin/chromium) and chromedriver (/usr/bin/chromedriver) come from Debian's `chromium` and
  `chromium-driver`; selenium and pytest from pip. Without them the browser tests are skipped with the
  reason printed, except when CI=true, where they fail.
- The packages are the exporter's: Tests/Fixtures/sample-course built by .build/debug/portail (or the file
  named by PORTAIL_BIN) for both standards, one SCO per module, plus the lesson-only SCO `sco/bienvenue.html`
  of a `--sco-per lesson` build. Without the binary the tests are skipped, except when CI=true.
"""
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent
REPO = E2E.parents[1]
SAMPLE = REPO / "Tests" / "Fixtures" / "sample-course"
PORTAIL = Path(os.environ.get("PORTAIL_BIN") or REPO / ".build" / "debug" / "portail")
LMS = E2E / "lms"
STANDARDS = ("scorm12", "scorm2004")

CHROMIUM = os.environ.get("PORTAIL_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PORTAIL_E2E_CHROMEDRIVER", "/usr/bin/chromedriver")


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def browser_unavailable_reason():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (os.path.isfile(p) and os.access(p, os.X_OK))]
    if missing:
        return "headless Chromium not available (missing " + ", ".join(missing) + \
            "; install Debian's chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


def require_browser():
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail("CI=true: " + reason, pytrace=False)
    print("\nSKIP: " + reason)
    pytest.skip(reason)


def pytest_report_header(config):
    reason = browser_unavailable_reason()
    lines = [f"e2e packages: {SAMPLE.name} built by {PORTAIL}"]
    lines.append("e2e browser: " + (reason if reason else f"{CHROMIUM} + {CHROMEDRIVER}"))
    return lines


# ---------------------------------------------------------------------------------------------------------
# The served folder: lms/ (the strict LMS) and pkg/<standard>/ (the packages)
# ---------------------------------------------------------------------------------------------------------

def _assemble_packages(target):
    """Builds the sample course with the real exporter and extracts the packages under target/pkg/<standard>."""
    if not (PORTAIL.is_file() and os.access(PORTAIL, os.X_OK)):
        reason = f"the portail binary is missing ({PORTAIL}); build it with `swift build` or set PORTAIL_BIN"
        if in_ci():
            pytest.fail("CI=true: " + reason, pytrace=False)
        pytest.skip(reason)
    for standard in STANDARDS:
        dest = target / "pkg" / standard
        for granularity in ("module", "lesson"):
            archive = target / f"{standard}-{granularity}.zip"
            subprocess.run([str(PORTAIL), "build", str(SAMPLE), "--standard", standard, "--sco-per", granularity,
                            "--output", str(archive)], check=True, stdout=subprocess.DEVNULL)
            if granularity == "module":
                zipfile.ZipFile(archive).extractall(dest)
            else:
                # The lesson-only SCO, beside the module ones: same course, same assets and runtime paths.
                (dest / "sco" / "bienvenue.html").write_bytes(zipfile.ZipFile(archive).read("sco/bienvenue.html"))
            archive.unlink()


@pytest.fixture(scope="session")
def served_root():
    root = Path(tempfile.mkdtemp(prefix="portail-e2e-"))
    shutil.copytree(LMS, root / "lms")
    _assemble_packages(root)
    (root / "blank.html").write_text("<!DOCTYPE html><title>blank</title><p>blank</p>\n", encoding="utf-8")
    yield root
    shutil.rmtree(root, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture(scope="session")
def http_server(served_root):
    """A static HTTP server on 127.0.0.1 with a free port, serving served_root; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(served_root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="e2e-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------------------
# Browsers
# ---------------------------------------------------------------------------------------------------------

def _make_driver(profile_dir=None, width=1024, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--metrics-recording-only", f"--window-size={width},{height}"):
        options.add_argument(arg)
    if profile_dir:
        options.add_argument(f"--user-data-dir={profile_dir}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Browsers:
    """Creates drivers on demand and quits them all at the end of the test."""

    def __init__(self):
        self.drivers = []

    def new(self, profile_dir=None, width=1024, height=900):
        driver = _make_driver(profile_dir, width, height)
        self.drivers.append(driver)
        return driver

    def quit(self, driver):
        if driver in self.drivers:
            self.drivers.remove(driver)
        driver.quit()

    def quit_all(self):
        while self.drivers:
            self.drivers.pop().quit()


@pytest.fixture
def browsers():
    require_browser()
    b = Browsers()
    try:
        yield b
    finally:
        b.quit_all()


@pytest.fixture
def driver(browsers):
    return browsers.new()


@pytest.fixture(scope="module")
def module_driver():
    """One browser for a whole module (tables of cases that each reload a page)."""
    require_browser()
    b = Browsers()
    try:
        yield b.new()
    finally:
        b.quit_all()


@pytest.fixture
def profile_dir():
    """A browser profile folder that outlives one browser session (for localStorage across restarts)."""
    path = tempfile.mkdtemp(prefix="portail-e2e-profile-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may skip: a skipped test there is a failure that says why it would have skipped."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI=true, and nothing may skip in CI: {report.longrepr}"
