"""dashboard_rows: one row per department in scope, the newest state, counts and lateness."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from disclosures.models import ReportingYear, ReportVersion, VersionState
from disclosures.services import report_create
from reviews.dashboard import dashboard_default_year, dashboard_rows
from reviews.models import DecisionAction, Finding, ReviewDecision, Severity

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _rows(user, *, year=2024, today=date(2025, 10, 1)):
    return {row.name: row for row in dashboard_rows(user=user, year=year, today=today)}


def _set(version, **fields):
    ReportVersion.objects.filter(pk=version.pk).update(**fields)


def test_every_department_of_the_region_is_a_row_also_without_a_report(world):
    departments, _, users = world
    rows = _rows(users["reviewer"])
    assert list(rows) == ["甲局", "甲局下属中心", "乙局", "丙局"]  # units sort under their 主管部门
    assert {name: row.state for name, row in rows.items()} == {
        "甲局": "draft",
        "甲局下属中心": "published",
        "乙局": "",
        "丙局": "submitted",
    }
    assert rows["甲局下属中心"].parent == departments["parent"]
    assert rows["乙局"].report_pk is None and rows["乙局"].errors == 0 and rows["乙局"].returns == 0
    assert "汉南某局" not in rows and list(_rows(users["far_reviewer"])) == ["汉南某局"]


def test_the_state_is_the_newest_versions_and_counts_are_its_findings(world):
    _, reports, users = world
    published = reports["unit"]
    newer = ReportVersion.objects.create(report=published.report, number=2, state=VersionState.DRAFT)
    for severity, count in ((Severity.ERROR, 2), (Severity.WARNING, 3)):
        for n in range(count):
            Finding.objects.create(version=newer, rule_code=f"R{n}", severity=severity, message="x", fingerprint=f"{severity}{n}")
    Finding.objects.create(version=published, rule_code="OLD", severity=Severity.ERROR, message="x", fingerprint="old")
    row = _rows(users["reviewer"])["甲局下属中心"]
    assert (row.state, row.version_number, row.errors, row.warnings) == ("draft", 2, 2, 3)


def test_returns_are_counted_over_all_versions_of_the_report(world):
    _, reports, users = world
    version = reports["submitted"]
    for action in (DecisionAction.RETURN, DecisionAction.RETURN, DecisionAction.APPROVE):
        ReviewDecision.objects.create(version=version, action=action, reviewer=users["reviewer"])
    rows = _rows(users["reviewer"])
    assert rows["丙局"].returns == 2 and rows["甲局"].returns == 0


def test_lateness_compares_the_dates_with_the_deadlines(world):
    _, reports, users = world
    _set(reports["submitted"], submitted_at=datetime(2025, 9, 20, 23, 59, tzinfo=SHANGHAI))  # on the last day
    _set(reports["unit"], submitted_at=datetime(2025, 9, 21, 0, 1, tzinfo=SHANGHAI),
         published_at=datetime(2025, 9, 25, 10, 0, tzinfo=SHANGHAI))
    before = _rows(users["reviewer"], today=date(2025, 9, 20))
    assert {n: (r.submit_late, r.publish_late) for n, r in before.items()} == {
        "甲局": (False, False),  # draft, but the deadline has not passed yet
        "甲局下属中心": (True, False),  # submitted a minute after the deadline day
        "乙局": (False, False),
        "丙局": (False, False),
    }
    after = _rows(users["reviewer"], today=date(2025, 9, 30))
    assert {n: (r.submit_late, r.publish_late, r.late) for n, r in after.items()} == {
        "甲局": (True, True, True),
        "甲局下属中心": (True, False, True),
        "乙局": (True, True, True),  # no report at all
        "丙局": (False, True, True),  # submitted in time, not published
    }


def test_a_years_own_deadlines_decide_lateness(world):
    _, reports, users = world
    _set(reports["submitted"], submitted_at=datetime(2025, 9, 10, 9, 0, tzinfo=SHANGHAI))
    assert not _rows(users["reviewer"], today=date(2025, 9, 12))["丙局"].submit_late
    ReportingYear.objects.create(year=2024, submit_deadline=date(2025, 9, 1), publish_deadline=date(2025, 9, 5))
    row = _rows(users["reviewer"], today=date(2025, 9, 12))["丙局"]
    assert (row.submit_late, row.publish_late) == (True, True)


def test_other_years_reports_do_not_count(world):
    departments, _, users = world
    report_create(department=departments["empty"], year=2023)
    assert _rows(users["reviewer"])["乙局"].state == ""
    assert _rows(users["reviewer"], year=2023)["乙局"].state == "draft"
    assert dashboard_default_year(user=users["reviewer"]) == 2024


def test_days_to_the_deadlines_count_down_until_each_is_met(world):
    from reviews.dashboard import DashboardTable, days_text
    from reviews.selectors import deadlines_for_year

    _, reports, users = world
    _set(reports["submitted"], submitted_at=datetime(2025, 9, 1, 9, 0, tzinfo=SHANGHAI))
    today = date(2025, 9, 18)
    table = DashboardTable(
        dashboard_rows(user=users["reviewer"], year=2024, today=today), deadlines=deadlines_for_year(year=2024), today=today
    )
    days = {row.record.name: (table.days_to_submit(row.record), table.days_to_publish(row.record)) for row in table.rows}
    assert days == {"甲局": (2, 11), "甲局下属中心": (None, None), "乙局": (2, 11), "丙局": (None, 11)}
    assert [days_text(n) for n in (2, 0, -3, None)] == ["剩2天", "剩0天", "逾期3天", "—"]
