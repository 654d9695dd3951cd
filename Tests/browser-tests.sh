#!/usr/bin/env bash
# Browser and contract tests: builds the sample course's packages with the real exporter, then runs the
# Chromium end-to-end tests (strict test LMS) and the OpenAPI contract tests against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
portail="${1:-.build/debug/portail}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for standard in scorm12 scorm2004; do
  "$portail" build Tests/Fixtures/sample-course --standard "$standard" --output "$work/$standard.zip" >/dev/null
  mkdir -p "$work/packages/$standard"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work/$standard.zip" "$work/packages/$standard"
done

# One pytest run per suite: each has its own conftest.py, and both are imported as "conftest".
export PORTAIL_E2E_PACKAGES="$work/packages" PORTAIL_BIN="$portail"
python3 -m pytest -q -p no:cacheprovider Tests/Contract
python3 -m pytest -q -p no:cacheprovider Tests/E2E
