# Portail — the two set-up commands are `make serve` and `make test` (see README.md).
SHELL := /bin/bash
SWIFT ?= swift
COURSES ?= Courses
COURSE ?= $(COURSES)/facilitateur
# Debian packages the build and the tests need; `deps` installs only the missing ones.
APT_PACKAGES := pkg-config libxml2-dev libxml2-utils zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev python3
PORTAIL := .build/debug/portail

.PHONY: deps build serve test bench clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 toolchain not found on PATH (expected /opt/swift/usr/bin)"; exit 1; }

build: deps
	$(SWIFT) build

# Until the learner server exists, serving means: check the course and show its outline.
serve: build
	$(PORTAIL) validate $(COURSE) --outline

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Release build (about 20 min the first time; never in CI), then the benchmarks; see docs/performance.md.
bench: deps
	@command -v wrk >/dev/null && command -v zip >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk zip; }
	python3 -c "import yaml" 2>/dev/null || pip install -q pyyaml
	$(SWIFT) build -c release --product portail
	python3 Benchmarks/course_bench.py --portail .build/release/portail
	python3 Benchmarks/server_bench.py --portail .build/release/portail

clean:
	rm -rf .build dist
