# Two commands on a fresh machine with Python 3.11+:
#   make run    install everything into .venv and start the app on the embedded data
#   make test   install everything into .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The test environment's pinned versions (pyproject.toml keeps open ranges for users).
CONSTRAINTS := constraints/test.txt

.PHONY: run test lint typecheck bench build browser spreadsheet nginx clean constraints wheel

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" -c $(CONSTRAINTS)
	touch $(STAMP)

# Refresh the pins: resolve .[test] unpinned in a throw-away venv and freeze it.
constraints:
	rm -rf .constraints.venv
	$(PYTHON) -m venv .constraints.venv
	.constraints.venv/bin/python -m pip install --quiet --upgrade pip
	.constraints.venv/bin/python -m pip install --quiet -e ".[test]"
	{ sed -n '1,/^# Regenerated/p' $(CONSTRAINTS); \
	  .constraints.venv/bin/python -m pip freeze --exclude-editable | grep -v '^gvc=='; } \
	  > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .constraints.venv
	@echo "updated $(CONSTRAINTS); run 'make clean test' to test with the new versions"

# The sdist and, built from it, the wheel (with data/ and the app inside) in dist/.
wheel: $(STAMP)
	$(BIN)/python -m build --outdir dist .

run: $(STAMP)
	$(BIN)/gvc build
	$(BIN)/gvc app

# The browser test uses Debian's chromium; install it when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "chromium not installed: the browser test will be skipped")

# The spreadsheet-engine test opens the downloads in LibreOffice Calc; install it when missing.
spreadsheet:
	@command -v soffice >/dev/null 2>&1 || (command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null) || \
	  echo "LibreOffice not installed: the spreadsheet-engine test will be skipped")

# The deploy test starts Debian's nginx in front of two workers; install it when missing.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || (command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) || \
	  echo "nginx not installed: the deploy test will be skipped")

test: $(STAMP) browser spreadsheet nginx
	$(BIN)/ruff check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/python -m mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .gvc .pytest_cache .ruff_cache
