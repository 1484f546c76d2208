# Engage: `make run` sets up everything and serves the site; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# The public address emailed links and calendar files point to; `make run` serves
# it, so the demo's links work as they are.
SITE_URL ?= http://127.0.0.1:$(PORT)
export SITE_URL

.DEFAULT_GOAL := help
.PHONY: help install install-test install-dev setup run serve test lint format messages catalogs migrations-check demo clean bench lock topology

help:
	@echo "make run               set up (venv, database, catalogs, demo content) and serve on PORT=$(PORT)"
	@echo "make test              set up and run the whole test suite"
	@echo "make lint / format     ruff and bandit checks / ruff formatting"
	@echo "make messages          extract interface strings into locale/*/django.po"
	@echo "make migrations-check  fail if a model change lacks a migration"
	@echo "make serve             gunicorn with production settings on the local database"
	@echo "make bench             load-test gunicorn on benchmark data (BENCH_SCALE=1)"
	@echo "make lock              re-resolve requirements.lock from pyproject.toml's ranges"
	@echo "make topology          prove the production topology (PostgreSQL, Redis, 2 gunicorn, 2 workers)"

# Every install takes its exact versions from requirements.lock (made by
# `make lock`); pyproject.toml keeps the ranges. Plain pip installs it.
PIP_INSTALL = $(PY) -m pip install --quiet -c requirements.lock

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(PY)
	$(PIP_INSTALL) -e . --config-settings editable_mode=compat
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[test]" --config-settings editable_mode=compat
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[dev]" --config-settings editable_mode=compat
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-dev: $(VENV)/.installed-dev

# uv resolves in seconds and writes a file plain pip reads, so only this target
# needs it.
lock: install-dev
	$(BIN)/uv pip compile pyproject.toml --extra test --extra dev \
	  --python-version 3.11 --no-header --quiet -o requirements.lock

catalogs: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | tail -n 6
	$(BIN)/pybabel compile --domain django --directory locale-allauth --statistics

setup: catalogs
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_page_translation_fields --noinput
	$(MANAGE) update_translation_fields
	$(MANAGE) load_demo

run: setup
	@echo "Serving Engage at http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: setup
	DJANGO_SETTINGS_MODULE=engage.settings.production \
	SECRET_KEY=$${SECRET_KEY:-local-production-check-$$(hostname)} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
	sh -c '$(MANAGE) collectstatic --noinput --verbosity 0 && \
	  $(BIN)/gunicorn engage.wsgi --bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2}'

# Benchmark on a fresh database in var/bench; installs wrk and PostgreSQL with apt.
bench: catalogs
	$(PY) bench/run.py

# PostgreSQL, Redis, two gunicorn processes and two workers, started and driven
# by .ci/topology (as root: it installs redis-server and PostgreSQL with apt);
# here also the task throughput on the database and on RQ, which CI leaves out.
topology: catalogs install-test
	TOPOLOGY_FULL=1 bash .ci/topology

# Tests run on every core; PYTEST_WORKERS=0 runs them in one process.
test: catalogs install-test
	$(BIN)/pytest -n $${PYTEST_WORKERS:-auto} $$([ -n "$$CI" ] || echo --reuse-db) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r engage cms forums outcomes surveys pledges questions bench -ll --quiet
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(MANAGE) update_catalogs

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 static media var
	find locale locale-allauth -name '*.mo' -delete
