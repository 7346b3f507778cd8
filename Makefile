# Entraide — the two commands of the Quick start, and a few helpers.
# Needs only Python 3.11+ and make; npm and Chromium are used when present.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install lint format lock messages clean

run: setup
	$(BIN)/entraide runserver $(HOST):$(PORT)

test: install node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

setup: install node_modules/.installed
	mkdir -p var
	$(BIN)/entraide migrate --noinput -v 0
	$(BIN)/entraide demo

install: $(STAMP)

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

# The Nu Html Checker comes from npm; without npm its test is skipped.
node_modules/.installed: package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; fi

lint: install
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/entraide makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-pin dependencies after editing pyproject.toml (needs network).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements-dev.lock

# Update the translation catalogs, then compile them (the .mo files are committed).
messages: install
	cd src/entraide && ../../$(BIN)/entraide makemessages -l fr -l en -i "migrations/*" -i "static/*"
	cd src/entraide && ../../$(BIN)/entraide compilemessages -l fr -l en

clean:
	rm -rf $(VENV) node_modules var
