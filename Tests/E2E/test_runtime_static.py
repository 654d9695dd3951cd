"""Static checks of the SCO runtime a package ships (portail/runtime.js): no browser needed.

The runtime is written as parts (Sources/SCORMExport/Theme/runtime/NN-name.js) that Theme.load() assembles; the
checks read the ASSEMBLED file of the packages conftest.py builds with the real exporter, and check that it is the
parts in name order (the assembly test below does it the same way).
"""
import json
import os
import re
import shutil
import subprocess

import pytest

from conftest import REPO, STANDARDS

PARTS = REPO / "Sources" / "SCORMExport" / "Theme" / "runtime"
ACORN_PATHS = ["/usr/share/nodejs", "/usr/lib/nodejs", "/usr/local/lib/node_modules"]


@pytest.fixture(scope="module")
def runtime_file(served_root):
    files = {standard: served_root / "pkg" / standard / "portail" / "runtime.js" for standard in STANDARDS}
    texts = {standard: path.read_bytes() for standard, path in files.items()}
    assert len(set(texts.values())) == 1, "one runtime for both standards"
    return files[STANDARDS[0]]


@pytest.fixture(scope="module")
def code(runtime_file):
    """The assembled runtime without its comments."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", runtime_file.read_text(encoding="utf-8"), flags=re.S)


def assembled_body():
    """The parts, in the byte order of their names, each below its name and without its // @ts-check line."""
    body = "(function () {\n'use strict';\n"
    for part in sorted((p for p in PARTS.iterdir() if p.suffix == ".js" and not p.name.startswith(".")),
                       key=lambda p: p.name.encode("utf-8")):
        text = part.read_text(encoding="utf-8")
        if text.startswith("// @ts-check\n"):
            text = text[len("// @ts-check\n"):]
        body += f"\n// --- {part.name}\n" + text.rstrip() + "\n"
    return body + "})();\n"


def test_the_package_runtime_is_the_parts_assembled(runtime_file):
    text = runtime_file.read_text(encoding="utf-8")
    header, _, body = text.partition("*/\n")
    assert header.startswith("/*") and "runtime/" in header
    assert body == assembled_body()
    assert len(list(PARTS.glob("*.js"))) >= 8


def test_every_part_is_type_checked_and_defines_no_global():
    for part in sorted(PARTS.glob("*.js")):
        source = part.read_text(encoding="utf-8")
        assert source.startswith("// @ts-check\n"), part.name
        assert re.match(r"\d\d-[a-z0-9-]+\.js$", part.name), part.name
        assert "'use strict'" not in source, "the assembly adds it once"


def test_wrapped_in_a_strict_iife(code):
    assert re.match(r"\s*\(function \(\) \{\s*'use strict';", code)
    assert code.rstrip().endswith("})();")


def test_listens_to_pagehide_never_unload(code):
    assert "addEventListener('pagehide'" in code
    assert not re.search(r"""['"](before)?unload['"]""", code)
    assert not re.search(r"\bon(before)?unload\b", code)


def test_no_external_url_and_no_eval(code):
    assert not re.search(r"https?://", code)
    assert not re.search(r"\beval\s*\(|new Function\s*\(", code)
    assert "document.write" not in code


def test_only_global_is_portail_sco(code):
    assert re.findall(r"window\.([A-Za-z_$][\w$]*)\s*=", code) == []
    assert code.count("Object.defineProperty(window, 'PortailSCO'") == 1
    assert re.findall(r"defineProperty\(window, '(\w+)'", code) == ["PortailSCO"]


def test_parses_as_es2017(runtime_file):
    """ES2017 only: checked with acorn (Debian's node-acorn) when node is available."""
    node = shutil.which("node") or shutil.which("nodejs")
    env = dict(os.environ, NODE_PATH=os.pathsep.join(ACORN_PATHS))
    if not node or subprocess.run([node, "-e", "require('acorn')"], env=env, capture_output=True).returncode:
        print("\nSKIP: node with acorn not found (apt-get install nodejs node-acorn)")
        pytest.skip("node with acorn not found (apt-get install nodejs node-acorn)")
    script = ("const src = require('fs').readFileSync(process.argv[1], 'utf8');"
              "require('acorn').parse(src, {ecmaVersion: 2017, sourceType: 'script'});")
    done = subprocess.run([node, "-e", script, str(runtime_file)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_top_level_names_are_declared_once(runtime_file):
    """The parts share one scope: a name declared in two parts would silently replace the other (var, function)."""
    node = shutil.which("node") or shutil.which("nodejs")
    env = dict(os.environ, NODE_PATH=os.pathsep.join(ACORN_PATHS))
    if not node or subprocess.run([node, "-e", "require('acorn')"], env=env, capture_output=True).returncode:
        pytest.skip("node with acorn not found (apt-get install nodejs node-acorn)")
    script = r"""
const src = require('fs').readFileSync(process.argv[1], 'utf8');
const program = require('acorn').parse(src, {ecmaVersion: 2017, sourceType: 'script'});
const body = program.body[0].expression.callee.body.body;
const names = [];
for (const node of body) {
  if (node.type === 'FunctionDeclaration') names.push(node.id.name);
  if (node.type === 'VariableDeclaration') for (const d of node.declarations) names.push(d.id.name);
}
const twice = names.filter((n, i) => names.indexOf(n) !== i);
console.log(JSON.stringify({count: names.length, twice}));
"""
    done = subprocess.run([node, "-e", script, str(runtime_file)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["count"] > 100 and result["twice"] == [], result
