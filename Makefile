# skillcert: two commands. `make run` starts the system on SQLite with demo data,
# `make test` runs every test. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
# `make bench` also installs the `bench` extra (django-import-export, WeasyPrint: what users
# would pick instead, measured beside skillcert); `make test` and `make run` do not.
SYSPKGS := chromium fonts-arphic-ukai poppler-utils zbar-tools
BENCH_STAMP := $(VENV)/.bench-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
# `make run` is the development server: debug on (the settings default to production).
export SKILLCERT_DEBUG ?= true
PORT ?= 8000
# Certificate QR codes point here: it follows `make run PORT=…` unless SITE_URL is given.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test bench lint setup sysdeps bench-sysdeps migrate demo clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP) sysdeps

$(BENCH_STAMP): $(STAMP)
	$(VENV)/bin/pip install -q -e '.[dev,bench]'
	rm -f $(VENV)/.bench-*
	touch $(BENCH_STAMP)

# Installs the Debian packages listed in $$missing (a shell variable of the recipe).
APT_INSTALL_MISSING = if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	      || echo "warning: could not install$$missing"; \
	  else echo "warning: missing system packages:$$missing (install them with apt)"; fi; \
	fi

# System packages (browser, CJK font, PDF and QR readers) come from Debian's
# archive where apt is available; elsewhere the tests that need them skip
# (and fail under CI=true).
sysdeps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || missing="$$missing fonts-arphic-ukai"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	$(APT_INSTALL_MISSING)

# For the benchmarks only: Pango for WeasyPrint, wrk as the HTTP load generator of the
# verification bench.
bench-sysdeps:
	@missing=""; \
	ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || missing="$$missing libpango-1.0-0"; \
	ls /usr/lib/*/libpangoft2-1.0.so.0 >/dev/null 2>&1 || missing="$$missing libpangoft2-1.0-0"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	$(APT_INSTALL_MISSING)

migrate: $(STAMP)
	$(PY) -m skillcert migrate --noinput -v 0

demo: migrate
	$(PY) -m skillcert seed_demo

run: setup demo
	$(PY) -m skillcert collectstatic --noinput -v 0
	$(PY) -m skillcert sweep_jobs --older-than 0  # jobs a previous run's worker left behind
	@echo "skillcert on http://$(HOST):$(PORT)/  (Ctrl-C stops web and worker)"
	@trap 'kill 0' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(PY) -m skillcert db_worker & \
	SITE_URL=$(SITE_URL) $(PY) -m skillcert runserver $(HOST):$(PORT) --noreload

test: setup
	$(PY) -m skillcert collectstatic --noinput -v 0
	$(PY) -m pytest

bench: setup $(BENCH_STAMP) bench-sysdeps
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var
