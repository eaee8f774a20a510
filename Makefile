# Regionplan: `make run` sets up and serves the demo, `make test` runs the whole suite.
# Both create the virtualenv and install system packages (apt, when run as root) on a fresh Debian.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# gettext compiles the translations; chromium runs the browser tests (never a downloaded
# browser); pango, harfbuzz-subset and DejaVu fonts are what WeasyPrint needs for PDFs with æøå;
# poppler-utils turns PDFs into text and images for checking.
SYSTEM_PACKAGES := gettext chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format messages translations system-packages bench flaky clean-demo

run: $(VENV)/.installed .env messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST)/ with a background worker (Ctrl-C stops both)"
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

test: $(VENV)/.installed .env messages
	$(BIN)/pytest

# Timings on demand, never in the test suite.
bench: $(VENV)/.installed .env messages
	$(BIN)/python bench/plan_page.py
	$(BIN)/python bench/exports.py
	$(BIN)/python bench/import_plan.py
	$(BIN)/python bench/import_hostile.py
	$(BIN)/python bench/county_open_data.py
	$(BIN)/python bench/input_round.py

# How often each browser test fails: RUNS runs one at a time, then RUNS runs two at a time (a
# loaded machine). Not part of `make test`; takes about RUNS x 25 s per pass.
RUNS ?= 20
flaky: $(VENV)/.installed .env messages
	@status=0; \
	$(BIN)/python bench/flaky.py --runs $(RUNS) --parallel 1 tests/e2e || status=1; \
	$(BIN)/python bench/flaky.py --runs $(RUNS) --parallel 2 tests/e2e || status=1; \
	exit $$status

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: system-packages $(VENV)/.installed .env
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) -v0

# After changing UI text: collect the strings into the catalogues (then translate the new ones
# in locale/nn and locale/nb; `make test` fails until they are). File names only, no line
# numbers, so unrelated edits do not churn the catalogues.
translations: $(VENV)/.installed .env
	$(BIN)/python manage.py makemessages -l nn -l nb -l en --add-location=file \
	  --ignore=$(VENV) --ignore=tests --ignore=bench

# Starts from an empty demo database; everything in var/ is demo state.
clean-demo:
	rm -f var/regionplan.sqlite3

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Missing system packages: $$missing"; \
	    echo "Install them with: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Regionplan needs Python 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	touch $@

# A development .env: DEBUG on and a random secret key. Never used in production.
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
