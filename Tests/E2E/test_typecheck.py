"""Type-checks the browser code with TypeScript's compiler (Debian's node-typescript) on its JSDoc types.

- tsconfig.json: the server's pages (Sources/LearnerServer/Public/**/*.js, ES modules);
- tsconfig.sco-runtime.json: the parts of the SCO runtime (Sources/SCORMExport/Theme/runtime/*.js), checked as
  the one script Theme.load() assembles them into.
Both are strict (strict, noUncheckedIndexedAccess, noImplicitReturns, noUnusedLocals…); any error fails. Without
tsc the test is skipped with the reason (failed when CI=true).
"""
import shutil
import subprocess

import pytest

from conftest import REPO, in_ci


@pytest.mark.parametrize("config", ["tsconfig.json", "tsconfig.sco-runtime.json"])
def test_tsc_finds_no_error(config):
    tsc = shutil.which("tsc")
    if not tsc:
        reason = "tsc not found (apt-get install node-typescript)"
        if in_ci():
            pytest.fail("CI=true: " + reason, pytrace=False)
        pytest.skip(reason)
    listed = subprocess.run([tsc, "-p", config, "--noEmit", "--listFilesOnly"], cwd=REPO, capture_output=True, text=True,
                            timeout=600)
    checked = [line for line in listed.stdout.splitlines() if "/Sources/" in line and line.endswith(".js")]
    assert len(checked) >= 5, f"{config} checks too few files: {checked}"
    done = subprocess.run([tsc, "-p", config, "--noEmit", "--pretty", "false"], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0 and done.stdout == "", done.stdout[-8000:] + done.stderr[-2000:]
