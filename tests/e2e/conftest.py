"""Fixtures of the end-to-end suite: headless Chromium, a real Celery worker on Redis sharing
the test's PostgreSQL database, and a folder of screenshots, one per step.

The screenshots go to $E2E_SCREENSHOTS when it is set, otherwise to a folder under pytest's
temporary directory; the path is printed at the end of the run.
"""

import os
import uuid
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, launch_chromium, playwright_running
from tests.workers import Worker, delete_queue, test_database_url

SCREENSHOTS_KEY = pytest.StashKey[Path]()
FAILED_KEY = pytest.StashKey[bool]()
RENDER_TASK = "disclosures.render_document"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED_KEY] = True  # for the screenshots fixture: keep the page that failed
    return report


def pytest_terminal_summary(terminalreporter, config):
    folder = config.stash.get(SCREENSHOTS_KEY, None)
    if folder is not None:
        terminalreporter.write_sep("-", "end-to-end screenshots")
        terminalreporter.write_line(f"E2E screenshots: {folder}")


@pytest.fixture(scope="session")
def screenshot_root(request, tmp_path_factory):
    wanted = os.environ.get("E2E_SCREENSHOTS")
    if wanted:
        folder = Path(wanted).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.mktemp("e2e-screenshots", numbered=False)
    request.config.stash[SCREENSHOTS_KEY] = folder
    return folder


@pytest.fixture
def browser(allow_orm_beside_playwright):
    """Headless Debian Chromium (no downloaded browser); yields new_page(viewport=DESKTOP), a fresh
    context's page (`phone=True` for a 390 px phone with touch)."""
    with playwright_running() as playwright:
        chromium = launch_chromium(playwright)
        contexts = []

        def new_page(phone=False):
            window = dict(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2) if phone else dict(viewport=DESKTOP)
            context = chromium.new_context(accept_downloads=True, locale="zh-CN", **window)
            context.set_default_timeout(15_000)
            contexts.append(context)
            page = context.new_page()
            page.problems = []
            page.on("pageerror", lambda error: page.problems.append(str(error)))
            page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
            return page

        try:
            yield new_page
        finally:
            for context in contexts:
                context.close()
            chromium.close()


@pytest.fixture
def screenshots(request, screenshot_root):
    """shot(page, name, at=locator) saves what the window shows, scrolled to `at` when given, as a
    PNG numbered in step order; on failure the whole last page is kept too (99-failure.png)."""
    folder = screenshot_root / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    taken = []
    last_page = []

    def shot(page, name, at=None):
        path = folder / f"{len(taken) + 1:02d}-{name}.png"
        if at is not None:
            at.first.evaluate("element => element.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(path))  # the window, not the whole page: report pages are very long
        taken.append(path)
        last_page[:] = [page]
        return path

    shot.folder = folder
    yield shot
    if request.node.stash.get(FAILED_KEY, False) and last_page:
        try:
            last_page[0].screenshot(path=str(folder / "99-failure.png"), full_page=True)
        except Exception:  # the browser may be gone; the test's own error matters more
            pass


@pytest.fixture
def render_worker(transactional_db, settings, tmp_path, subprocess_env, project_root):
    """A real `celery -A portal worker` on Redis, using the test's database and media folder.

    The PDF task is routed to a queue of its own that only this worker consumes, so no
    other worker on the machine takes it and this one takes nothing else. Stopped (and its
    queue deleted) when the test ends.
    """
    from portal.celery import app

    assert app.conf.broker_url.startswith("redis://"), "the worker needs REDIS_URL"
    queue = f"e2e-{uuid.uuid4().hex[:12]}-queue"
    env = subprocess_env(
        DATABASE_URL=test_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CONN_MAX_AGE="0",
        PDF_RENDER_QUEUE=queue,
        DJANGO_ALLOW_ASYNC_UNSAFE=None,
    )
    saved_routes = app.conf.task_routes
    app.conf.task_routes = {RENDER_TASK: {"queue": queue}}
    settings.PDF_RENDER_QUEUE = queue  # where the app sends renders when it names a queue itself
    worker = Worker(cwd=project_root, env=env, queues=[queue], log_path=tmp_path / "worker.log")
    worker.queue = queue
    try:
        yield worker
    finally:
        app.conf.task_routes = saved_routes
        worker.stop()
        delete_queue(queue)
