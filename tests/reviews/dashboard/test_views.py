"""The dashboard views: who may see them, filter, sort, Excel, bulk reminder and zip."""

import io
import re
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from openpyxl import load_workbook

from disclosures.models import ReportVersion, VersionState
from portal.accounts.models import Role
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _names(response):
    return [row.record.name for row in response.context["table"].rows]


@pytest.mark.parametrize("url", ["/review/", "/review/dashboard.xlsx"])
def test_only_reviewers_may_see_the_dashboard(client, world, url):
    _, _, users = world
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(users["accountant"])
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.ADMIN))
    assert client.get(url).status_code == 403
    client.force_login(users["reviewer"])
    assert client.get(url).status_code == 200


def test_bulk_actions_refuse_other_roles_and_get(client, world):
    departments, _, users = world
    client.force_login(users["accountant"])
    data = {"year": 2024, "action": "remind", "ids": [departments["parent"].pk]}
    assert client.post("/review/dashboard/bulk/", data).status_code == 403
    client.force_login(users["reviewer"])
    assert client.get("/review/dashboard/bulk/").status_code == 405
    assert mail.outbox == []


def test_the_page_lists_the_region_with_no_report_rows_and_hierarchy(client, world):
    _, _, users = world
    client.force_login(users["reviewer"])
    response = client.get("/review/")
    assert _names(response) == ["甲局", "甲局下属中心", "乙局", "丙局"]
    page = response.content.decode()
    assert "未填报" in page and "甲局 ›" in page and "汉南某局" not in page
    assert 'name="csrfmiddlewaretoken"' in page and "发送催报提醒" in page


def test_filter_by_state_late_and_name(client, world):
    _, reports, users = world
    client.force_login(users["reviewer"])
    assert _names(client.get("/review/", {"year": 2024, "state": "none"})) == ["乙局"]
    assert _names(client.get("/review/", {"year": 2024, "state": "submitted"})) == ["丙局"]
    assert _names(client.get("/review/", {"year": 2024, "q": "下属"})) == ["甲局下属中心"]
    assert _names(client.get("/review/", {"year": 2024, "q": "甲局"})) == ["甲局", "甲局下属中心"]
    # today is past the 2024 deadlines; only the unit published (now, late) and 丙局 submitted on time
    ReportVersion.objects.filter(pk=reports["submitted"].pk).update(
        submitted_at=datetime(2025, 9, 1, 9, 0, tzinfo=SHANGHAI)
    )
    assert _names(client.get("/review/", {"year": 2024, "late": "on"})) == ["甲局", "甲局下属中心", "乙局", "丙局"]
    ReportVersion.objects.filter(pk=reports["unit"].pk).update(
        submitted_at=datetime(2025, 9, 1, 9, 0, tzinfo=SHANGHAI), published_at=datetime(2025, 9, 2, 9, 0, tzinfo=SHANGHAI)
    )
    assert _names(client.get("/review/", {"year": 2024, "late": "on"})) == ["甲局", "乙局", "丙局"]


def test_sorting_is_done_by_the_server_from_the_header_links(client, world):
    _, _, users = world
    client.force_login(users["reviewer"])
    page = client.get("/review/", {"year": 2024}).content.decode()
    assert "sort=state" in page and "sort=errors" in page
    filtered = client.get("/review/", {"year": 2024, "q": "甲"}).content.decode()
    assert re.search(r'href="\?[^"]*year=2024[^"]*sort=errors|href="\?[^"]*sort=errors[^"]*year=2024', filtered)
    by_state = _names(client.get("/review/", {"year": 2024, "sort": "state"}))
    assert by_state == ["乙局", "甲局", "甲局下属中心", "丙局"]  # "" < draft < published < submitted
    assert _names(client.get("/review/", {"year": 2024, "sort": "-department"})) == ["丙局", "乙局", "甲局下属中心", "甲局"]


def test_excel_has_the_filtered_sorted_rows_with_chinese_headers_and_dates(client, world):
    _, reports, users = world
    ReportVersion.objects.filter(pk=reports["submitted"].pk).update(
        submitted_at=datetime(2025, 9, 15, 9, 30, tzinfo=SHANGHAI)
    )
    client.force_login(users["reviewer"])
    response = client.get("/review/dashboard.xlsx", {"year": 2024, "q": "局", "sort": "-department"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("主管部门", "部门", "单位代码", "状态") and "逾期" in rows[0]
    assert [row[1] for row in rows[1:]] == ["丙局", "乙局", "甲局下属中心", "甲局"]
    submitted = rows[1]
    assert submitted[3] == "已提交" and submitted[7] == datetime(2025, 9, 15, 9, 30)
    assert sheet.cell(row=2, column=8).number_format == "yyyy-mm-dd hh:mm"
    assert submitted[9] == datetime(2025, 9, 20) and submitted[11] == datetime(2025, 9, 29)
    assert rows[2][3] == "未填报" and rows[3][0] == "甲局"
    only_empty = client.get("/review/dashboard.xlsx", {"year": 2024, "state": "none"})
    assert [row[1] for row in load_workbook(io.BytesIO(only_empty.content)).active.iter_rows(min_row=2, values_only=True)] == [
        "乙局"
    ]


def test_reminders_go_only_to_the_accountants_of_the_selected_departments(client, world):
    departments, _, users = world
    users["accountant"].email = "jia@example.cn"
    users["accountant"].save()
    for key, email in (("far", "far@example.cn"), ("empty", "yi@example.cn")):
        accountant = make_user(Role.ACCOUNTANT, departments=[departments[key]])
        accountant.email = email
        accountant.save()
    client.force_login(users["reviewer"])
    ids = [departments["parent"].pk, departments["empty"].pk, departments["submitted"].pk, departments["unit"].pk]
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "remind", "ids": ids}, follow=True)
    assert response.status_code == 200
    assert sorted(message.to[0] for message in mail.outbox) == ["jia@example.cn", "yi@example.cn"]
    assert all("2024年度" in message.subject and "2025年09月20日" in message.body for message in mail.outbox)
    texts = [str(m) for m in response.context["messages"]]
    assert any("已向2个部门的2位填报人发送催报提醒" in t for t in texts)
    assert any("丙局" in t and "没有填报人电子邮箱" in t for t in texts)
    assert any("甲局下属中心" in t and "已公开" in t for t in texts)


def test_ids_outside_the_reviewers_scope_are_refused_and_nothing_is_done(client, world):
    departments, _, users = world
    users["accountant"].email = "jia@example.cn"
    users["accountant"].save()
    client.force_login(users["reviewer"])
    for guess in ([departments["parent"].pk, departments["far"].pk], [999999], ["abc"]):
        for action in ("remind", "zip"):
            response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": action, "ids": guess})
            assert response.status_code == 404, (guess, action)
    assert mail.outbox == []
    client.force_login(users["far_reviewer"])
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "zip", "ids": [departments["parent"].pk]})
    assert response.status_code == 404


def test_the_bulk_form_requires_csrf(world):
    from django.test import Client

    departments, _, users = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["reviewer"])
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "remind", "ids": [departments["parent"].pk]})
    assert response.status_code == 403


def test_the_zip_holds_the_selected_reports_workbooks(client, world):
    departments, _, users = world
    client.force_login(users["reviewer"])
    ids = [departments["parent"].pk, departments["empty"].pk, departments["submitted"].pk]
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "zip", "ids": ids})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["2024年度丙局部门决算公开表（第1版）.xlsx", "2024年度甲局部门决算公开表（第1版）.xlsx"]
    workbook = load_workbook(io.BytesIO(archive.read("2024年度甲局部门决算公开表（第1版）.xlsx")))
    assert len(workbook.sheetnames) >= 9
    assert any("甲局" in str(cell) for row in workbook.worksheets[0].iter_rows(max_row=5, values_only=True) for cell in row)


def test_a_zip_of_departments_without_reports_says_so(client, world):
    departments, _, users = world
    client.force_login(users["reviewer"])
    response = client.post(
        "/review/dashboard/bulk/", {"year": 2024, "action": "zip", "ids": [departments["empty"].pk]}, follow=True
    )
    assert response.redirect_chain[0][0].startswith("/review/?")
    assert any("均未填报" in str(m) for m in response.context["messages"])


def test_bulk_approve_approves_only_submitted_reports_without_errors(client, world):
    from reviews.models import DecisionAction, Finding, ReviewDecision, Severity

    departments, reports, users = world
    clean = reports["submitted"]
    with_error = make_report(departments["empty"], state=VersionState.SUBMITTED)[1]
    Finding.objects.create(version=with_error, rule_code="R1", severity=Severity.ERROR, message="x", fingerprint="e")
    client.force_login(users["reviewer"])
    ids = [departments["parent"].pk, departments["empty"].pk, departments["submitted"].pk]
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "approve", "ids": ids}, follow=True)
    assert response.status_code == 200
    clean.refresh_from_db()
    with_error.refresh_from_db()
    assert clean.state == "approved" and with_error.state == "submitted"
    assert ReviewDecision.objects.filter(action=DecisionAction.APPROVE).count() == 1
    texts = [str(m) for m in response.context["messages"]]
    assert any("已审核通过1份报告：丙局" in t for t in texts)
    assert any("未提交" in t and "甲局" in t for t in texts)
    # The version with an open error is refused by the approval's gate, which names the error.
    assert any("未能审核" in t and "乙局" in t and "不能审核通过" in t and "R1：x" in t for t in texts), texts


def test_the_page_shows_days_to_the_deadlines_and_marks_late_rows(client, world):
    _, _, users = world
    client.force_login(users["reviewer"])
    page = client.get("/review/", {"year": 2024}).content.decode()
    assert "距报送截止" in page and "距公开截止" in page
    assert re.search(r"逾期\d+天", page) and 'class="late' in page and "逾期（报送、公开）" in page
