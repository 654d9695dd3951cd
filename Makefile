# Portail — the two set-up commands are `make serve` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
COURSES ?= Courses
COURSE ?= $(COURSES)/facilitateur
# Debian packages the build and the tests need; `deps` installs only the missing ones.
APT_PACKAGES := pkg-config libxml2-dev libxml2-utils zlib1g-dev libdeflate-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
	libsqlite3-dev libssl-dev python3 python3-pip
# What the browser and contract tests need on top (node-typescript: tsc checks the browser code's JSDoc types;
# postgresql: the tests start a throw-away server of their own, as an unprivileged user).
TEST_APT_PACKAGES := chromium chromium-driver zip nodejs node-acorn node-typescript postgresql
PIP_PACKAGES := selenium pytest jsonschema openapi-spec-validator pyyaml requests schemathesis
PORTAIL := .build/debug/portail

.PHONY: deps test-deps apt-install build serve test bench fuzz clean

deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 toolchain not found on PATH (expected /opt/swift/usr/bin)"; exit 1; }

test-deps: deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"
	@python3 -c "import selenium, pytest, jsonschema, openapi_spec_validator, yaml, requests, schemathesis" 2>/dev/null || \
	  python3 -m pip install -q $(PIP_PACKAGES) 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages $(PIP_PACKAGES)

apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

# Checks the course, then serves every course under Courses/ on the embedded SQLite file. The admin token is
# kept in .portail-admin-token (git-ignored, created on first run) and printed each time.
serve: build
	$(PORTAIL) validate $(COURSE) --outline
	@test -s .portail-admin-token || { umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > .portail-admin-token; }
	@echo "Admin token: $$(cat .portail-admin-token)"
	PORTAIL_ADMIN_TOKEN="$$(cat .portail-admin-token)" $(PORTAIL) serve --courses $(COURSES) --db portail.sqlite

test: test-deps
	$(SWIFT) build --build-tests
	bash Tests/run-all.sh $(PORTAIL)

# Release build (about 20 min the first time; never in CI), then the benchmarks; see docs/performance.md.
bench: deps
	@command -v wrk >/dev/null && command -v zip >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk zip; }
	python3 -c "import yaml" 2>/dev/null || pip install -q pyyaml
	$(SWIFT) build -c release --product portail
	python3 Benchmarks/course_bench.py --portail .build/release/portail --runs 7
	python3 Benchmarks/server_bench.py --portail .build/release/portail
	python3 Benchmarks/read_bench.py --portail .build/release/portail

# Coverage-guided fuzzing of the parsers (libFuzzer + AddressSanitizer), FUZZ_SECONDS per target; not in CI.
# Findings and figures: docs/security.md.
FUZZ_SECONDS ?= 90
fuzz: deps
	bash Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-fuzz dist portail-data
