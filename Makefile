# Thi đua — the two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint typecheck fmt messages serve clean

$(BIN)/python:
	$(PYTHON) scripts/bootstrap_venv.py $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(VENV)/.installed-run

messages: $(VENV)/.installed-run
	$(BIN)/thidua compile_translations

## run: install, migrate, load the Kon Tum 2024 demo, print the logins, serve on 127.0.0.1:$(PORT)
## with one background worker for jobs (reading uploaded documents)
run: messages
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua load_demo
	$(BIN)/thidua jobs_recover --minutes 0
	$(BIN)/thidua db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/thidua runserver 127.0.0.1:$(PORT)

## test: lint (ruff, mypy, migrations) and the whole test suite
test: $(VENV)/.installed-dev messages lint
	$(BIN)/pytest -n auto --dist loadfile

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy thidua
	$(BIN)/thidua makemigrations --check --dry-run

fmt: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var
