"""Reference code lists: shipped files, the load command, and the admin's spreadsheet import."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from disclosures.models import CodeKind, ReferenceCode
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DEMO_TABLES = Path(__file__).parents[2] / "disclosures" / "demo" / "caidian_2024" / "tables.json"


def test_the_shipped_lists_hold_every_code_of_the_seed_and_every_parent():
    call_command("load_reference_codes", stdout=io.StringIO())
    function = set(ReferenceCode.objects.filter(kind=CodeKind.FUNCTION, year=2024).values_list("code", flat=True))
    economic = set(ReferenceCode.objects.filter(kind=CodeKind.ECONOMIC, year=2024).values_list("code", flat=True))
    tables = json.loads(DEMO_TABLES.read_text(encoding="utf-8"))["tables"]
    for number in ("2", "3", "5"):
        assert {code for code, _ in tables[number]["rows"]} <= function
    assert {code for code, _ in tables["6"]["rows"]} <= economic
    for codes in (function, economic):
        assert all(code[:-2] in codes for code in codes if len(code) > 3)


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "科目表"
    ws.append(["2025年政府收支分类科目"])
    ws.append(["科目编码", "科目名称"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "codes.xlsx"
    return buffer


def test_admin_imports_a_full_list_from_a_spreadsheet(client):
    client.force_login(make_user("admin"))
    upload = _workbook([[201, "一般公共服务支出"], ["20101", "人大事务"], ["2010101", "行政运行"]])
    response = client.post(
        "/admin/disclosures/referencecode/import/", {"kind": "function", "year": 2025, "file": upload}, follow=True
    )
    assert "已导入 3 个科目编码" in response.content.decode()
    assert ReferenceCode.objects.get(kind="function", year=2025, code="2010101").name == "行政运行"


def test_a_bad_list_is_refused_with_every_problem_named_and_nothing_written(client):
    client.force_login(make_user("admin"))
    ReferenceCode.objects.create(kind="function", year=2025, code="201", name="一般公共服务支出")
    upload = _workbook([["20101", "人大事务"], ["2010101", "行政运行"], ["2010101", "重复"], ["20102", ""]])
    response = client.post("/admin/disclosures/referencecode/import/", {"kind": "function", "year": 2025, "file": upload})
    page = response.content.decode()
    assert "科目表!A5：科目编码 2010101 与科目表!A4重复" in page
    assert "科目表!A6" in page  # no name
    assert "缺少上级科目 201" in page
    assert list(ReferenceCode.objects.filter(year=2025).values_list("code", flat=True)) == ["201"]


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(client):
    client.force_login(make_user("admin"))
    upload = io.BytesIO(b"not a workbook")
    upload.name = "codes.xlsx"
    response = client.post("/admin/disclosures/referencecode/import/", {"kind": "economic", "year": 2025, "file": upload})
    assert "不是有效的Excel工作簿" in response.content.decode()


def test_only_staff_reach_the_import_page(client):
    client.force_login(make_user("accountant"))
    response = client.get("/admin/disclosures/referencecode/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
