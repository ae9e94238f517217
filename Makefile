# Quick start: `make run` (the bot on SQLite with a local chat preview) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run chat test test-clock lint install i18n-extract i18n-update i18n-compile bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install  ## run the bot locally (SQLite, no LINE account) with the chat preview page
	BOT_DEV=1 $(PY) -m bot serve --port $(PORT)

chat: install  ## talk to the bot in the terminal
	$(PY) -m bot chat

test: install  ## lint, type-check the pure rooms, then the whole test suite on every core
	$(PY) -m ruff check bot tests bench
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
	$(PY) -m ruff check bot tests bench

i18n-extract: install
	$(PY) -m bot i18n extract

i18n-update: install
	$(PY) -m bot i18n update

i18n-compile: install
	$(PY) -m bot i18n compile

bench: install  ## print the tagging benchmark table
	$(PY) bench/tagging_bench.py

clean:
	rm -rf $(VENV) instance test-output .pytest_cache
