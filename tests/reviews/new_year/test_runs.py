"""开启新年度 for many units: the reports are created by a run in the background, its page shows
how far it got, and running it again creates nothing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from disclosures.models import Department, Region, Report, ReportVersion
from portal.accounts.models import Role
from portal.background import LANE, background_jobs, background_wait
from reviews.models import RunStatus, YearOpeningRun
from reviews.new_year.reports import year_open_reports_run
from tests.factories import make_user

UNITS = 300
URL = "/admin/disclosures/reportingyear/open/"
FORM = {
    "year": 2025, "source_year": 2024, "submit_deadline": "2026-05-31", "approval_date": "2026-06-20",
    "publish_deadline": "2026-07-10", "scope": "all",
}


def _units(count):
    region = Region.objects.create(code="420114", name="蔡甸区")
    Department.objects.bulk_create(Department(region=region, code=f"U{n:05d}", name=f"测试单位{n}") for n in range(count))


def _confirm(client):
    page = client.post(URL, {**FORM, "preview": "核对变动"}).content.decode()
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    return client.post(URL, {**FORM, "confirm": "确认", "digest": digest})


@pytest.mark.django_db(transaction=True)
def test_a_few_hundred_units_get_their_reports_in_a_thread_and_the_page_shows_it_done(client, settings):
    settings.EAGER_TASKS_IN_THREAD = True  # the embedded default: no broker, the request returns at once
    _units(UNITS)
    client.force_login(make_user(Role.ADMIN))
    response = _confirm(client)
    run = YearOpeningRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{run.pk}/"
    assert background_jobs() == {LANE: ["reviews.year_open_reports"]}  # handed over, not run here
    assert background_wait(timeout=600)

    run.refresh_from_db()
    assert (run.status, run.total, run.processed, run.reports_created) == (RunStatus.DONE, UNITS, UNITS, UNITS)
    assert Report.objects.filter(year=2025).count() == UNITS
    assert ReportVersion.objects.filter(report__year=2025, number=1).count() == UNITS
    page = client.get(response["Location"]).content.decode()
    assert f"2025年度已开启，{UNITS}个单位的报告已建立（新建{UNITS}个）" in page and 'data-finished="1"' in page
    assert client.get(f"{URL}{run.pk}/progress.json").json() == {
        "status": "done", "finished": True, "percent": 100, "label": f"已完成：新建{UNITS}个报告（共{UNITS}个单位）",
    }

    # twice is once: the run again, and the opening again, create nothing
    assert year_open_reports_run(run_id=run.pk) == 0
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    assert year_open_reports_run(run_id=run.pk) == 0  # even a run that thinks it is not done
    response = _confirm(client)
    assert response.status_code == 302 and response["Location"] == "/admin/disclosures/reportingyear/"
    assert YearOpeningRun.objects.count() == 1 and Report.objects.filter(year=2025).count() == UNITS


@pytest.mark.django_db
def test_the_progress_page_polls_until_done_and_a_stalled_run_can_be_started_again(client):
    _units(12)
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    chosen = list(Department.objects.order_by("code"))
    run = YearOpeningRun.objects.create(
        year=2025, source_year=2024, departments=[d.pk for d in chosen], total=len(chosen), created_by=admin,
        done=["决算报告：新建12个（各含第1版草稿）"],
    )
    Report.objects.create(department=chosen[0], year=2025)  # made meanwhile (another opening): left alone
    page = client.get(f"{URL}{run.pk}/").content.decode()
    assert 'data-finished="0"' in page and "js/progress_poll.js" in page and "等待开始：已处理0个单位，共12个" in page
    assert "重新开始建立报告" not in page  # not stalled yet
    assert client.get(f"{URL}{run.pk}/progress.json").json()["finished"] is False

    YearOpeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, updated_at=timezone.now() - timedelta(minutes=5))
    page = client.get(f"{URL}{run.pk}/").content.decode()
    assert "建立报告已有一段时间没有进展" in page and "重新开始建立报告" in page
    response = client.post(f"{URL}{run.pk}/", follow=True)
    page = response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.reports_created == 11  # the report made meanwhile is not made again
    assert Report.objects.filter(year=2025).count() == 12 and "已完成：新建11个报告（共12个单位）" in page


@pytest.mark.django_db
def test_only_administrators_see_a_run(client):
    run = YearOpeningRun.objects.create(year=2025, source_year=2024)
    for role in (Role.ACCOUNTANT, Role.REVIEWER):
        client.force_login(make_user(role, region=Region.objects.create(code=f"9{role[:3]}", name="某区") if role == Role.REVIEWER else None))
        for address in (f"{URL}{run.pk}/", f"{URL}{run.pk}/progress.json"):
            response = client.get(address)
            assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(make_user(Role.ADMIN))
    assert client.get(f"{URL}{run.pk + 1}/").status_code == 404
