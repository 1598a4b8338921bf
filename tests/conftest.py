"""Fixtures and hooks shared by the whole suite.

Tests marked ``services`` use the real PostgreSQL and Redis named by
DATABASE_URL and REDIS_URL. Without them such a test is skipped, unless
REQUIRE_SERVICES=1 (as .ci/run sets): then it fails, so CI can never go
green by skipping the tests that matter.

    @pytest.mark.services               needs PostgreSQL and Redis
    @pytest.mark.services("redis")      skipped only when REDIS_URL is missing
    @pytest.mark.services("postgresql") skipped only when the database is not PostgreSQL

Under REQUIRE_SERVICES=1 every ``services`` test needs both, whatever it names.
"""

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("postgresql", "redis")


def _missing_services(wanted):
    """Why the services in ``wanted`` are unavailable; empty when all are there."""
    from django.db import connection  # the vendor is known without connecting

    missing = []
    if "postgresql" in wanted:
        if not os.environ.get("DATABASE_URL"):
            missing.append("needs DATABASE_URL (PostgreSQL)")
        elif connection.vendor != "postgresql":
            missing.append(f"needs DATABASE_URL pointing to PostgreSQL, not {connection.vendor}")
    if "redis" in wanted and not os.environ.get("REDIS_URL"):
        missing.append("needs REDIS_URL")
    return missing


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    marker = item.get_closest_marker("services")
    if marker is None:
        return
    unknown = [name for name in marker.args if name not in SERVICES]
    if unknown:
        pytest.fail(f"unknown service(s) {unknown} in @pytest.mark.services; known: {SERVICES}", pytrace=False)
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    wanted = SERVICES if required or not marker.args else marker.args
    missing = _missing_services(wanted)
    if not missing:
        return
    reason = "; ".join(missing)
    if required:
        pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def project_root():
    """The checkout: where manage.py is, the working directory for child processes."""
    return PROJECT_ROOT


@pytest.fixture
def subprocess_env():
    """Build the environment for a child process running the project.

    ``subprocess_env(DEBUG="0", DATABASE_URL=None)`` copies os.environ,
    sets DJANGO_SETTINGS_MODULE, then applies the changes; None removes a
    variable.
    """

    def build(**changes):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings")
        for name, value in changes.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    return build


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Files the tests make (PDFs, uploads) go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page cached by an earlier test in the same worker
    (the page cache keys on tokens that a rolled-back database gives out again) is not served."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _audit_anchors_in_tmp(settings, tmp_path_factory):
    """Each test's audit anchors start empty, never the checkout's var/audit-anchors."""
    settings.AUDIT_ANCHOR_DIR = str(tmp_path_factory.mktemp("audit-anchors"))


@pytest.fixture(autouse=True)
def _celery_eager_unless_services(request):
    """Tasks run in-process in every test but those marked `services`, which use the real broker.

    With REDIS_URL set (as in CI) the app would otherwise queue tasks that no
    worker in the test picks up.
    """
    from portal.celery import app

    if request.node.get_closest_marker("services"):
        yield
        return
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def allow_orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.

    Set for browser tests only (never in os.environ at import: child processes of other tests
    would inherit it and `check --deploy` rightly refuses it)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser_page(allow_orm_beside_playwright):
    """A page of headless Chromium and the list of console errors and page errors it met."""
    from tests.browser import launch_chromium, playwright_running

    with playwright_running() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        problems = []
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        yield page, problems
        browser.close()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (`make test` runs `-n auto --dist loadgroup`): the tests of a browser
    module, and of a module that shares a module-scoped fixture (a rendered PDF, a read workbook,
    a walk's site), run in one worker, so what they share is built once and their order holds.
    Different modules run side by side (one Chromium per worker)."""
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        definitions = fixtures.name2fixturedefs.values() if fixtures else ()
        if item.get_closest_marker("browser") or any(d and d[-1].scope == "module" for d in definitions):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
