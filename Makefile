# Counsel Directory: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help install run serve test test-sqlite test-postgresql lint format translations \
        extract-messages bench clean

help:
	@echo "make run    - install, migrate, load demo data, build the search index and serve on http://$(HOST):$(PORT)"
	@echo "make test   - install with test extras, lint and run the whole suite (SQLite and PostgreSQL)"
	@echo "make bench  - run the benchmarks under bench/"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

translations: install
	$(VENV)/bin/pybabel compile -d counsel_dir/translations -f >/dev/null

extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k lazy_gettext -k _l -o counsel_dir/translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i counsel_dir/translations/messages.pot -d counsel_dir/translations --ignore-obsolete --no-fuzzy-matching --no-wrap
	$(PY) scripts/fill_english_catalog.py

run: translations
	$(PY) -m counsel_dir.devsecrets
	$(FLASK) db upgrade
	@if $(FLASK) db is-empty; then $(FLASK) seed && $(FLASK) moderation enroll-demo && $(FLASK) index rebuild; fi
	$(FLASK) index ensure
	$(FLASK) demo-accounts
	$(FLASK) run --host $(HOST) --port $(PORT)

test: translations lint test-sqlite test-postgresql

test-sqlite: translations
	$(PY) -m pytest --db=sqlite

test-postgresql: translations
	$(PY) -m pytest --db=postgresql

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: translations
	$(PY) bench/search.py
	$(PY) bench/verify.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
