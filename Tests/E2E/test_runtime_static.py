"""Static checks of the runtime's source (Sources/SCORMExport/Theme/runtime.js): no browser needed."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "Sources" / "SCORMExport" / "Theme" / "runtime.js"
SOURCE = RUNTIME.read_text(encoding="utf-8")
CODE = re.sub(r"/\*.*?\*/|//[^\n]*", "", SOURCE, flags=re.S)  # without comments
ACORN_PATHS = ["/usr/share/nodejs", "/usr/lib/nodejs", "/usr/local/lib/node_modules"]


def test_wrapped_in_a_strict_iife():
    assert re.match(r"\s*\(function \(\) \{\s*'use strict';", CODE)
    assert CODE.rstrip().endswith("})();")


def test_listens_to_pagehide_never_unload():
    assert "addEventListener('pagehide'" in CODE
    assert not re.search(r"""['"](before)?unload['"]""", CODE)
    assert not re.search(r"\bon(before)?unload\b", CODE)


def test_no_external_url_and_no_eval():
    assert not re.search(r"https?://", CODE)
    assert not re.search(r"\beval\s*\(|new Function\s*\(", CODE)
    assert "document.write" not in CODE


def test_only_global_is_portail_sco():
    assert re.findall(r"window\.([A-Za-z_$][\w$]*)\s*=", CODE) == []
    assert "Object.defineProperty(window, 'PortailSCO'" in CODE


def test_parses_as_es2017():
    """ES2017 only: checked with acorn (Debian's node-acorn) when node is available."""
    node = shutil.which("node") or shutil.which("nodejs")
    env = dict(os.environ, NODE_PATH=os.pathsep.join(ACORN_PATHS))
    if not node or subprocess.run([node, "-e", "require('acorn')"], env=env, capture_output=True).returncode:
        print("\nSKIP: node with acorn not found (apt-get install nodejs node-acorn)")
        pytest.skip("node with acorn not found (apt-get install nodejs node-acorn)")
    script = ("const src = require('fs').readFileSync(process.argv[1], 'utf8');"
              "require('acorn').parse(src, {ecmaVersion: 2017, sourceType: 'script'});")
    done = subprocess.run([node, "-e", script, str(RUNTIME)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
