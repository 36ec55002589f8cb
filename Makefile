# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench bench-micro bench-requests

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Embedded mode: SQLite, eager Celery, console e-mail, demo data, http://127.0.0.1:8000/
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py collectstatic --noinput -v0
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# The whole suite. With DATABASE_URL/REDIS_URL set it runs against those services;
# REQUIRE_BROWSER=1 / REQUIRE_SERVICES=1 turn a missing browser or service into a failure.
test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Lint and formatting, checked (CI runs this before the tests; `ruff format .` fixes the second).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The public site over HTTP at 100,000 items (bench/README.md): gunicorn + wrk, one table.
bench: install
	$(PY) bench/web.py

# The request side at 100,000 requests and the annual report at 1,000,000 (bench/README.md).
bench-requests: install
	$(PY) bench/requests_scale.py

# In-process micro-benchmarks (query counts, request-side timings).
bench-micro: install
	$(PY) bench/run.py
