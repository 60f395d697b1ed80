# Two commands do everything on a fresh machine:
#   make run    set up and run the app on the bundled data (http://localhost:8501)
#   make test   set up and pass the tests (unit, AppTest, headless Chromium)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# App processes behind nginx, and nginx's port (serve-cluster, load-test).
N ?= 3
CLUSTER_PORT ?= 8080

.PHONY: run test setup setup-dev chromium postgresql nginx lint bench bench-store clean \
	serve-cluster load-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: setup
	$(BIN)/python -m tools.serve --server.port $(PORT)

# Debian's Chromium for the browser tests (CI and developers are root here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Debian's PostgreSQL server binaries: the store tests start a throwaway server
# with them (as an unprivileged user) to run every storage test on PostgreSQL too.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

# Debian's nginx: the deployment puts it in front of the app processes; the
# deploy tests and the load test run it unprivileged from a temporary folder.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; }

test: setup-dev chromium postgresql nginx
	$(BIN)/python -m pytest

# N app processes behind nginx on http://127.0.0.1:$(CLUSTER_PORT), sharing one
# PostgreSQL (kept in var/cluster/, or $$DATABASE_URL); Ctrl-C stops everything.
serve-cluster: setup postgresql nginx
	$(BIN)/python -m deploy run --processes $(N) --port $(CLUSTER_PORT)

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) static/vendor test-artifacts .pytest_cache

# Map benchmark against plain folium; writes bench/RESULTS.md (takes a few minutes).
bench: setup-dev chromium
	$(BIN)/python -m bench.run

# Registry store benchmark (publish, load vs CSV; SQLite and PostgreSQL); writes bench/STORE_RESULTS.md.
bench-store: setup-dev postgresql
	$(BIN)/python -m bench.store

# Browser and websocket load test of the deployment, 1 process against N, a
# killed process, a database outage, a publish; writes bench/LOAD_RESULTS.md
# (about half an hour on two cores).
load-test: setup-dev chromium postgresql nginx
	$(BIN)/python -m bench.load --processes $(N)
