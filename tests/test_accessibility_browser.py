"""Accessibility: axe-core (axe-playwright-python) on the main pages of every role, in headless
Chromium: no serious or critical violation."""

import pytest

from disclosures.models import VersionState
from portal.accounts.models import Role
from reviews.models import Notice, NoticeKind
from tests.browser import axe_serious, log_in
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_main_pages_of_every_role_have_no_serious_violation(live_server, browser_page):
    from reviews.services import checklist_template_load

    page, _ = browser_page
    checklist_template_load(year=2024)
    region = make_region()
    department = make_department(region)
    published, _ = make_report(department, state=VersionState.PUBLISHED)
    draft, _ = make_report(make_department(region), complete=False)
    submitted, _ = make_report(make_department(region), state=VersionState.SUBMITTED)
    accountant = make_user(Role.ACCOUNTANT, departments=[draft.department])
    reviewer = make_user(Role.REVIEWER, region=region)
    Notice.objects.create(user=accountant, kind=NoticeKind.RETURNED, title=str(draft), body="退回理由：请核对。", report=draft,
                          link=f"/workspace/reports/{draft.pk}/")  # the bell with a count, the list with an unread one
    found = {}

    def visit(path):
        page.goto(f"{live_server.url}{path}")
        found[path] = axe_serious(page)

    for path in ("/", "/years/", "/search/?q=社保", published.get_absolute_url(), "/check/", "/no/such/page/"):
        visit(path)
    log_in(page, live_server.url, accountant.username, PASSWORD)
    for path in ("/workspace/", f"/workspace/reports/{draft.pk}/", f"/workspace/reports/{draft.pk}/tables/3/",
                 f"/workspace/reports/{draft.pk}/narrative/", f"/workspace/reports/{draft.pk}/checks/", "/notices/"):
        visit(path)
    page.context.clear_cookies()
    log_in(page, live_server.url, reviewer.username, PASSWORD)
    for path in ("/review/", f"/review/reports/{submitted.pk}/", f"/review/reports/{submitted.pk}/history/", "/review/inspections/"):
        visit(path)
    assert {path: v for path, v in found.items() if v} == {}
