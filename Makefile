# CRM Lab: every target sets up .venv first if it is missing or out of date.
# Only python3 (>= 3.11) and make are needed on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL  := --nbval --nbval-cell-timeout=300 --nbval-sanitize-with tests/nbval_sanitize.cfg
# pytest exits 5 when a folder has no notebooks yet: that is not a failure.
ALLOW_EMPTY = || [ $$? -eq 5 ]

.PHONY: setup lab test test-lib test-notebooks test-exercises bench data execute clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## Open the course in JupyterLab at the start page.
lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

## The whole test suite: library tests and doctests, then stored notebook outputs (strict),
## then the generated student exercises (lax: they are unanswered).
test: setup test-lib test-notebooks test-exercises

test-lib: setup
	$(BIN)/python -m pytest tests lib/crmlab --doctest-modules -q

test-notebooks: setup
	$(BIN)/python -m pytest $(NBVAL) notebooks casestudies solutions -q $(ALLOW_EMPTY)

test-exercises: setup
	$(BIN)/python -m pytest --nbval-lax --nbval-cell-timeout=300 --nbval-sanitize-with tests/nbval_sanitize.cfg exercises -q $(ALLOW_EMPTY)

## Benchmarks (not tests): timings printed for the closing notes.
bench: setup
	$(BIN)/python -m benchmarks

## Regenerate the committed datasets in data/ from their seeded generators.
data: setup
	$(BIN)/python -m crmlab.simulate.build data

## Re-run notebooks top to bottom and store their outputs: make execute NB="notebooks/01_*.ipynb"
execute: setup
	$(BIN)/python tools/execute_notebooks.py $(NB)

clean:
	rm -rf $(VENV) _build .pytest_cache
