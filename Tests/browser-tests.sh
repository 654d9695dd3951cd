#!/usr/bin/env bash
# Browser and contract tests: the OpenAPI contract tests against the real server, then the Chromium
# end-to-end tests (strict test LMS, player, dashboard) on packages the real exporter builds (see conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
portail="${1:-.build/debug/portail}"

# One pytest run per suite: each has its own conftest.py, and both are imported as "conftest".
export PORTAIL_BIN="$portail"
python3 -m pytest -q -p no:cacheprovider Tests/Contract
# The same contract against a server on PostgreSQL, when one is running (Tests/run-all.sh starts one).
if [ -n "${PORTAIL_TEST_POSTGRES_URL:-}" ]; then
  PORTAIL_CONTRACT_BACKEND=postgres python3 -m pytest -q -p no:cacheprovider Tests/Contract
elif [ "${CI:-}" = true ]; then
  echo "CI=true: PORTAIL_TEST_POSTGRES_URL is not set; run the tests through Tests/run-all.sh (make test)" >&2; exit 1
fi
python3 -m pytest -q -p no:cacheprovider Tests/E2E
