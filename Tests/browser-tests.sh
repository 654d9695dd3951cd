#!/usr/bin/env bash
# Browser and contract tests: the OpenAPI contract tests against the real server, then the Chromium
# end-to-end tests (strict test LMS, player, dashboard) on packages the real exporter builds (see conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
portail="${1:-.build/debug/portail}"

# One pytest run per suite: each has its own conftest.py, and both are imported as "conftest".
export PORTAIL_BIN="$portail"
python3 -m pytest -q -p no:cacheprovider Tests/Contract
python3 -m pytest -q -p no:cacheprovider Tests/E2E
