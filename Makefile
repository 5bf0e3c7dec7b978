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

# jsonschema imports rfc3987-syntax when it is installed (jupyter-events asks for it through an
# extra), and that package builds a parser on import: 2.5 s more for every process that loads
# nbformat, i.e. each otter run, grading job, nbval session and JupyterLab start. Nothing here
# validates the "iri" format it serves, so it is removed after every install.
DROP_SLOW = $(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax 2>/dev/null || true

.PHONY: setup sandbox lab test test-lib test-notebooks test-exercises bench data execute execute-widgets clean exercises grade release release-solutions book test-browser zh zh-update zh-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(DROP_SLOW)
	touch $(STAMP)

setup: $(STAMP)

# Extras for the book and the browser checks, installed on first use (pyproject.toml extras).
$(VENV)/.installed-%: pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[$*]"
	$(DROP_SLOW)
	touch $@

## Open the course in JupyterLab at the start page (LAB_ARGS adds server options, e.g. --port=8899).
## `make lab LANG=zh` opens the Chinese edition's start page instead. LANG is also the locale
## variable: only the exact value zh picks the edition, and the server then runs with C.UTF-8.
LAB_ARGS ?=
ZH_LAB := $(filter zh,$(LANG))
lab: setup
	$(if $(ZH_LAB),LANG=C.UTF-8 )$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \
	  --LabApp.default_url=/lab/tree/$(if $(ZH_LAB),zh/)notebooks/00_start_here.ipynb $(LAB_ARGS)

## The whole test suite: library tests and doctests, then stored notebook outputs (strict),
## then the generated student exercises (lax: they are unanswered).
test: setup test-lib test-notebooks test-exercises

test-lib: setup sandbox
	$(BIN)/ruff check lib tests tools benchmarks
	$(BIN)/python -m pytest tests lib/crmlab --doctest-modules --ignore=tests/browser -q

## Grading runs student code in a bubblewrap sandbox (Debian package bubblewrap): installed here
## when missing and possible (root with apt-get); otherwise the tests that grade skip, saying why
## (CRMLAB_REQUIRE_SANDBOX=1, set by .ci/run, makes them fail instead).
sandbox:
	@if ! command -v bwrap >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null) \
	      || echo "sandbox: apt-get could not install bubblewrap"; \
	  else \
	    echo "sandbox: bubblewrap (bwrap) is missing: grading tests will skip; install it with 'sudo apt-get install bubblewrap'"; \
	  fi; \
	fi

test-notebooks: setup
	$(BIN)/python -m pytest $(NBVAL) notebooks casestudies solutions zh/notebooks zh/casestudies zh/solutions -q $(ALLOW_EMPTY)

test-exercises: setup
	$(BIN)/python -m pytest --nbval-lax --nbval-cell-timeout=300 --nbval-sanitize-with tests/nbval_sanitize.cfg exercises zh/exercises -q $(ALLOW_EMPTY)

## Benchmarks (not tests): timings printed for the closing notes.
bench: setup
	$(BIN)/python -m benchmarks

## Regenerate the committed datasets in data/ from their seeded generators.
data: setup
	$(BIN)/python -m crmlab.data.build data

## Re-run notebooks top to bottom and store their outputs: make execute NB="notebooks/01_*.ipynb"
execute: setup
	$(BIN)/python tools/execute_notebooks.py $(NB)

## Re-run every notebook whose outputs show widgets: their saved widget state holds what the
## explorers drew (figures and alt text), so a change to an explorer reaches the book only then.
execute-widgets: setup
	$(BIN)/python tools/execute_notebooks.py $$($(BIN)/python tools/book.py --widget-notebooks)

## The static HTML book of the whole course from the stored outputs (nothing executed), offline,
## in two editions: English in _build/book/_build/html, Chinese (中文版) in its zh/ folder, with a
## language switch on every page. Scripts come from npm (cached in _build/npm-cache). Warnings
## are errors; each edition's build log is in _build/book/build.log and _build/book/zh/build.log.
book: $(VENV)/.installed-book
	$(BIN)/python tools/book.py

## Real-browser checks of the built book (every page of both editions, the language switch
## followed both ways, Chinese drawn by the bundled font) and of JupyterLab (Debian chromium;
## screenshots in _build/screenshots), with axe-core's WCAG 2 A and AA rules on every book page
## (axe-core from npm, cached in _build/npm-cache). Installs chromium and fonts-noto-cjk when missing; skips
## when it cannot.
test-browser: book $(VENV)/.installed-browser
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
	      || echo "test-browser: apt-get could not install chromium/fonts-noto-cjk"; \
	  fi; \
	fi
	@if command -v chromium >/dev/null; then \
	  CRMLAB_BROWSER=1 $(BIN)/python -m pytest tests/browser -q; \
	else \
	  echo "test-browser: SKIPPED: Debian chromium is not installed and could not be installed here (needs root and apt-get)."; \
	fi

## The Chinese edition (中文版): regenerate and execute zh/ from the English sources and their
## translation files in zh/translations/ (NB=notebooks/00_start_here.ipynb for one notebook).
zh: setup
	$(BIN)/python tools/zh.py build $(NB)

## Write or refresh the translation file of one notebook: new or changed cells get a `todo` entry.
zh-update: setup
	@test -n "$(NB)" || { echo "usage: make zh-update NB=notebooks/01_what_is_crm.ipynb"; exit 2; }
	$(BIN)/python tools/zh.py update $(NB)

## Every parity problem of the Chinese edition, named by notebook and cell (exit 1 if any).
zh-check: setup
	$(BIN)/python tools/zh.py check

## Student versions of every exercise set: solutions/ -> exercises/ (+ _build/autograder/<set>/).
## Uses otter-grader, an authoring tool (the `authoring` extra, part of the dev extras).
exercises: setup
	$(BIN)/python tools/exercises.py generate

## Grade a folder of submissions (subfolders too), each run in a bubblewrap sandbox and judged by a
## separate trusted process: grades_02.csv, grades_02_gradebook.csv, grades_02_notebooks/.
## make grade SET=02 SUBMISSIONS=folder [OUT=grades_02.csv] [JOBS=2] [TIMEOUT=60] [ROSTER=ids.csv]
##            [UNSAFE=1: no sandbox, recorded in the sheets] [AUTOGRADER=_build/autograder]
## Builds the set's grader files when missing, without touching exercises/.
grade: setup
	@test -n "$(SET)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade SET=02 SUBMISSIONS=folder [OUT=grades.csv] [ROSTER=ids.csv]"; exit 2; }
	$(BIN)/python tools/exercises.py grade $(SET) "$(SUBMISSIONS)" -o "$(or $(OUT),grades_$(SET).csv)" \
	  --jobs $(or $(JOBS),2) --timeout $(or $(TIMEOUT),60) $(if $(ROSTER),--roster "$(ROSTER)") \
	  $(if $(filter 1,$(UNSAFE)),--unsafe) $(if $(AUTOGRADER),--autograder "$(AUTOGRADER)")

## A private class copy (no solutions, hidden tests, instructor notes or history; links rewritten):
## make release DEST=../crm-class REPO_URL=https://github.com/your-school/crm-class [BRANCH=main]
release: setup
	@test -n "$(DEST)" -a -n "$(REPO_URL)" || { echo "usage: make release DEST=folder REPO_URL=https://github.com/you/crm-class"; exit 2; }
	$(BIN)/python tools/exercises.py release "$(DEST)" --repo-url "$(REPO_URL)" --branch $(or $(BRANCH),main)

## After a set's deadline, add its worked solution to the class copy: make release-solutions SET=02 DEST=../crm-class
release-solutions: setup
	@test -n "$(SET)" -a -n "$(DEST)" || { echo "usage: make release-solutions SET=02 DEST=folder"; exit 2; }
	$(BIN)/python tools/exercises.py release-solutions $(SET) "$(DEST)"

clean:
	rm -rf $(VENV) _build .pytest_cache
