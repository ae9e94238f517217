# Quick start: `make run` (the bot on SQLite with a local chat preview) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run chat test test-clock lint install lock i18n-extract i18n-update i18n-compile bench bench-webhook bench-load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

# `make lock` pins requirements.txt (pyproject.toml's [project].dependencies) and requirements-dev.txt (its dev
# extra), transitive dependencies included, to exactly the versions installed in $(VENV): what the tests ran against.
# It reads the installed packages' metadata and downloads nothing. To add or upgrade a dependency: edit pyproject.toml,
# install it into $(VENV) (`$(PY) -m pip install -e '.[dev]'` or `$(PY) -m pip install -U NAME`), run `make test`,
# then `make lock`, and commit pyproject.toml with both lock files.

lock: | $(PY)  ## pin requirements.txt and requirements-dev.txt to the versions installed in the venv
	$(PY) -m pip check
	$(PY) scripts/lock.py

run: install  ## run the bot locally (SQLite, no LINE account) with the chat preview page
	BOT_DEV=1 $(PY) -m bot serve --port $(PORT)

chat: install  ## talk to the bot in the terminal
	$(PY) -m bot chat

test: install  ## lint, type-check the pure rooms, then the whole test suite on every core
	$(PY) -m ruff check bot tests bench scripts
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n auto

# The merchant corpora and the time tests again, with this machine's clock moved far away:
# answers follow each event's own timestamp, so nothing may change.
WALL_CLOCK ?= 2030-01-01T09:00:00+08:00
test-clock: install  ## prove the answers never read the wall clock
	BOT_TEST_WALL_CLOCK=$(WALL_CLOCK) $(PY) -m pytest -n auto -q tests/e2e/test_merchant_cases.py \
		tests/line/test_time_and_errors.py tests/understanding

lint: install
	$(PY) -m ruff check bot tests bench scripts

i18n-extract: install
	$(PY) -m bot i18n extract

i18n-update: install
	$(PY) -m bot i18n update

i18n-compile: install
	$(PY) -m bot i18n compile

bench: install  ## print the tagging benchmark table
	$(PY) bench/tagging_bench.py

bench-webhook: install  ## CPU per webhook on the request path, in one process, by phase
	$(PY) bench/webhook_bench.py $(ARGS)

# The bot, flask-echo and fastapi-echo under the same wrk load on a local fake LINE API (bench/README.md).
# ARGS go to the runner, e.g. `make bench-load ARGS=--quick` (about 3 minutes) or ARGS="--only ours --rounds 3".
bench-load: install  ## load-test the bot against line-bot-sdk's echo examples
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; \
		else echo "bench-load needs wrk: sudo apt-get install wrk" >&2; exit 1; fi; }
	$(PY) -m pip install -q -r bench/load/requirements.txt
	$(PY) bench/load/run.py $(ARGS)

clean:
	rm -rf $(VENV) instance test-output .pytest_cache
