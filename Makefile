# The two commands a new user needs: `make run` and `make test`. Everything else is below them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
MANAGE := $(BIN)/python manage.py
# make run PORT=8080 serves on another port.
PORT ?= 8000
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: help run test test-servers e2e bench bench-scale faults serve lint format check messages makemessages admin-password clean

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 16

run: $(STAMP) messages  ## set up everything and serve the Korean demo blog (PORT=8000)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) load_demo_comments
	$(MANAGE) ensure_admin --url http://127.0.0.1:$(PORT)/admin/
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(DEV_STAMP) messages  ## set up everything and run the whole suite
	$(BIN)/pytest -m "not e2e and not servers" $(PYTEST_ARGS)

# Needs DATABASE_URL (PostgreSQL), redis-server and nginx; starts and stops its own processes.
test-servers: $(DEV_STAMP) messages  ## multi-process proofs: two app servers, worker, Redis, S3, SMTP, nginx
	$(BIN)/pytest -m servers tests/servers $(PYTEST_ARGS)

e2e: $(DEV_STAMP) messages $(VNU_JAR)  ## browser journeys in Chromium, the HTML checker
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# The W3C Nu HTML checker, pinned in package.json/package-lock.json (needs a Java runtime).
# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use Debian's.
$(VNU_JAR): package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# BENCH_ARGS: e.g. --wordpress (insist on WordPress beside the blog), --rounds 1 --seconds 2.
bench: $(DEV_STAMP) messages  ## benchmarks, printing a table (WordPress beside it when present)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-scale: $(DEV_STAMP) messages  ## the same pages at 100,000 posts / 1,000,000 comments
	$(BIN)/python bench/run.py --scale-only

# Own PostgreSQL cluster, redis-server and the app server on loopback ports (never the shared ones);
# about 3 minutes. FAULTS_ARGS=--write rewrites bench/faults.md with the run's figures.
faults: $(DEV_STAMP) messages  ## load with PostgreSQL and Redis failing, measured (bench/faults.md)
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

# Production-style server: granian (deploy/appserver.py) with production settings (needs
# SECRET_KEY, ALLOWED_HOSTS, REDIS_URL) and one task worker for the mail queue; Ctrl+C stops
# both. More workers: run `manage.py db_worker` again (another terminal, or deploy/systemd/blog-worker@.service).
serve: $(STAMP) messages  ## production-style app server (granian) and a task worker
	$(MANAGE) collectstatic --noinput --settings=config.settings.production
	$(MANAGE) migrate --noinput --settings=config.settings.production
	$(MANAGE) requeue_stalled_tasks --settings=config.settings.production
	DJANGO_SETTINGS_MODULE=config.settings.production $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  WEB_BIND=$${WEB_BIND:-127.0.0.1:8000} $(BIN)/python deploy/appserver.py

lint: $(DEV_STAMP)  ## ruff: lint rules and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)  ## ruff: apply the formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(DEV_STAMP) messages  ## manage.py check, missing migrations
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

admin-password: $(STAMP)  ## set and print a new admin password
	$(MANAGE) ensure_admin --reset --url http://127.0.0.1:$(PORT)/admin/

# Compiled catalogues are build output (git-ignored); Babel compiles them without GNU gettext.
# The project catalogue is locale/; an app may own one in <app>/locale/.
messages: $(STAMP)  ## compile the ko/en catalogues
	@for dir in locale */locale; do \
	  [ -d "$$dir" ] || continue; \
	  $(BIN)/pybabel compile --domain django --directory "$$dir" --statistics || exit 1; \
	done
	@test -f locale/ko/LC_MESSAGES/django.mo

# Needs GNU gettext (xgettext); only translators run this. core's makemessages also reads the
# Jinja2 templates and files templates/<app>/ under <app>/locale/ (core/management/commands/).
makemessages: $(STAMP)  ## re-extract strings (needs GNU gettext)
	$(MANAGE) makemessages --locale ko --locale en
	$(MANAGE) makemessages --domain djangojs --locale ko --locale en

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock | $(VENV)/bin/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(DEV_STAMP): requirements-dev.lock $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

clean:  ## remove the venv and build output
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
	find . -name __pycache__ -prune -exec rm -rf {} +
