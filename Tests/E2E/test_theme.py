"""The theme (Sources/SCORMExport/Theme/theme.css): self-contained, accessible, mobile first, printable."""
import re
from pathlib import Path

import pytest

from e2e_helpers import Sco, console_errors

CSS = (Path(__file__).resolve().parents[2] / "Sources" / "SCORMExport" / "Theme" / "theme.css").read_text("utf-8")


def luminance(hex_color):
    rgb = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


VARS = dict(re.findall(r"--portail-([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def test_self_contained():
    assert "url(" not in CSS
    assert "@import" not in CSS
    assert "@font-face" not in CSS
    assert not re.search(r"https?://", CSS)


def test_required_rules():
    assert re.search(r"\[hidden\]\s*\{\s*display:\s*none\s*!important", CSS)
    assert "@media (prefers-reduced-motion: reduce)" in CSS
    assert "@media print" in CSS
    assert ":focus-visible" in CSS
    assert "--portail-target: 44px" in CSS
    assert "--portail-measure: 70ch" in CSS


@pytest.mark.parametrize("fg,bg,minimum", [
    ("text", "bg", 4.5), ("muted", "bg", 4.5), ("accent", "bg", 4.5), ("accent-text", "accent", 4.5),
    ("correct", "correct-bg", 4.5), ("incorrect", "incorrect-bg", 4.5), ("warning", "warning-bg", 4.5),
    ("muted", "surface", 4.5), ("text", "surface", 4.5),
    ("focus", "bg", 3), ("border", "bg", 3),  # non-text contrast (WCAG 1.4.11)
])
def test_contrast(fg, bg, minimum):
    assert contrast(VARS[fg], VARS[bg]) >= minimum


def open_standalone(driver, base, sco="accueil"):
    return Sco(driver, base, "scorm2004", sco, lms=False).open()


def test_phone_layout(browsers, http_server):
    d = browsers.new()
    # A phone's viewport (desktop windows have a minimum width).
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    s = open_standalone(d, http_server)
    assert s.js("return document.documentElement.clientWidth") <= 375
    # No horizontal scrolling of the page; the table scrolls on its own.
    assert s.js("return document.scrollingElement.scrollWidth <= window.innerWidth")
    assert s.js("return getComputedStyle(document.querySelector('.portail-page table')).overflowX") == "auto"
    img = s.js("var i = document.querySelector('.portail-page img'); return [i.getBoundingClientRect().width,"
               "i.parentElement.getBoundingClientRect().width]")
    assert img[0] <= img[1] + 0.5
    # Touch targets.
    small = s.js("""
        return Array.from(document.querySelectorAll('button, #portail-toc a, select, input[type=text]'))
          .filter(function (el) { return el.offsetParent !== null; })
          .map(function (el) { var r = el.getBoundingClientRect(); return [el.id || el.textContent.trim(), r.height]; })
          .filter(function (x) { return x[1] < 44; });
    """)
    assert small == []
    # The pager stays on screen.
    pager = s.js("var r = document.querySelector('.portail-pager').getBoundingClientRect();"
                 "return [r.bottom, window.innerHeight]")
    assert pager[0] <= pager[1] + 0.5
    s.toc("quiz")
    rows = s.js("return Array.from(document.querySelectorAll('.portail-choices li'))"
                ".map(function (li) { return li.getBoundingClientRect().height; })")
    assert rows and min(rows) >= 44
    assert s.js("return document.scrollingElement.scrollWidth <= window.innerWidth")
    assert console_errors(d) == []


def test_desktop_line_length_and_focus(browsers, http_server):
    d = browsers.new(width=1400, height=900)
    s = open_standalone(d, http_server)
    widths = s.js("""
        var probe = document.createElement('span');
        probe.textContent = '0'.repeat(70);
        probe.style.whiteSpace = 'nowrap';
        document.querySelector('main').appendChild(probe);
        var limit = probe.getBoundingClientRect().width;
        probe.remove();
        return [document.querySelector('main').getBoundingClientRect().width, limit];
    """)
    assert widths[0] <= widths[1] + 1
    # Keyboard: the first Tab reaches the skip link, which becomes visible with an outline.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    s.open()  # a fresh load: sequential focus starts at the top of the document
    ActionChains(d).send_keys(Keys.TAB).perform()
    focused = s.js("var a = document.activeElement, st = getComputedStyle(a), r = a.getBoundingClientRect();"
                   "return [a.className, st.outlineStyle, parseFloat(st.outlineWidth), r.top >= 0]")
    assert focused[0] == "skip-link"
    assert focused[1] == "solid" and focused[2] >= 2 and focused[3] is True


def test_hidden_pages_and_print(browsers, http_server):
    d = browsers.new()
    s = open_standalone(d, http_server)
    assert s.js("return Array.from(document.querySelectorAll('.portail-page')).filter(function (p) {"
                "return getComputedStyle(p).display !== 'none'; }).length") == 1
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = s.js("return Array.from(document.querySelectorAll('.portail-page')).filter(function (p) {"
                 "return getComputedStyle(p).display !== 'none'; }).length")
    assert shown == len(s.description()["sco"]["pages"])
    assert s.js("return getComputedStyle(document.querySelector('.portail-pager')).display") == "none"
    assert s.js("return getComputedStyle(document.querySelector('.portail-feedback')).display") == "none"
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
