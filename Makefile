# Sổ Cái — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint bench fmt clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	@touch $@

## make run: install, load the demo office into an empty store, serve the API on 127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/socai demo
	$(BIN)/socai serve

# The folders ruff reads; bench/ and others join as they appear (ruff fails on a missing path).
LINT_DIRS := $(wildcard domain projections api infra tests bench)

## make lint: ruff and mypy --strict
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/mypy

## make test: lint, then the whole suite on SQLite and on a real PostgreSQL
# pytest exits 5 when it collected no tests: that is a broken suite, never a pass.
test: lint
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; \
	exit $$rc

## make bench: every benchmark, each printed beside its floor
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix $(LINT_DIRS)
	$(BIN)/ruff format $(LINT_DIRS)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
