# SupplierBot: the two commands of the README, and what they need.
#   make demo   install into .venv and run the demo (SQLite, demo data, chat simulator)
#   make test   install into .venv (with test tools, PostgreSQL, Chromium); lint, layer contracts, types, then the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint bench install compiled clean

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Bytecode and the reader's compiled patterns, kept once for every process to read: services and CI run with
# PYTHONDONTWRITEBYTECODE, so without this each process (service, work and render processes, test workers)
# compiled all of it again at start (handlers/fast_search.py).
compiled: $(STAMP)
	@$(VENV)/bin/python -m compileall -q -j 0 bot handlers storage scheduler tests > /dev/null
	@$(VENV)/bin/python -c 'import handlers.parsing, handlers.fast_search as f; f.keep_compiled()'

demo: compiled
	$(VENV)/bin/supplierbot demo

serve: compiled
	$(VENV)/bin/supplierbot serve

test: compiled
	@scripts/ensure-postgres.sh
	@scripts/ensure-chromium.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile --no-loadscope-reorder --durations=30

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: compiled
	@scripts/ensure-postgres.sh
	$(VENV)/bin/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
