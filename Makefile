# Two commands: `make run` serves the inbox, `make test` runs every test tier.
# Both install what they need first (virtualenv, Python packages, bun, and for tests Chromium).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
BUN := $(TOOLS)/node_modules/.bin/bun
INBOX_PORT ?= 3000

export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test test-redis test-postgres test-nginx install install-dev chromium lint format typecheck bench messages

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(VENV)/bin/python pyproject.toml requirements.lock
	$(PY) -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

# Reflex's own bun download cannot reach its host here; bun from the npm registry works.
$(BUN):
	npm install --prefix $(TOOLS) --no-audit --no-fund bun@1.4.4
	$(BUN) --version

install: $(VENV)/.runtime $(BUN)

install-dev: $(VENV)/.dev $(BUN)

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

run: install
	$(PY) -m inbox_app bootstrap
	$(PY) -m reflex run --env prod --frontend-port $(INBOX_PORT)

test: install-dev chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) scripts/audit_locked.py
	$(PY) -m pytest tests/unit tests/integration
	$(PY) -m pytest tests/e2e -m "not workers and not nginx"
	$(MAKE) --no-print-directory test-nginx
	$(MAKE) --no-print-directory test-redis
	$(MAKE) --no-print-directory test-postgres

# The live tier once more on several workers (GRANIAN_WORKERS) sharing a real redis-server,
# started here on loopback and stopped afterwards whatever the outcome.
test-redis: install-dev chromium
	@url=$$(scripts/redis.sh start) && trap 'scripts/redis.sh stop' EXIT && \
	  INBOX_REDIS_URL=$$url GRANIAN_WORKERS=2 \
	  $(PY) -m pytest tests/integration/realtime/test_registries.py tests/integration/api/test_widget_live.py tests/e2e \
	  -m "not nginx"

# The same tiers again on a throwaway PostgreSQL server (scripts/postgres.sh installs and
# starts it on loopback); it is stopped and deleted afterwards, also when a test fails.
test-postgres: install-dev chromium
	trap 'scripts/postgres.sh stop' EXIT; \
	url="$$(scripts/postgres.sh start)" && export INBOX_DATABASE_URL="$$url" && \
	$(PY) -m pytest tests/unit tests/integration && \
	$(PY) -m pytest tests/e2e -m "not workers and not nginx"

# The end-to-end smoke (sign-in, live chat both ways, widget, a file) through Debian's nginx
# terminating TLS on loopback with docs/deploy/nginx.conf: tests/e2e/test_behind_nginx.py starts
# it (scripts/nginx.sh installs it when missing) in front of the test server and stops it after.
# INBOX_PROXY_URL is where; another port than 443 needs REFLEX_API_URL set to the same URL.
test-nginx: install-dev chromium
	INBOX_PROXY_URL=$${INBOX_PROXY_URL:-https://127.0.0.1} $(PY) -m pytest tests/e2e -m nginx

lint: install-dev
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

# mypy over inbox_app/ as pyproject.toml's [tool.mypy] sets it: strict on models/ and services/.
typecheck: install-dev
	$(PY) -m mypy

format: install-dev
	$(PY) -m ruff check --fix . && $(PY) -m ruff format .

bench: install-dev
	$(PY) -m bench.run_all

# Every t("..."), gettext(lang, "...") and mark("...") of the app into messages.pot, then
# merged into each language's catalogue: fill the new entries' msgstr, and
# tests/unit/test_catalogue.py passes again.
messages: install-dev
	$(PY) -m babel.messages.frontend extract --no-location --sort-output --project inbox --version 0.1 \
	  -k t -k tc:1c,2 -k mark -k _said -k gettext:2 -o inbox_app/i18n/messages.pot inbox_app
	test -f inbox_app/i18n/locales/de/LC_MESSAGES/messages.po || \
	  $(PY) -m babel.messages.frontend init -i inbox_app/i18n/messages.pot -d inbox_app/i18n/locales -l de
	$(PY) -m babel.messages.frontend update --no-fuzzy-matching --ignore-obsolete \
	  -i inbox_app/i18n/messages.pot -d inbox_app/i18n/locales -l de
