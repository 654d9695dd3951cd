#!/usr/bin/env bash
# Every test, as `make test` runs them: a throw-away PostgreSQL for the tests' own use (Tests/Support/postgres.sh),
# Swift Testing (the store suite on SQLite and PostgreSQL, HTTP in process, real processes where they matter), the
# contract tests against the real server on both backends, then the browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
portail="${1:-.build/debug/portail}"

eval "$(Tests/Support/postgres.sh start)"
trap 'Tests/Support/postgres.sh stop "$PORTAIL_TEST_POSTGRES_DATA"' EXIT

swift test --skip-build
bash Tests/browser-tests.sh "$portail"
