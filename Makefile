# kam: the two commands of the README's quick start, and a few more.
SWIFT      ?= swift
RELEASE    := .build/release/kam
# Debian packages: the GLPK library to build and link; glpsol for the tests' independent checks.
BUILD_DEPS := libglpk-dev libyaml-dev
TEST_DEPS  := libglpk-dev libyaml-dev glpk-utils
# PyPI: HiGHS (an independent solver for the allocation tests) and icalendar (a calendar parser for the .ics tests).
PYTHON_TEST_DEPS := highspy icalendar

.PHONY: demo test build release deps test-deps clean

## demo: install GLPK if missing, build a release binary, run the planner on scenarios/
demo: deps release
	@echo "== kam validate scenarios/*.yaml"
	@$(RELEASE) validate scenarios/*.yaml
	@echo
	@echo "== kam tiers scenarios/baseline.yaml"
	@$(RELEASE) tiers scenarios/baseline.yaml
	@echo
	@echo "== kam allocate scenarios/baseline.yaml"
	@$(RELEASE) allocate scenarios/baseline.yaml
	@echo
	@echo "== kam visits scenarios/baseline.yaml"
	@$(RELEASE) visits scenarios/baseline.yaml

## test: install GLPK (and glpsol) if missing, run every test
test: test-deps
	$(SWIFT) test

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product kam

deps:
	@bash .ci/install-deps $(BUILD_DEPS)

test-deps:
	@bash .ci/install-deps $(TEST_DEPS)
	@bash .ci/install-python-deps $(PYTHON_TEST_DEPS)

clean:
	rm -rf .build
