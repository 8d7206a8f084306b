# Sunbula: `make demo` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
PG_URL ?= postgres://postgres@127.0.0.1:5432/sunbula
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test checks lint typecheck contracts migrations-check translations-check messages \
	pytest-sqlite pytest-postgres docs bench bench-packages system-packages install lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: system-packages $(STAMP) $(AXE)
	$(BIN)/sunbula compilemessages --ignore=.venv -v 0

# axe-core, from npm at the version package-lock.json pins: the browser tests inject it into
# pages to check their accessibility. Pages themselves never load it.
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# Debian packages the tests and translations need: gettext's msgfmt, a real Chromium, and
# poppler's pdftoppm and pdftotext to look at the PDFs Sunbula makes, npm for axe-core.
system-packages:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	$(BIN)/sunbula demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

contracts: $(STAMP)
	$(BIN)/lint-imports

migrations-check: $(STAMP)
	SUNBULA_VAR_DIR=$$(mktemp -d) $(BIN)/sunbula makemigrations --check --dry-run

translations-check: install
	$(BIN)/sunbula check_translations

pytest-sqlite: install
	$(BIN)/pytest -q --durations=20
	@echo "pytest on SQLite: passed"

# PostgreSQL runs when a server answers; CI sets SUNBULA_REQUIRE_POSTGRES=1 so it must.
pytest-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -q --durations=20 && echo "pytest on PostgreSQL: passed"; \
	elif [ -n "$$SUNBULA_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is required but not reachable at $(PG_URL)"; exit 1; \
	else echo "pytest on PostgreSQL: skipped (no server at $(PG_URL))"; fi

# The static checks: lint, types, layers, migrations, translations.
checks: lint typecheck contracts migrations-check translations-check

# The two database passes run side by side, one per core, and the checks beside them: they
# would otherwise keep one core idle before the passes start.
test: install
	$(MAKE) --no-print-directory --output-sync=target -j3 pytest-sqlite pytest-postgres checks

# The user guide's screenshots, taken by the browser journeys as they run (docs/guide/).
docs: install
	rm -rf docs/guide/img
	SUNBULA_GUIDE_SCREENSHOTS=docs/guide/img $(BIN)/pytest -q $(wildcard tests/browser/test_*.py) tests/browser/tour_demo.py
	@echo "docs/guide/img: $$(find docs/guide/img -name '*.png' | wc -l) screenshots"

# Each domain app keeps its own catalogue in <app>/locale; core, config and the layout share
# sunbula/locale.
DOMAIN_APPS := $(filter-out core,$(notdir $(patsubst %/apps.py,%,$(wildcard src/sunbula/*/apps.py))))
MAKEMESSAGES := makemessages -l ar -l fr -l ru --no-obsolete --no-location -v 0

messages: install
	for app in $(DOMAIN_APPS); do \
	  mkdir -p src/sunbula/$$app/locale; \
	  (cd src/sunbula/$$app && $(CURDIR)/$(BIN)/sunbula $(MAKEMESSAGES)) || exit 1; \
	done
	cd src/sunbula && $(CURDIR)/$(BIN)/sunbula $(MAKEMESSAGES) $(addprefix --ignore=,$(DOMAIN_APPS))
	$(BIN)/sunbula compilemessages --ignore=.venv -v 0

# wrk, from Debian, sends the load benchmark's requests (bench/load.py).
bench-packages:
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing Debian packages: wrk"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

bench: install bench-packages
	$(BIN)/python -m bench

# Regenerate the pinned lock from pyproject.toml (run after changing dependencies).
lock:
	rm -rf /tmp/sunbula-lock && $(PYTHON) -m venv /tmp/sunbula-lock
	/tmp/sunbula-lock/bin/pip install --quiet --upgrade pip
	/tmp/sunbula-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/sunbula-lock/bin/pip freeze --exclude-editable --exclude sunbula | sort > requirements.lock

clean:
	rm -rf $(VENV) var node_modules
