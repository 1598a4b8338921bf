"""The walk of each role's day (issue 22): one demo, one live server and one Chromium per module.

Each module loads the demo once (`load_demo`; `--pdf` when the module sets WALK_PDF; under its
WALK_SETTINGS), runs its own `walk_setup(folder)` on top (`folder` for the files it makes) and
serves the result. Its tests are walked in two windows, a desktop and a 390 px phone (the `window`
parameter), with one signed-in browser context per user and window kept for the whole module.
Nothing is flushed between the tests of a module: they run in file order, as a day does. When the
module ends the database is emptied, as a transactional test leaves it.

Screenshots go to `<screenshots>/walk/<name>-<window>.png` (see tests/e2e/conftest.py for the
folder; `$E2E_SCREENSHOTS` to choose it).
"""

import io
from base64 import b32decode
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django_otp.oath import totp

from tests.browser import DESKTOP, PHONE, launch_chromium, playwright_running
from tests.e2e.conftest import FAILED_KEY
from tests.factories import PASSWORD

WINDOWS = ("desktop", "phone")
# Messages a browser logs for a page answered with an error status: the walk opens some on purpose.
EXPECTED_CONSOLE = ("Failed to load resource",)


@pytest.fixture(autouse=True)
def _media_in_tmp():
    """The module's media folder (walk_site) holds for all its tests: the demo's PDF is in it."""


@pytest.fixture(autouse=True)
def _audit_anchors_in_tmp():
    """The module's audit anchors (walk_site) hold for all its tests: its history is one chain."""


@pytest.fixture(scope="module")
def db(django_db_setup):
    """Stands in for pytest-django's per-test `db` (a transaction rolled back, or a flush, after each
    test): a walk keeps its data from test to test and walk_site empties the database at the end.
    A test asking for `db` is also what tells pytest-django to create the test database."""


@dataclass
class Site:
    url: str
    data: dict = field(default_factory=dict)
    blocker: object = None

    def orm(self):
        """A block where the test reads the database the server writes (blocked otherwise)."""
        return self.blocker.unblock()


@pytest.fixture(scope="module")
def walk_site(request, db, django_db_blocker, tmp_path_factory):
    """The demo, the module's own setup on top, and a live server for them."""
    from pytest_django.live_server_helper import LiveServer

    from portal.celery import app

    media = tmp_path_factory.mktemp("walk-media")
    overrides = override_settings(
        MEDIA_ROOT=str(media),
        AUDIT_ANCHOR_DIR=str(tmp_path_factory.mktemp("walk-anchors")),
        **getattr(request.module, "WALK_SETTINGS", {}),
    )
    overrides.enable()
    eager = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    environ = pytest.MonkeyPatch()
    environ.setenv("DEMO_PASSWORD", PASSWORD)
    # Playwright's sync API runs an event loop in this thread, where the tests also read the ORM.
    environ.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    unblocked = django_db_blocker.unblock()
    unblocked.__enter__()
    server = None
    try:
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, f"not a test database: {name}"
        cache.clear()
        call_command("load_demo", *(["--pdf"] if getattr(request.module, "WALK_PDF", False) else []), stdout=io.StringIO())
        setup = getattr(request.module, "walk_setup", None)
        data = setup(tmp_path_factory.mktemp("walk-files")) if setup else {}
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        yield Site(url=server.url, data=data, blocker=django_db_blocker)
    finally:
        if server is not None:
            server._live_server_modified_settings.disable()
            server.stop()
        call_command("flush", verbosity=0, interactive=False)
        cache.clear()
        unblocked.__exit__(None, None, None)
        environ.undo()
        app.conf.task_always_eager, app.conf.task_eager_propagates = eager
        overrides.disable()


class Browser:
    """One Chromium; a page per (window, user), signed in once and kept for the module."""

    def __init__(self, chromium, url):
        self.chromium, self.url = chromium, url
        self.pages = {}

    def context(self, window):
        size = dict(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2) if window == "phone" else dict(viewport=DESKTOP)
        context = self.chromium.new_context(accept_downloads=True, locale="zh-CN", **size)
        context.set_default_timeout(15_000)
        return context

    def page(self, window, user=None):
        """The page of `user` (a demo username; None: an anonymous visitor) in `window`."""
        key = (window, user)
        if key not in self.pages:
            page = self.context(window).new_page()
            page.window = window
            page.problems = []
            page.on("pageerror", lambda error: page.problems.append(str(error)))
            page.on("console", lambda m: m.type == "error" and not m.text.startswith(EXPECTED_CONSOLE) and page.problems.append(m.text))
            # Leaving a form with unsaved changes asks first; the walk answers 离开.
            page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss())
            if user is not None:
                page.goto(f"{self.url}/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", PASSWORD)
                page.get_by_role("button", name="登录").click()
                page.wait_for_load_state()
                if "/accounts/two-factor/" in page.url:  # where administrators need a code: enrol, as an app would
                    secret = page.locator("code.secret").inner_text()
                    page.fill("#id_code", f"{totp(b32decode(secret)):06d}")
                    page.get_by_role("button", name="绑定验证器").click()
                    page.wait_for_load_state()
                assert "/accounts/" not in page.url, f"{user} could not sign in: {page.url}"
            self.pages[key] = page
        page = self.pages[key]
        page.problems.clear()
        return page

    def close(self):
        for page in self.pages.values():
            page.context.close()
        self.chromium.close()


@pytest.fixture(scope="module")
def walk(walk_site):
    with playwright_running() as playwright:
        browser = Browser(launch_chromium(playwright), walk_site.url)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(params=WINDOWS)
def window(request):
    return request.param


@pytest.fixture(scope="session")
def walk_folder(screenshot_root):
    folder = screenshot_root / "walk"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shot(request, walk_folder):
    """shot(page, name, at=locator): the window as the user sees it (scrolled to `at` when given),
    saved as walk/<name>-<window>.png, after checking the page logged no script error. When the
    test fails, the whole last page is kept as walk/<test>-failure.png."""
    last = []

    def take(page, name, at=None):
        assert page.problems == [], page.problems
        if at is not None:
            at.first.evaluate("element => element.scrollIntoView({block: 'start'})")
        path = walk_folder / f"{name}-{page.window}.png"
        page.screenshot(path=str(path))
        last[:] = [page]
        return path

    yield take
    if request.node.stash.get(FAILED_KEY, False) and last:
        try:
            last[0].screenshot(path=str(walk_folder / f"{request.node.name}-failure.png"), full_page=True)
        except Exception:  # the browser may be gone; the test's own error matters more
            pass

