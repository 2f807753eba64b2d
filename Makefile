# kam: the two commands of the README's quick start, and a few more.
SWIFT      ?= swift
RELEASE    := .build/release/kam
# Debian packages: the GLPK library to build and link; glpsol for the tests' independent checks.
BUILD_DEPS := libglpk-dev libyaml-dev libsqlite3-dev
# Chromium and its driver (with CJK fonts for the pages' names) for the browser test of the team server;
# PostgreSQL for the store tests (they start a server of their own, as the postgres user when run as root).
TEST_DEPS  := libglpk-dev libyaml-dev libsqlite3-dev glpk-utils chromium chromium-driver fonts-noto-cjk postgresql
# Debian: Clp (coinor-clp), a peer for make bench only; wrk, the load generator of the server benchmark.
BENCH_DEPS := coinor-clp wrk
# PyPI: HiGHS (an independent solver for the allocation tests), icalendar (a calendar parser for the .ics tests),
# selenium (drives Chromium in the browser test of the team server); schemathesis (checks the API against its openapi.yaml).
PYTHON_TEST_DEPS := highspy icalendar selenium schemathesis

.PHONY: demo test bench fuzz build release deps test-deps clean

## demo: install what is missing, build a release kam, plan scenarios/ and compare the what-ifs
WHATIFS := scenarios/baseline.yaml scenarios/hire-network-expert.yaml scenarios/expert-on-leave.yaml scenarios/demand-surge.yaml scenarios/drop-megamart.yaml
demo: deps release
	@echo "== kam validate scenarios/*.yaml"
	@$(RELEASE) validate scenarios/*.yaml
	@echo
	@echo "== kam plan scenarios/baseline.yaml --out plans/baseline"
	@$(RELEASE) plan scenarios/baseline.yaml --out plans/baseline
	@echo
	@echo "== kam allocate scenarios/baseline.yaml"
	@$(RELEASE) allocate scenarios/baseline.yaml
	@echo
	@echo "== kam allocate scenarios/urgent-request.yaml --reference plans/baseline/plan.json (re-plan moving little)"
	@$(RELEASE) allocate scenarios/urgent-request.yaml --reference plans/baseline/plan.json
	@echo
	@echo "== kam compare (the what-ifs of scenarios/ against the baseline)"
	@$(RELEASE) compare $(WHATIFS)
	@$(RELEASE) compare $(WHATIFS) --format html --out plans/compare.html
	@echo
	@echo "The week's report: plans/baseline/report.html; the comparison: plans/compare.html"

## test: install GLPK (and glpsol) if missing, run every test
test: test-deps
	$(SWIFT) test --skip APIConformanceTests
	@# schemathesis against a live server in a run of its own (beside the other suites, the slow-body test's 408 never came)
	$(SWIFT) test --skip-build --filter APIConformanceTests

## bench: generated S, M, L, XL timed phase by phase; M and L against Clp and HiGHS; the targets of issue 14; the team server under load (not part of make test)
bench: test-deps release
	@bash .ci/install-deps $(BENCH_DEPS)
	@bash .ci/bench
	@bash .ci/bench-server

## fuzz: libFuzzer with AddressSanitizer over the readers and the decoder, FUZZ_SECONDS (default 600)
fuzz: deps
	@bash .ci/fuzz

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation linked in: kam starts in 10 ms instead of 15 (fewer libraries to
# map and bind), a third of a small book's whole run (docs/performance-notes.md, 2026-12-07).
release: deps
	$(SWIFT) build -c release --product kam --static-swift-stdlib

deps:
	@bash .ci/install-deps $(BUILD_DEPS)

test-deps:
	@bash .ci/install-deps $(TEST_DEPS)
	@bash .ci/install-python-deps $(PYTHON_TEST_DEPS)

clean:
	rm -rf .build
