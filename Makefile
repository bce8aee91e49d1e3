# Zhaoshang: `make run` serves the demo on SQLite; `make test` runs the suite.
# A fresh machine needs only Python 3.11 and Node.js 20.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
VENDOR := zhaoshang/core/static/vendor/.stamp

.PHONY: run test serve worker migrate demo static install install-dev clean bench eval-extract

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Front-end libraries come from npm (package-lock.json) into the static files; none is committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR): node_modules/.package-lock.json scripts/vendor-assets.mjs
	npm run --silent vendor
	touch $@

static: $(VENDOR)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: install static
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev static
	$(BIN)/python -m pytest -n $${PYTEST_WORKERS:-auto} --dist loadscope $(PYTEST_ARGS)

# Production-style serving: gunicorn behind whitenoise for static files (see README).
serve: install static
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --timeout 120

worker: install
	$(BIN)/python manage.py run_worker

clean:
	rm -rf $(VENV) node_modules zhaoshang/core/static/vendor

# Speeds the issues ask for, on SQLite and (when reachable) PostgreSQL; results go to docs/PERFORMANCE.md.
BENCH_PG ?= postgresql://postgres@127.0.0.1:5432/test
bench: install static
	env -u DATABASE_URL $(BIN)/python scripts/bench_import.py
	env -u DATABASE_URL $(BIN)/python scripts/bench_province.py sqlite --export
	env -u DATABASE_URL $(BIN)/python scripts/bench_duckdb.py sqlite
	env -u DATABASE_URL $(BIN)/python scripts/loadtest.py sqlite
	env -u DATABASE_URL $(BIN)/python scripts/bench_evaluation.py
	$(BIN)/python scripts/bench_extract.py
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(BENCH_PG)" 2>/dev/null; then \
		DATABASE_URL=$(BENCH_PG) $(BIN)/python scripts/bench_import.py; \
		env -u DATABASE_URL $(BIN)/python scripts/bench_province.py postgresql --export; \
		env -u DATABASE_URL $(BIN)/python scripts/bench_duckdb.py postgresql; \
		env -u DATABASE_URL $(BIN)/python scripts/loadtest.py postgresql; \
		DATABASE_URL=$(BENCH_PG) $(BIN)/python scripts/bench_evaluation.py; \
	else echo "PostgreSQL not reachable at $(BENCH_PG): skipped"; fi

# Precision, recall and F1 of the text extractor (issue 5) on its labelled development set.
eval-extract: install
	$(BIN)/python -m zhaoshang.intelligence.evaluate
