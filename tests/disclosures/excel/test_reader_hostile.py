"""Crafted workbooks the upload fuzzer (tests/reliability) found crashing the reader: each is now
refused with a message, as any other bad file is, instead of an internal error."""

import io
import re
import zipfile

import pytest

from disclosures.excel.problems import WorkbookError
from disclosures.excel.reader import workbook_read
from disclosures.tables.values import AmountError, to_amount, wan_to_yuan

from .workbooks import FORMULAS, replace_parts, sample_workbook, save, upload

DAMAGED = "文件已损坏或不是 Excel 工作簿（.xlsx），无法读取"


def problems_of(data):
    with pytest.raises(WorkbookError) as caught:
        workbook_read(fileobj=upload(data), filename="t.xlsx")
    return [str(p) for p in caught.value.problems]


def with_sheet1(change):
    """The sample saved by LibreOffice (shared strings), the first sheet's XML rewritten by `change(text)`."""
    data = FORMULAS.read_bytes()
    with zipfile.ZipFile(upload(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    changed = change(sheet)
    assert changed != sheet
    return replace_parts(data, {"xl/worksheets/sheet1.xml": changed.encode()})


@pytest.mark.parametrize(
    "change",
    [
        lambda s: re.sub(r'(<c r="[A-Z]+\d+"[^>]*t="s"[^>]*><v>)\d+', r"\g<1>999999", s, count=1),  # IndexError
        lambda s: re.sub(r'<c r="([A-Z]+)\d+"', r'<c r="\1-3"', s, count=1),  # ValueError: column "C-"
        lambda s: re.sub(r'(<c r="C7"[^>]*>)<v>[^<]*</v>', r"\1<v>NaN</v>", s, count=1),  # int("NaN")
        lambda s: re.sub(r'<mergeCell ref="[^"]*"', '<mergeCell ref="A1:ZZZZ1"', s, count=1),
    ],
    ids=["shared-string-index", "cell-reference", "nan-number", "merge-reference"],
)
def test_sheet_xml_openpyxl_cannot_parse_is_a_damaged_file(change):
    assert problems_of(with_sheet1(change)) == [DAMAGED]


def test_an_infinite_number_in_the_file_is_a_cell_problem():
    data = with_sheet1(lambda s: re.sub(r'(<c r="C7"[^>]*>)<v>[^<]*</v>', r"\1<v>1e999</v>", s, count=1))
    assert "公开01表!C7：应为数字，实际为“inf”" in problems_of(data)


@pytest.mark.parametrize("value", [1e308, 10**30, "9e999999", "-9E+999999"])
def test_huge_amounts_are_out_of_range_in_both_units(value):
    workbook = sample_workbook()
    workbook["公开02表"]["C8"] = value
    problems = problems_of(save(workbook))
    assert [p for p in problems if p.startswith("公开02表!C8：金额“") and p.endswith("”超出允许范围")], problems


def test_huge_decimals_are_refused_by_the_amount_functions_not_by_decimal_itself():
    with pytest.raises(AmountError, match="超出"):
        to_amount("1E+30")
    with pytest.raises(AmountError, match="超出"):
        wan_to_yuan("9E+999999")


def test_a_cell_at_the_sheets_last_row_and_column_is_not_read_row_by_row():
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    data = with_sheet1(lambda s: s.replace("</sheetData>", far, 1))
    content = workbook_read(fileobj=upload(data), filename="t.xlsx")
    assert content.tables[1].get("39", "amount") == workbook_read(fileobj=FORMULAS.open("rb")).tables[1].get("39", "amount")


def test_sources_fit_the_stored_column_whatever_the_sheet_name():
    workbook = sample_workbook()
    workbook["公开03表"].title = ("表3-" + "一般公共预算财政拨款支出决算表" * 3)[:31]
    content = workbook_read(fileobj=upload(save(workbook)), filename="t.xlsx")
    assert all(len(source) <= 32 for source in content.tables[3].sources.values())
    assert content.tables[3].sources[("total", "total")] == "表3-一般公共预算财政拨款支出决算表一般公共预算财政拨款…!C7"


@pytest.mark.django_db
def test_a_long_sheet_name_is_stored(settings):
    from django.core.management import call_command

    from disclosures.models import TableCell
    from disclosures.services import version_import_workbook
    from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report

    call_command("load_reference_codes", stdout=io.StringIO())
    version = make_report(make_department(make_region(), name=SAMPLE_DEPARTMENT))[1]
    workbook = sample_workbook()
    workbook["公开01表"].title = ("表1" + "收入支出决算总表" * 4)[:31]  # the most Excel allows
    version_import_workbook(version=version, fileobj=upload(save(workbook)), filename="t.xlsx")
    assert TableCell.objects.get(version=version, table=1, row="39", column="amount").source.endswith("…!F14")


def test_a_code_name_longer_than_the_database_holds_is_a_cell_problem():
    workbook = sample_workbook()
    workbook["公开03表"]["B8"] = "很长的科目名称" * 20
    assert "公开03表!B8：科目 2080109 的名称超过128个字" in problems_of(save(workbook))


def test_a_zip_needing_an_unknown_zip_version_is_a_damaged_file():
    """zipfile raises NotImplementedError ("zip file version 16.6"), not BadZipFile, for this."""
    data = bytearray(FORMULAS.read_bytes())
    header = data.find(b"PK\x01\x02")  # the first central directory entry
    data[header + 6 : header + 8] = (166).to_bytes(2, "little")  # version needed to extract: 16.6
    assert problems_of(bytes(data)) == ["文件已损坏或不是 Excel 工作簿（.xlsx），无法打开"]
