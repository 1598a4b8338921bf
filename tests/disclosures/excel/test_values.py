"""The importer's own XML reader (disclosures.excel.values) gives the values openpyxl's read-only,
data-only load gives, workbook after workbook: openpyxl is the oracle here."""

import io
import re
import zipfile
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from disclosures.demo.synthetic import consistent_tables
from disclosures.excel.reader import MAX_COLUMNS, MAX_ROWS, workbook_read
from disclosures.excel.values import workbook_values
from disclosures.excel.writer import workbook_write
from disclosures.regions import region_profile

from .strategies import reports
from .workbooks import FORMULAS, SAMPLE, replace_parts, sample_workbook, save, upload


def openpyxl_rows(data, *, data_only=True):
    """{title: rows} as the importer read them with openpyxl before (trailing blanks dropped)."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    result = {}
    for worksheet in workbook.worksheets:
        worksheet.reset_dimensions()
        rows = []
        for values in worksheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True):
            row = list(values)
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
        while rows and not rows[-1]:
            rows.pop()
        result[worksheet.title] = rows
    workbook.close()
    return result


def openpyxl_formula_cells(data):
    """{title: {(row, column)}} of the cells openpyxl reads as a formula ("=…")."""
    return {
        title: {(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if isinstance(v, str) and v.startswith("=")}
        for title, rows in openpyxl_rows(data, data_only=False).items()
    }


def ours(data):
    return workbook_values(zipfile.ZipFile(io.BytesIO(data)), max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)


def assert_same_as_openpyxl(data):
    values = ours(data)
    expected = openpyxl_rows(data)
    assert list(values.rows) == list(expected)
    for title, rows in expected.items():
        assert values.rows[title] == rows, title
        assert [[type(v) for v in row] for row in values.rows[title]] == [[type(v) for v in row] for row in rows], title
    formulas = openpyxl_formula_cells(data)
    for title, rows in expected.items():
        assert values.formulas[title] == {(r, c) for r, c in formulas[title] if r < len(rows)}, title
    return values


def sheet1_rewritten(data, change):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    changed = change(sheet)
    assert changed != sheet
    return replace_parts(data, {"xl/worksheets/sheet1.xml": changed.encode()})


@pytest.mark.parametrize("path", [SAMPLE, FORMULAS], ids=["sample", "libreoffice-formulas"])
def test_the_fixture_workbooks(path):
    values = assert_same_as_openpyxl(path.read_bytes())
    assert len(values.rows) == 9


def test_formulas_with_their_results_are_values_and_are_known_as_formulas():
    values = assert_same_as_openpyxl(FORMULAS.read_bytes())
    assert values.formulas["公开01表"]


def test_cells_of_every_type_and_number_format():
    workbook = sample_workbook()
    sheet = workbook["公开02表"]
    sheet["K1"] = datetime(2024, 12, 31, 8, 30)
    sheet["K2"] = date(2025, 1, 1)
    sheet["K3"] = time(9, 15)
    sheet["K4"] = 45000
    sheet["K4"].number_format = "yyyy-mm-dd"
    sheet["K5"] = 1.5
    sheet["K5"].number_format = "[h]:mm:ss"
    sheet["K6"] = True
    sheet["K7"] = False
    sheet["K8"] = "=1/0"
    sheet["K9"] = 1.25e-7
    sheet["K10"] = 10**15
    sheet["K11"] = CellRichText("富文本", TextBlock(InlineFont(b=True), "加粗"))
    sheet["K12"] = " 前后有空格 "
    sheet["K13"] = "换行\n第二行"
    sheet["K14"] = 0.1
    sheet["K14"].number_format = '0.00_);[Red]\\(0.00\\)'
    sheet["K15"] = "_x000D_ 与 x005F_ 原样"
    sheet["AZ3"] = "远处的单元格"
    sheet["GR2"] = "第200列"
    sheet["GS2"] = "第201列不读"
    workbook.create_sheet("隐藏表").sheet_state = "hidden"
    workbook["隐藏表"]["A1"] = 1
    values = assert_same_as_openpyxl(save(workbook))
    assert values.rows["公开02表"][0][10] == datetime(2024, 12, 31, 8, 30)
    assert values.rows["公开02表"][1][-1] == "第200列"


def test_the_1904_calendar():
    workbook = sample_workbook()
    workbook.epoch = CALENDAR_MAC_1904
    workbook["公开01表"]["K1"] = datetime(2024, 6, 30)
    values = assert_same_as_openpyxl(save(workbook))
    assert values.rows["公开01表"][0][10] == datetime(2024, 6, 30)


@pytest.mark.parametrize(
    "change",
    [
        # inline strings, plain and in runs, a phonetic run left out
        lambda s: re.sub(r'<c r="A1"([^>]*?) t="s"([^>]*)><v>\d+</v></c>',
                         r'<c r="A1"\1 t="inlineStr"\2><is><t>行内</t><r><t>文本</t></r><rPh sb="0" eb="1"><t>不读</t></rPh></is></c>', s, count=1),
        # cells and rows without references, counted on from the last one
        lambda s: re.sub(r'<c r="[A-Z]+(\d+)"', "<c", re.sub(r'<row r="(\d+)"', "<row", s, count=3), count=12),
        # a row out of order is dropped, as openpyxl drops it
        lambda s: s.replace("</sheetData>", '<row r="2"><c r="A2" t="str"><v>迟到的行</v></c></row></sheetData>', 1),
        # error values, ISO dates, booleans, unknown types, an empty value
        lambda s: s.replace("</sheetData>", '<row r="90"><c r="A90" t="e"><v>#N/A</v></c><c r="B90" t="d"><v>2024-12-31T00:00:00</v></c>'
                            '<c r="C90" t="b"><v>1</v></c><c r="D90" t="x"><v>怪</v></c><c r="E90"><v></v></c>'
                            '<c r="F90" t="s"><v>-1</v></c><c r="G90"><v>1E3</v></c></row></sheetData>', 1),
        # a formula without its result, a shared one, an array one
        lambda s: s.replace("</sheetData>", '<row r="91"><c r="A91"><f>1+1</f></c><c r="B91"><f t="shared" si="9" ref="B91:C91">A91</f></c>'
                            '<c r="C91"><f t="shared" si="9"/></c><c r="D91"><f t="array" ref="D91">1</f></c></row></sheetData>', 1),
        # a row numbered "5.0", a cell in column ZZZ and a later cell overwriting an earlier one
        lambda s: s.replace("</sheetData>", '<row r="92.0"><c r="A92" t="str"><v>一</v></c><c r="A92"/><c r="ZZZ92"><v>1</v></c></row></sheetData>', 1),
    ],
    ids=["inline-strings", "no-references", "row-out-of-order", "types", "formulas", "odd-rows"],
)
def test_crafted_sheet_xml(change):
    assert_same_as_openpyxl(sheet1_rewritten(FORMULAS.read_bytes(), change))


def test_prefixed_namespace():
    def prefixed(s):
        s = re.sub(r"<(/?)(worksheet|dimension|sheetData|row|c|v|f|mergeCells|mergeCell)\b", r"<\1x:\2", s)
        return s.replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="', 1)

    values = assert_same_as_openpyxl(sheet1_rewritten(FORMULAS.read_bytes(), prefixed))
    assert values.rows["公开01表"]


@pytest.mark.parametrize("region", [None, "上海市", "湖北省"])
def test_the_exported_workbook_of_each_layout(region):
    profile = region_profile(name_or_code=region) if region else None
    tables = consistent_tables([("2080501", "行政单位离退休", 1_234_500, 0), ("2080505", "机关事业单位养老保险", 99_000, 5_600)])
    data = workbook_write(tables=tables, department_name="测试部门", year=2024, unit="万元", profile=profile)
    assert_same_as_openpyxl(data)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports("元"))
def test_generated_reports(tables):
    data = workbook_write(tables=tables, department_name="测试部门", year=2024, unit="元")
    assert_same_as_openpyxl(data)
    assert workbook_read(fileobj=upload(data), filename="t.xlsx").tables.keys() == tables.keys()


def test_a_workbook_of_numbers_only():
    workbook = Workbook()
    workbook.active["B2"] = 1
    workbook.create_sheet("第二张")["C3"] = 2.5
    values = assert_same_as_openpyxl(save(workbook))
    assert values.rows == {"Sheet": [[], [None, 1]], "第二张": [[], [], [None, None, 2.5]]}


REFERENCES = ["A1", "a1", "$A$1", "C7:F9", "A:C", "1:3", "A1:B", "A:1", "ZZZ1", "AAAA1", "A0", "A1:A1048577",
              "B2:A1", "A1:B2:C3", "", "A-3", "1", "A", ":", "XFD1048576", "A1:ZZZZ1", "Sheet!A1:B2"]


@pytest.mark.parametrize("ref", REFERENCES)
def test_references_are_read_as_openpyxl_reads_them(ref):
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet.cell_range import CellRange

    from disclosures.excel.values import merge_check, range_bounds

    refused = object()

    def outcome(function):
        try:
            return function(ref)
        except (ValueError, TypeError):
            return refused

    if "!" not in ref:
        assert outcome(range_bounds) == outcome(range_boundaries)
    assert (outcome(merge_check) is refused) == (outcome(CellRange) is refused)


def test_column_names_both_ways():
    from openpyxl.utils.cell import column_index_from_string, get_column_letter

    from disclosures.excel.cells import column_letter
    from disclosures.excel.values import column_index

    for number in (1, 26, 27, 52, 200, 702, 703, 18278):
        assert column_letter(number) == get_column_letter(number)
        assert column_index(get_column_letter(number)) == column_index_from_string(get_column_letter(number)) == number
    for letters in ("", "AAAA", "A1", "é", "$A"):
        with pytest.raises(ValueError):
            column_index(letters)
        with pytest.raises(ValueError):
            column_index_from_string(letters)
