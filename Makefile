# Two commands do all the set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter .python-version names (through pyenv when present), else the newest python3.
BOOTSTRAP_PYTHON ?= $(shell pyenv which python3 2>/dev/null || command -v python3.13 || command -v python3.12 || echo python3)
PORT ?= 8000

.PHONY: setup run test lint format migrations-check lock reset-db

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

run: setup
	DEBUG=1 $(PY) manage.py load_seeds
	DEBUG=1 $(PY) manage.py demo_account --port $(PORT)
	@# A task worker beside the server runs background imports; it stops with the server.
	DEBUG=1 $(PY) manage.py db_worker --interval 1 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

# Re-pin the whole dependency tree after changing pyproject.toml.
lock:
	rm -rf /tmp/claim-tracker-lock && $(BOOTSTRAP_PYTHON) -m venv /tmp/claim-tracker-lock
	/tmp/claim-tracker-lock/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > /tmp/claim-tracker-lock/direct.txt
	/tmp/claim-tracker-lock/bin/pip install --quiet -r /tmp/claim-tracker-lock/direct.txt
	/tmp/claim-tracker-lock/bin/pip freeze > requirements.lock

# Rebuild the local SQLite database from the seeds.
reset-db: $(VENV)/.installed
	rm -f db.sqlite3
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seeds
