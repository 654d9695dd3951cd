"""The browser code's unit tests (Tests/JS/*.test.mjs), run by node's own runner: `node --test Tests/JS/`.

Debian's nodejs (v20) reads the Public/ modules as ES modules by their syntax (--experimental-detect-module, on
by default from 20.19). Without node the test is skipped with the reason (failed when CI=true).
"""
import shutil
import subprocess

import pytest

from conftest import REPO, in_ci

UNITS = REPO / "Tests" / "JS"


def test_node_unit_tests_pass():
    node = shutil.which("node") or shutil.which("nodejs")
    if not node:
        reason = "node not found (apt-get install nodejs)"
        if in_ci():
            pytest.fail("CI=true: " + reason, pytrace=False)
        pytest.skip(reason)
    files = sorted(str(p) for p in UNITS.glob("*.test.mjs"))
    assert files, "no unit test under Tests/JS"
    done = subprocess.run([node, "--experimental-detect-module", "--test"] + files, cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    summary = [line for line in done.stdout.splitlines() if line.startswith("# ")]
    print("\n".join(summary))
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "# fail 0" in summary and not any(line.startswith("# pass 0") for line in summary)
