# SupplierBot: the two commands of the README, and what they need.
#   make demo   install into .venv and run the demo (SQLite, demo data, chat simulator)
#   make test   install into .venv (with test tools, PostgreSQL, Chromium); lint, layer contracts, types, then the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint bench install clean

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/supplierbot demo

serve: $(STAMP)
	$(VENV)/bin/supplierbot serve

test: $(STAMP)
	@scripts/ensure-postgres.sh
	@scripts/ensure-chromium.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/python -m pytest --numprocesses=auto --maxprocesses=4 --dist=loadfile --durations=30

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: $(STAMP)
	@scripts/ensure-postgres.sh
	$(VENV)/bin/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
