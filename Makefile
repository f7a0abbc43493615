# Two entry points for a fresh machine with Python 3.11+:
#   make run    set up .venv, build the graph of seeds/ (Turtle, JSON-LD, N-Triples, TriG, HTML) into out/
#   make test   set up .venv and the system packages the tests drive (Chromium, a CJK font,
#               Virtuoso), then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup system-deps notebooks lab bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "courtgraph needs Python 3.11 or newer; run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	@$(BIN)/courtgraph evaluate seeds/deqing-court-2024.txt tests/gold/deqing-2024.yaml --no-show-errors
	@echo
	@$(BIN)/courtgraph build seeds/ --out out/
	@echo
	@echo "Open the network view: $(CURDIR)/out/courtgraph.html"

system-deps:
	@sh scripts/install-system-deps.sh

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py

# JupyterLab (the notebooks extra) into .venv, then the notebooks opened in it
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	$(BIN)/jupyter lab notebooks/

# the whole suite: corpora of 1, 100 and 1,000 synthetic reports; about an hour on 2 cores
bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py --out bench/results.md

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
