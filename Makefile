# Wenming: `make run` serves the demo county, `make test` runs everything CI checks.
# GNU make; needs python3.11 and node/npm on PATH, nothing else.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
PIP_VERSION := 26.3
VENV := .venv
BIN := $(VENV)/bin
WENMING := $(BIN)/wenming
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test bench clean messages install assets

help:
	@echo "make run       install, migrate, load the demo county, print the logins, serve http://$(HOST):$(PORT)"
	@echo "make test      lint, format check, mypy, migrations check, deploy check, pytest (SQLite, PostgreSQL, browser)"
	@echo "make bench     run the benchmarks (bench/run)"
	@echo "make messages  regenerate and compile the English message catalogue"
	@echo "make clean     remove the virtual environment, node_modules, var/ and caches"

# The virtual environment is rebuilt when the dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

# Front-end assets come from the npm registry at set-up (never committed), exactly as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed
assets: node_modules/.installed

run: $(VENV)/.installed node_modules/.installed
	DEBUG=1 $(WENMING) migrate --no-input
	DEBUG=1 $(WENMING) seed_demo
	DEBUG=1 $(WENMING) demo_users
	@echo "Serving the demo county at http://$(HOST):$(PORT)/ (Ctrl-C to stop); background tasks log to var/worker.log"
	@DEBUG=1 $(WENMING) db_worker --interval 5 >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(WENMING) runserver $(HOST):$(PORT)

test: $(VENV)/.installed node_modules/.installed
	scripts/test-all

bench: $(VENV)/.installed node_modules/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/run

# Regenerate the English catalogue after adding or changing user-facing strings.
messages: $(VENV)/.installed
	scripts/messages

clean:
	rm -rf $(VENV) node_modules var .mypy_cache .ruff_cache .pytest_cache .hypothesis test-results
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
