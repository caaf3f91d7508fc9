# The 137 citizen-request platform. `make run` serves the demo city; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY      := .venv/bin/python
MANAGE  := $(PY) manage.py
PYTEST  := .venv/bin/pytest
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup system venv npm up down demo migrate run test bench lint messages lock

help:
	@echo "make run     install what is missing, start local PostGIS + Redis, migrate, load the demo city, serve"
	@echo "make test    the same set-up, then the whole test suite"
	@echo "make up      start the local PostgreSQL and Redis (idempotent);  make down  stops them"
	@echo "make demo    (re)load the demo city;  make bench  run the benchmarks;  make lint"

## --- installation (each step is skipped when already done) ---------------------------
system:
	@scripts/install_system_deps.sh

.venv/.installed: requirements.txt requirements-dev.txt
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required")'
	@test -x $(PY) || python3 -m venv .venv
	@echo "==> Installing Python packages into .venv (pinned, hash-checked)"
	@mkdir -p var/log
	@$(PY) -m pip install -q --upgrade pip > var/log/pip.log 2>&1 || true
	@$(PY) -m pip install -q --require-hashes -r requirements.txt -r requirements-dev.txt >> var/log/pip.log 2>&1 \
	  || { tail -30 var/log/pip.log >&2; echo "Python packages failed to install (var/log/pip.log)" >&2; exit 1; }
	@touch $@

venv: .venv/.installed

node_modules/.installed: package.json package-lock.json
	@echo "==> Installing front-end packages from package-lock.json"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

npm: node_modules/.installed

PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po */locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

# Each catalogue is compiled when its .po is newer than its .mo (or the .mo is missing).
%.mo: %.po
	@msgfmt --check-format -o $@ $<

messages: venv
	@$(MANAGE) makemessages -l fa --ignore=.venv --ignore=node_modules --ignore=var -v 0

# Re-pin requirements*.txt (with hashes) after editing requirements*.in; serialised for parallel editors.
lock: venv
	@mkdir -p var && flock var/requirements.lock sh -c '\
	  $(PY) -m piptools compile --generate-hashes --quiet --strip-extras -o requirements.txt requirements.in && \
	  $(PY) -m piptools compile --generate-hashes --quiet --strip-extras --allow-unsafe -o requirements-dev.txt requirements-dev.in && \
	  $(PY) -m pip install -q --require-hashes -r requirements.txt -r requirements-dev.txt' > var/log/lock.log 2>&1 \
	  || { tail -30 var/log/lock.log >&2; exit 1; }

# Vazirmatn glyph PBFs (SDF) for the map's Persian labels, rendered offline from node_modules (tiles/glyphs.py).
var/glyphs/.built: tiles/glyphs.py | venv npm
	@$(PY) -m tiles.glyphs > /dev/null && touch $@

setup: system venv npm $(MO_FILES) var/glyphs/.built

## --- services ----------------------------------------------------------------------
up: system
	@scripts/services.sh up

down:
	@scripts/services.sh down

migrate: setup up
	@$(MANAGE) migrate --noinput -v 0

# The demo city's users share a known password: demo_load refuses with DEBUG off unless told this is a demo
# machine (--force-insecure). `make run` serves with DEBUG off, as production does, on 127.0.0.1 by default.
demo: migrate
	@$(MANAGE) demo_load --force --force-insecure

## --- run / test / bench ------------------------------------------------------------
run: migrate
	@$(MANAGE) demo_load --force-insecure
	@$(MANAGE) collectstatic --noinput -v 0
	@scripts/run.sh

test: setup up
	@scripts/test.sh $(PYTEST_ARGS)

bench: migrate
	@$(PY) -m tests.bench $(if $(ONLY),--only $(ONLY),)

# ruff (lint + import order), Django's checks, the deployment checks with a production environment (DEBUG off,
# HTTPS on, a real secret), missing migrations, the layering test, and the functions above complexity 25
# (reported; `scripts/complexity.py --strict` fails on them).
lint: setup up
	@$(PY) -m ruff check .
	@$(MANAGE) check
	@DJANGO_DEBUG=0 DJANGO_HTTPS=1 DJANGO_ALLOWED_HOSTS=137.city.example DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" $(MANAGE) check --deploy --fail-level WARNING
	@$(MANAGE) makemigrations --check --dry-run -v 1
	@$(PYTEST) -q tests/test_layering.py
	@$(PY) scripts/complexity.py --strict
