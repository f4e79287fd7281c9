# Every target creates .venv when it is missing and installs into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: tour test bench lint screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

tour: $(VENV)/.installed
	$(BIN)/syllabus tour --out report --jobs 2

test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks.run

# PNGs of the report (course map and one topic page) for the README, taken in headless Chromium.
screenshots: $(VENV)/.installed-dev
	SYLLABUS_SCREENSHOTS=$(CURDIR)/docs $(BIN)/python -m pytest tests/report/test_browser.py \
		-n 0 -p no:randomly -q -k screenshots

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks scripts

clean:
	rm -rf $(VENV) report build src/*.egg-info .pytest_cache
