"""Codes the year's list lacks: accepted with a warning under a known 类/款, refused under an
unknown one; import and review agree; the admin applies a mid-year revision of the list."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from disclosures.excel.problems import WorkbookError
from disclosures.models import CodeKind, ReferenceCode
from disclosures.selectors import version_tables
from disclosures.services import version_import_workbook
from reviews.models import Finding
from tests.disclosures.excel.workbooks import sample_workbook, save, upload
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

NEW_FUNCTION_CODES = {
    "20139": "社会工作事务",
    "2013901": "行政运行",
    "2013950": "事业运行",
    "2013999": "其他社会工作事务支出",
    "2010608": "财政委托业务支出",
    "22001": "自然资源事务",
    "2200150": "事业运行",
    "2200199": "其他自然资源事务支出",
}


@pytest.fixture
def codes():
    call_command("load_reference_codes", stdout=io.StringIO())


@pytest.fixture
def version():
    return make_report(make_department(make_region(), name=SAMPLE_DEPARTMENT))[1]


def test_the_shipped_2024_list_holds_the_codes_real_disclosures_use(codes):
    function = dict(ReferenceCode.objects.filter(kind=CodeKind.FUNCTION, year=2024).values_list("code", "name"))
    assert {code: function.get(code) for code in NEW_FUNCTION_CODES} == NEW_FUNCTION_CODES
    economic = dict(ReferenceCode.objects.filter(kind=CodeKind.ECONOMIC, year=2024).values_list("code", "name"))
    sections_309 = sorted(code for code in economic if code.startswith("309") and len(code) == 5)
    assert sections_309[0] == "30901" and sections_309[-1] == "30999" and len(sections_309) == 12
    assert economic["30913"] == "公务用车购置"


def _with_code(table_sheet, cell, code):
    workbook = sample_workbook()
    workbook[table_sheet][cell] = code
    return upload(save(workbook))


def test_an_unlisted_code_under_a_known_section_is_stored_and_the_reviewer_is_warned(codes, version):
    # 2080198: 款 20801 is in the list, the 项 is not
    version = version_import_workbook(version=version, fileobj=_with_code("公开03表", "A9", "2080198"), filename="t.xlsx")
    assert "2080198" in [code for code, _ in version_tables(version=version)[3].code_rows]
    warnings = Finding.objects.filter(version=version, rule_code="K01")
    assert [(f.severity, f.message) for f in warnings] == [
        ("warning", "科目编码不在科目表中：科目编码 2080198 不在2024年政府收支分类科目中，请核对（公开03表）")
    ]


def test_an_unlisted_economic_section_under_a_known_class_is_a_warning_too(codes, version):
    version = version_import_workbook(version=version, fileobj=_with_code("公开06表", "D8", "30298"), filename="t.xlsx")
    messages = list(Finding.objects.filter(version=version, rule_code="K01").values_list("message", flat=True))
    assert messages == ["科目编码不在科目表中：科目编码 30298 不在2024年政府收支分类科目中，请核对（公开06表）"]


def test_an_unknown_class_stays_an_error_and_nothing_is_written(codes, version):
    before = dict(version_tables(version=version)[3].cells)
    with pytest.raises(WorkbookError) as caught:
        version_import_workbook(version=version, fileobj=_with_code("公开03表", "A9", "2990101"), filename="t.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "公开03表!A9：科目编码 2990101 不在2024年支出功能分类科目中，其上级类 299 也不在科目表中"
    ]
    assert version_tables(version=version)[3].cells == before


def test_review_workbook_agrees_with_the_import(codes, tmp_path):
    workbook = sample_workbook()
    workbook["公开03表"]["A9"] = "2080198"
    workbook["公开05表"]["A10"] = "2990101"
    path = tmp_path / "codes.xlsx"
    path.write_bytes(save(workbook))
    out = io.StringIO()
    with pytest.raises(SystemExit):  # the unknown class is an error
        call_command("review_workbook", str(path), "--json", stdout=out)
    findings = [f for f in json.loads(out.getvalue())["findings"] if f["rule"] == "K01"]
    assert [(f["severity"], f["message"]) for f in findings] == [
        ("warning", "科目编码不在科目表中：科目编码 2080198 不在2024年政府收支分类科目中，请核对（公开03表）"),
        ("error", "科目编码不在科目表中：科目编码 2990101 不在2024年支出功能分类科目中，其上级类 299 也不在科目表中（公开05表）"),
    ]


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["2024年政府收支分类科目（2024年9月修订）"])
    ws.append(["科目编码", "科目名称"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "revision.xlsx"
    return buffer


def test_the_admin_applies_a_mid_year_revision_adding_and_renaming_codes(client):
    client.force_login(make_user("admin"))
    for code, name in (("201", "一般公共服务支出"), ("20101", "人大事务"), ("2010101", "行政运行"), ("2010102", "一般行政管理事务")):
        ReferenceCode.objects.create(kind="function", year=2024, code=code, name=name)
    upload_ = _workbook([["20101", "人大事务"], ["2010102", "一般行政管理事务（修订）"], ["20139", "社会工作事务"], ["2013901", "行政运行"]])
    response = client.post(
        "/admin/disclosures/referencecode/import/",
        {"kind": "function", "year": 2024, "mode": "revise", "revision": "2024年9月修订", "effective_from": "2024-09-01", "file": upload_},
        follow=True,
    )
    assert "已导入2024年9月修订：新增 2 个、更名 1 个科目编码，1 个未变。" in response.content.decode()
    codes = {c.code: c for c in ReferenceCode.objects.filter(kind="function", year=2024)}
    assert set(codes) == {"201", "20101", "2010101", "2010102", "20139", "2013901"}  # nothing dropped
    renamed = codes["2010102"]
    assert (renamed.name, renamed.previous_name, renamed.revision, str(renamed.effective_from)) == (
        "一般行政管理事务（修订）", "一般行政管理事务", "2024年9月修订", "2024-09-01"
    )
    assert (codes["2013901"].revision, codes["2010101"].revision) == ("2024年9月修订", "")


def test_a_revision_with_an_orphan_code_or_no_label_writes_nothing(client):
    client.force_login(make_user("admin"))
    ReferenceCode.objects.create(kind="function", year=2024, code="201", name="一般公共服务支出")
    response = client.post(
        "/admin/disclosures/referencecode/import/",
        {"kind": "function", "year": 2024, "mode": "revise", "revision": "9月修订", "file": _workbook([["2019901", "孤儿"]])},
    )
    assert "科目编码 2019901 缺少上级科目 20199" in response.content.decode()
    response = client.post(
        "/admin/disclosures/referencecode/import/",
        {"kind": "function", "year": 2024, "mode": "revise", "file": _workbook([["20101", "人大事务"]])},
    )
    assert "年中修订须填写修订名称" in response.content.decode()
    assert list(ReferenceCode.objects.values_list("code", flat=True)) == ["201"]
