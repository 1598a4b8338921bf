"""开启新年度 with the embedded default (no broker: the reports are created in a thread of the web
process) in the browser: the confirmation answers at once with the run's page, which polls its
progress and shows it done without a reload by hand. On PostgreSQL, where the live server and
the thread each have their own connection."""

import pytest
from django.utils import timezone

from disclosures.models import Department, Region, Report
from portal.accounts.models import Role, User
from portal.background import background_wait
from portal.celery import app
from reviews.models import RunStatus, YearOpeningRun
from tests.e2e.test_bureau_year import log_in, two_factor_if_required
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.services("postgresql"), pytest.mark.django_db(transaction=True)]

UNITS = 300


@pytest.fixture
def no_broker():
    """The embedded default even where CI sets REDIS_URL: Celery eager, so the thread runs the task."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def test_the_run_page_polls_until_the_reports_are_created(live_server, browser, screenshots, settings, no_broker):
    settings.EAGER_TASKS_IN_THREAD = True
    admin = User.objects.create_superuser(username="admin", password=PASSWORD)
    admin.role = Role.ADMIN
    admin.save(update_fields=["role"])
    region = Region.objects.create(code="420114", name="蔡甸区")
    Department.objects.bulk_create(Department(region=region, code=f"U{n:05d}", name=f"测试单位{n}") for n in range(UNITS))
    page = browser()
    try:
        page.goto(live_server.url + "/")
        log_in(page, "admin")
        page.goto(live_server.url + "/admin/")
        two_factor_if_required(page)
        page.goto(live_server.url + "/admin/disclosures/reportingyear/open/")
        year = timezone.localdate().year
        page.fill("#id_year", str(year))
        page.fill("#id_source_year", "2024")
        page.fill("#id_submit_deadline", f"{year + 1}-05-31")
        page.fill("#id_approval_date", f"{year + 1}-06-20")
        page.fill("#id_publish_deadline", f"{year + 1}-07-10")
        page.get_by_role("button", name="核对变动").click()
        page.wait_for_load_state()
        page.get_by_role("button", name=f"确认开启{year}年度").click()
        page.wait_for_load_state()
        assert f"开启{year}年度：建立报告" in page.locator("h1").inner_text()
        screenshots(page, "run-page")
        # the page reloads itself once the run is done (static/js/progress_poll.js)
        page.locator("#year-open-result").wait_for(timeout=300_000)
        assert page.locator("#year-open-status").inner_text() == f"已完成：新建{UNITS}个报告（共{UNITS}个单位）"
        screenshots(page, "run-done")
    finally:
        assert background_wait(timeout=600)
    assert YearOpeningRun.objects.get().status == RunStatus.DONE and Report.objects.filter(year=year).count() == UNITS
    assert not page.problems, page.problems
