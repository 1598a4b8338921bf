# One command to set up and serve with demo data, one to run every test.
#   make run     venv, packages, system libraries (as root), migrate, demo data, serve on $(PORT)
#   make test    the import layering, then the whole test suite (SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set)

PORT ?= 8000
# Settings default to production (DEBUG off); every target here is for development.
export DEBUG ?= 1
VENV ?= .venv
PY := $(VENV)/bin/python
# Django 6 needs Python >= 3.12: take python3.12 from PATH, else from pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d $$HOME/.pyenv/versions/3.1[23]*/bin/python3 2>/dev/null); do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: run test install install-test system-packages migrate demo serve worker beat clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 或更高版本未找到（Django 6 需要）。请安装 python3.12 后重试。" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

install: system-packages $(VENV)/.installed pdf-fonts bytecode

install-test: system-packages $(VENV)/.installed-test pdf-fonts bytecode

# The portal's modules compiled once: where PYTHONDONTWRITEBYTECODE is set (this machine, the
# Dockerfile) every process would otherwise compile them again (bench/command_start.py).
.PHONY: bytecode
bytecode: $(VENV)/.installed
	$(PY) -m compileall -q manage.py portal disclosures reviews > /dev/null

# The PDF's subset fonts in var/pdf-fonts (about a minute the first time, then nothing to do).
.PHONY: pdf-fonts
pdf-fonts: $(VENV)/.installed
	$(PY) manage.py build_pdf_fonts

system-packages:
	@sh scripts/system-packages.sh

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --pdf

run: install demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.installed
	$(VENV)/bin/celery -A portal worker --loglevel=info --concurrency=2

# One beat per deployment: queues again the PDF renders lost with Redis or a killed worker.
beat: $(VENV)/.installed
	$(VENV)/bin/celery -A portal beat --loglevel=info --schedule=$(VENV)/celerybeat-schedule

# lint-imports first: the apps' layering (.importlinter) is part of the suite. The tests run in
# parallel (pytest-xdist, one process per core; TEST_WORKERS=0 for one process): each worker has
# its own test database, and tests/conftest.py keeps the browser tests, and the tests sharing a
# module-scoped fixture, in one worker each.
TEST_WORKERS ?= auto
test: install-test
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# check --deploy, bandit and pip-audit (scripts/security-checks.sh says what each found).
# Needs only the Python packages: no system libraries, fonts, database or environment.
.PHONY: security
security: $(VENV)/.installed-test
	PY=$(PY) sh scripts/security-checks.sh

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache var/pdf-fonts
