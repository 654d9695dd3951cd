"""Static checks of the server's browser code (Sources/LearnerServer/Public/*.js and its folders): no browser needed.

- Every script is an ES module starting with `// @ts-check` that parses as ES2017 (acorn, Debian's node-acorn),
  with no external URL (the SVG namespace is a name, never fetched), no eval, new Function, document.write or
  innerHTML, no unload listener, and no global but the SCORM API objects the launcher installs and the read-only
  PortailLMS / PortailPlayer.
- Each page (learn.mustache, admin.mustache) loads one entry module and preloads exactly the modules it imports,
  and every module is imported by an entry unless it holds only types (JSDoc @typedef).
- No source file in Sources/ is over 600 lines (issue 14 §2), generated ones aside.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, in_ci

PUBLIC = REPO / "Sources" / "LearnerServer" / "Public"
TEMPLATES = REPO / "Sources" / "LearnerServer" / "Templates"
SCRIPTS = sorted(PUBLIC.rglob("*.js"))
ENTRIES = {"learn.mustache": "player.js", "admin.mustache": "admin.js"}
ACORN_PATHS = ["/usr/share/nodejs", "/usr/lib/nodejs", "/usr/local/lib/node_modules"]
MAX_LINES = 600


def rel(path):
    return path.relative_to(PUBLIC).as_posix()


def code_of(path):
    """The source without its comments."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)


def imports_of(path):
    """The modules a module imports (static imports: the only kind used)."""
    code = code_of(path)
    assert "import(" not in code, f"{rel(path)}: no dynamic import"
    return [(path.parent / name).resolve() for name in re.findall(r"^(?:import|export)\b[^;]*?from '(\.[^']+)';", code, flags=re.M)]


def closure(entry):
    seen, todo = set(), [entry.resolve()]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        assert path.is_file(), f"imported but missing: {path}"
        seen.add(path)
        todo.extend(imports_of(path))
    return seen


def test_there_are_scripts():
    assert {"player.js", "admin.js", "lms-runtime.js", "i18n.js", "player/prerequisites.js"} <= {rel(p) for p in SCRIPTS}


@pytest.mark.parametrize("path", SCRIPTS, ids=rel)
def test_script_is_a_checked_module_without_urls_or_globals(path):
    source = path.read_text(encoding="utf-8")
    code = code_of(path)
    assert source.startswith("// @ts-check\n")
    assert [u for u in re.findall(r"https?://[^\s'\"]+", code) if u != "http://www.w3.org/2000/svg"] == []
    assert not re.search(r"\beval\s*\(|new Function\s*\(|document\.write|innerHTML|outerHTML|insertAdjacentHTML", code)
    assert not re.search(r"""['"](before)?unload['"]|\bon(before)?unload\b""", code)
    assigned = set(re.findall(r"window\.([A-Za-z_$][\w$]*)\s*=(?!=)", code))
    assert assigned <= ({"API", "API_1484_11"} if rel(path) == "player/launcher.js" else set()), assigned
    defined = set(re.findall(r"Object\.defineProperty\(window, '(\w+)'", code))
    assert defined == {"lms-runtime.js": {"PortailLMS"}, "player.js": {"PortailPlayer"}}.get(rel(path), set())
    assert "'use strict'" not in code, "modules are strict already"


def test_scripts_parse_as_es2017_modules():
    node = shutil.which("node") or shutil.which("nodejs")
    env = dict(os.environ, NODE_PATH=os.pathsep.join(ACORN_PATHS))
    if not node or subprocess.run([node, "-e", "require('acorn')"], env=env, capture_output=True).returncode:
        pytest.skip("node with acorn not found (apt-get install nodejs node-acorn)")
    script = ("for (const file of process.argv.slice(1)) {"
              "  const src = require('fs').readFileSync(file, 'utf8');"
              "  try { require('acorn').parse(src, {ecmaVersion: 2017, sourceType: 'module'}); }"
              "  catch (e) { console.error(file + ': ' + e.message); process.exitCode = 1; } }")
    done = subprocess.run([node, "-e", script] + [str(p) for p in SCRIPTS], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("template", sorted(ENTRIES))
def test_page_loads_its_entry_and_preloads_what_it_imports(template):
    html = (TEMPLATES / template).read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"/static/([^\"]+)\"[^>]*>", html)
    assert scripts == [ENTRIES[template]]
    assert re.search(r'<script type="module" src="/static/%s"></script>' % re.escape(ENTRIES[template]), html)
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\"))[^>]*>", html), "no inline script"
    assert " style=" not in html, "the page's CSP refuses style attributes"
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/([^"]+)">', html)
    assert preloaded == sorted(preloaded) and len(preloaded) == len(set(preloaded))
    entry = PUBLIC / ENTRIES[template]
    assert set(preloaded) == {rel(p) for p in closure(entry) if p != entry.resolve()}


def test_every_module_is_imported_or_holds_only_types():
    used = set()
    for entry in ["player.js", "admin.js", "lms-runtime.js"]:
        used |= closure(PUBLIC / entry)
    for path in SCRIPTS:
        if path.resolve() in used:
            continue
        statements = code_of(path).strip()
        assert statements == "export {};", f"{rel(path)} is imported by no page"


def test_no_source_file_is_over_600_lines():
    """Generated files aside (none is kept in Sources/: the SCO runtime is assembled at build time)."""
    long = {}
    for path in sorted((REPO / "Sources").rglob("*")):
        if path.suffix in (".js", ".swift") and path.is_file():
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > MAX_LINES:
                long[path.relative_to(REPO).as_posix()] = lines
    assert long == {}
