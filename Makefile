# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast fuzz lint bench clean browser stress

# Debian's system Python may lack ensurepip (python3-venv); fall back to virtualenv then.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); $(PYTHON) -m pip install --quiet --user virtualenv && $(PYTHON) -m virtualenv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/marsplan plan --out marsplan-report

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# the inner loop: everything but the heavy end-to-end tests (the whole plan, fuzzing, studies on Dask)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# the fuzz suite's long run (issue 28): 5,000 generated CLI calls and 5,000 HTTP requests, with the counts of each
# outcome at the end (the normal suite runs a few hundred of each)
fuzz: $(STAMP)
	MARSPLAN_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/test_fuzz.py

# the longest largest-request runs under a 4 GB address-space cap (tests/test_memory.py), beside the suite's one
stress: $(STAMP)
	MARSPLAN_STRESS=1 $(BIN)/python -m pytest -q tests/test_memory.py

# The web page's tests drive Debian's chromium through Playwright: installed here where we can (root with
# apt-get, as on CI's fresh machine); elsewhere the browser tests are skipped with a note (not on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: chromium is missing and cannot be installed here (sudo apt-get install chromium): browser tests skip"; \
	  fi; }

# style and static checks (ruff with httpx's rule set, mypy); .ci/run calls it before the tests
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples scripts
	$(BIN)/mypy

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) marsplan-report build *.egg-info src/*.egg-info
