"""The accountant's list of reports (/workspace/): each report's steps, the deadline's countdown,
what is to be done and the last return's reason, read in a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures.models import ReportingYear, VersionState
from portal.accounts.models import Role
from reviews.models import Finding, Severity
from reviews.workflow import review_return
from reviews.workflow.selectors import workspace_rows
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return make_region()


def _accountant(*reports):
    return make_user(Role.ACCOUNTANT, departments=[r.department for r in reports])


def _error(version, n=1):
    for i in range(n):
        Finding.objects.create(version=version, rule_code=f"T-{i}", severity=Severity.ERROR, message="错", fingerprint=f"t{i}")


def test_each_report_says_where_it_stands_how_long_is_left_and_what_to_do(client, region):
    ReportingYear.objects.create(year=2024, submit_deadline=date(2025, 6, 30), publish_deadline=date(2025, 7, 15))
    draft, draft_version = make_report(make_department(region, name="甲局"))
    _error(draft_version, 2)
    ready, _ = make_report(make_department(region, name="乙局"))
    submitted, _ = make_report(make_department(region, name="丙局"), state=VersionState.SUBMITTED)
    published, _ = make_report(make_department(region, name="丁局"), state=VersionState.PUBLISHED)
    accountant = _accountant(draft, ready, submitted, published)

    rows = {row.report.department.name: row for row in workspace_rows(user=accountant, today=date(2025, 6, 20))}
    assert rows["甲局"].todo == ["有2个错误待改"] and rows["甲局"].current_step == "填报"
    assert rows["乙局"].todo == ["待提交"] and rows["乙局"].current_step == "自查"
    assert rows["甲局"].countdown.text == "距报送截止（6月30日）还有10天"
    assert rows["丙局"].todo == ["审核中"] and rows["丙局"].current_step == "审核"
    assert rows["丙局"].countdown.text == "距公开截止（7月15日）还有25天"
    assert rows["丁局"].todo == ["已公开"] and rows["丁局"].countdown is None
    assert not any(row.return_reason for row in rows.values())

    client.force_login(accountant)
    page = client.get("/workspace/").content.decode()
    assert "有2个错误待改" in page and "待提交" in page and "审核中" in page and "已公开" in page
    assert "距报送截止（6月30日）还有" in page or "已超过报送截止（6月30日）" in page  # the real today
    assert page.count('aria-current="step"') == 3  # the published report has done every step


def test_a_returned_report_shows_the_reason_and_what_the_return_names(client, region):
    report, version = make_report(make_department(region), state=VersionState.SUBMITTED)
    reviewer = make_user(Role.REVIEWER, region=region)
    review_return(version=version, user=reviewer, reason="请核对公开05表基本支出，\n并补充说明。", cells=["5:total:basic", "9:1:final_reception"])
    accountant = _accountant(report)
    (row,) = workspace_rows(user=accountant)
    assert row.todo == ["已退回：请核对公开05表基本支出， 并补充说明。", "待修改后重新提交"]
    assert row.return_reason == "请核对公开05表基本支出，\n并补充说明。" and row.return_details == 2
    assert row.current_step == "自查" and row.countdown.label == "报送截止"
    client.force_login(accountant)
    page = client.get("/workspace/").content.decode()
    assert "已退回：请核对公开05表基本支出， 并补充说明。" in page and "另有2处具体问题" in page
    assert "请核对公开05表基本支出，<br>并补充说明。" in page  # the whole reason, its lines kept

    _error(version)
    (row,) = workspace_rows(user=accountant)
    assert row.todo == ["已退回：请核对公开05表基本支出， 并补充说明。", "有1个错误待改"]


def test_a_long_return_reason_is_cut_to_one_line_in_the_to_do(region):
    report, version = make_report(make_department(region), state=VersionState.SUBMITTED)
    review_return(version=version, user=make_user(Role.REVIEWER, region=region), reason="很长的理由" * 20)
    (row,) = workspace_rows(user=_accountant(report))
    assert len(row.todo[0]) == len("已退回：") + 40 and row.todo[0].endswith("…")


def test_the_list_reads_the_same_number_of_queries_for_one_report_or_many(client, region):
    first, _ = make_report(make_department(region))
    accountant = _accountant(first)
    client.force_login(accountant)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/workspace/").status_code == 200
        return len(captured)

    one = queries()
    reviewer = make_user(Role.REVIEWER, region=region)
    for i, state in enumerate([VersionState.DRAFT, VersionState.SUBMITTED, VersionState.PUBLISHED, VersionState.SUBMITTED]):
        report, version = make_report(make_department(region), year=2023 + i % 2, state=state)
        _error(version, i)
        if i == 3:
            review_return(version=version, user=reviewer, reason="退回", cells=["5:total:basic"])
        accountant.departments.add(report.department)
    assert len(workspace_rows(user=accountant)) == 5
    assert queries() == one


def test_only_accountants_see_the_list_and_only_their_own_reports(client, region):
    mine, _ = make_report(make_department(region, name="本单位"))
    theirs, _ = make_report(make_department(region, name="他单位"))
    client.force_login(_accountant(mine))
    page = client.get("/workspace/").content.decode()
    assert "本单位" in page and "他单位" not in page
    for role in (Role.REVIEWER, Role.ADMIN):
        client.force_login(make_user(role, region=region))
        assert client.get("/workspace/").status_code == 403
    client.logout()
    response = client.get("/workspace/")
    assert response.status_code == 302 and "login" in response["Location"]
