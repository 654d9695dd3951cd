"""Fixtures for Portail's end-to-end tests: a loopback static HTTP server and headless Chromium.

Run from the repository root:  python3 -m pytest Tests/E2E -q

- Chromium (/usr/bin/chromium) and chromedriver (/usr/bin/chromedriver) come from Debian's `chromium` and
  `chromium-driver`; selenium and pytest from pip. Without them the browser tests are skipped with the
  reason printed, except when CI=true, where they fail.
- PORTAIL_E2E_PACKAGES names a folder holding extracted packages `scorm12/` and `scorm2004/` built by the
  exporter from Tests/Fixtures/sample-course. Unset, the hand-made packages of fixtures/handmade/ are used,
  with the current Sources/SCORMExport/Theme/runtime.js and theme.css.
"""
import functools
import http.server
import os
import shutil
import socketserver
import tempfile
import threading
from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent
REPO = E2E.parents[1]
THEME = REPO / "Sources" / "SCORMExport" / "Theme"
HANDMADE = E2E / "fixtures" / "handmade"
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
    packages = os.environ.get("PORTAIL_E2E_PACKAGES")
    lines = ["e2e packages: " + (packages if packages else f"hand-made ({HANDMADE})")]
    lines.append("e2e browser: " + (reason if reason else f"{CHROMIUM} + {CHROMEDRIVER}"))
    return lines


# ---------------------------------------------------------------------------------------------------------
# The served folder: lms/ (the strict LMS) and pkg/<standard>/ (the packages)
# ---------------------------------------------------------------------------------------------------------

def _assemble_packages(target):
    """Copies the packages under target/pkg, from PORTAIL_E2E_PACKAGES or the hand-made fixtures."""
    source = os.environ.get("PORTAIL_E2E_PACKAGES")
    for standard in STANDARDS:
        dest = target / "pkg" / standard
        if source:
            origin = Path(source) / standard
            if not (origin / "imsmanifest.xml").is_file():
                pytest.fail(f"PORTAIL_E2E_PACKAGES={source}: {origin}/imsmanifest.xml is missing", pytrace=False)
            shutil.copytree(origin, dest)
        else:
            shutil.copytree(HANDMADE / standard, dest)
            (dest / "portail").mkdir(exist_ok=True)
            shutil.copyfile(THEME / "runtime.js", dest / "portail" / "runtime.js")
            shutil.copyfile(THEME / "theme.css", dest / "portail" / "theme.css")
        # The lesson-only SCO (as `--sco-per lesson` makes) comes from the hand-made fixtures when the
        # exporter's packages (built per module) have none.
        extra = dest / "sco" / "bienvenue.html"
        if not extra.exists():
            shutil.copyfile(HANDMADE / standard / "sco" / "bienvenue.html", extra)


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
