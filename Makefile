# SupplierBot: the two commands of the README, and what they need.
#   make demo   install into .venv and run the demo (SQLite, demo data, chat simulator)
#   make test   install into .venv (with test tools, PostgreSQL, Chromium); lint, layer contracts, types, then the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed
# One test worker more than the cores (at most 4): many of the suite's tests wait on the servers, replicas and browser
# they start, so with a worker per core a core sat idle (2 cores: 10.5 min with 2 workers).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(4, (os.cpu_count() or 1) + 1))')

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
	$(VENV)/bin/python -m pytest --numprocesses=$(TEST_WORKERS) --dist=loadfile --no-loadscope-reorder --durations=30

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: compiled
	@scripts/ensure-postgres.sh
	$(VENV)/bin/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
