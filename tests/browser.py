"""Debian's Chromium for the browser tests, through Playwright (no browser download)."""

from contextlib import contextmanager

from django.db import connections

CHROMIUM = "/usr/bin/chromium"
# The two windows every walk of a role's day is seen in: a desktop and a 390 px phone.
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@contextmanager
def playwright_running():
    """sync_playwright(), and at its end the closing of the database connections opened while its
    event loop ran in this thread: Django then keeps connections per context, not per thread, so
    pytest-django's teardown did not close them, and PostgreSQL refused to drop the test database
    at the end of the run ("being accessed by other users")."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            yield playwright
        finally:
            connections.close_all()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def log_in(page, base_url, username, password):
    """Sign in through the login form."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit], form input[type=submit]")


def axe_serious(page):
    """axe-core (axe-playwright-python) on the page: its serious and critical violations, described."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
