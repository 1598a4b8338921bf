"""Workbooks laid out differently from the sample import with the same values."""

from decimal import Decimal

import pytest
from openpyxl.utils import get_column_letter

from disclosures.demo.loader import seed_tables
from disclosures.excel.reader import workbook_read

from .workbooks import amount_cells, exact, replace_parts, sample_bytes, sample_workbook, save, upload

EXPECTED = seed_tables()


def read(data, name="tables.xlsx"):
    return workbook_read(fileobj=upload(data, name), filename=name)


def assert_values_as_published(content):
    for number in range(1, 10):
        assert content.tables[number].cells == EXPECTED[number].cells, number
        assert content.tables[number].code_rows == EXPECTED[number].code_rows, number


def sample_sources():
    return [s for n in range(1, 10) for s in EXPECTED[n].sources.values()]


@pytest.mark.parametrize("pattern", ["表{n}", "表{n:02d}", "{n:02d}表", "公开表{n}", "表{n}-{name}"])
def test_sheet_names(pattern):
    workbook = sample_workbook()
    for n, worksheet in enumerate(workbook.worksheets, start=1):
        worksheet.title = pattern.format(n=n, name=worksheet["A1"].value[:10])
    content = read(save(workbook))
    assert_values_as_published(content)
    assert content.tables[1].sources[("39", "amount")] == f"{workbook.worksheets[0].title}!F14"


def test_tables_found_by_title_when_sheet_names_say_nothing_in_any_order():
    workbook = sample_workbook()
    for n, worksheet in enumerate(workbook.worksheets, start=1):
        worksheet.title = f"Sheet{10 - n}"
        for row in worksheet.iter_rows(max_row=3):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("公开"):
                    cell.value = None
    workbook.move_sheet("Sheet1", offset=-8)
    workbook.create_sheet("封面", 0)["A1"] = "2024年度部门决算"
    assert_values_as_published(read(save(workbook)))


def test_rows_and_columns_shifted_with_blank_lines():
    workbook = sample_workbook()
    for worksheet in workbook.worksheets:
        worksheet.insert_rows(1, 2)
        worksheet.insert_cols(1, 1)
    content = read(save(workbook))
    assert_values_as_published(content)
    assert content.tables[1].sources[("39", "amount")] == "公开01表!G16"


def test_numbers_as_text_dashes_and_zeros_in_yuan():
    workbook = sample_workbook()
    for cell in amount_cells(workbook, sample_sources()):
        cell.value = f"{exact(cell.value) * 10000:,.2f}"  # "5,835,600.00"
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(max_row=3):
            for cell in row:
                if cell.value == "金额单位：万元":
                    cell.value = "金额单位：元"
    for coordinate in ("E8", "F8", "G8"):
        workbook["公开02表"][coordinate] = "-"
    workbook["公开02表"]["H8"] = 0
    workbook["公开02表"]["I8"] = "0.00"
    workbook["公开09表"]["A8"] = "—"
    content = read(save(workbook))
    assert content.unit == "元"
    assert_values_as_published(content)


def test_amounts_in_yuan_as_numbers():
    workbook = sample_workbook()
    for cell in amount_cells(workbook, sample_sources()):
        cell.value = exact(cell.value) * 10000
    for worksheet in workbook.worksheets:
        worksheet[f"{get_column_letter(worksheet.max_column)}3"] = "单位：元"
    content = read(save(workbook))
    assert content.unit == "元"
    assert_values_as_published(content)


def test_notes_under_tables_and_blank_lines_between_rows():
    workbook = sample_workbook()
    worksheet = workbook["公开02表"]
    worksheet.insert_rows(12, 2)
    worksheet["A20"] = "注：本表反映部门本年度取得的各项收入情况。"
    worksheet["A21"] = "1. 本表金额单位为万元，合计数与分项之和的尾差系四舍五入所致。"
    workbook["公开09表"]["A12"] = "注：预算数为调整后预算数。"
    assert_values_as_published(read(save(workbook)))


def test_without_a_column_number_row_columns_are_found_by_header_text():
    workbook = sample_workbook()
    for name in ("公开02表", "公开04表", "公开07表"):
        worksheet = workbook[name]
        for cell in worksheet[6]:
            cell.value = None
    assert_values_as_published(read(save(workbook)))


def test_macro_workbook_is_read_and_its_macros_ignored():
    data = sample_bytes()
    content_types = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
        + b"".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'.encode()
            for n in range(1, 10)
        )
        + b'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        b"</Types>"
    )
    macro = replace_parts(data, {"xl/vbaProject.bin": b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub", "[Content_Types].xml": content_types})
    assert_values_as_published(read(macro, "tables.xlsm"))


# -- codes split into 类/款/项 columns ---------------------------------------------

NAMES = {
    "208": "社会保障和就业支出",
    "20801": "人力资源和社会保障管理事务",
    "20805": "行政事业单位养老支出",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "213": "农林水支出",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴",
    "221": "住房保障支出",
    "22102": "住房改革支出",
}
COLUMNS = ("total", "basic", "project", "to_superior", "operating", "to_affiliated")


def _split_sheet(workbook, *, subtotals, full_parts):
    """公开03表 rewritten with 类|款|项|科目名称 columns, optionally with 类/款 subtotal lines."""
    data = EXPECTED[3]
    index = workbook.sheetnames.index("公开03表")
    workbook.remove(workbook["公开03表"])
    ws = workbook.create_sheet("公开03表", index)
    ws.append(["支出决算表"])
    ws.append([None] * 9 + ["公开03表"])
    ws.append(["编制单位：武汉市蔡甸区城乡居民社会养老保险办公室", None, None, None, "2024年度", None, None, None, None, "金额单位：万元"])
    ws.append(["项目", None, None, None, "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"])
    ws.append(["支出功能分类科目编码"])
    ws.append(["类", "款", "项", "科目名称"])
    ws.append([None, None, None, "栏次", 1, 2, 3, 4, 5, 6])
    ws.append(["合计", None, None, None] + [data.get("total", c) / 10000 for c in COLUMNS])
    codes = [code for code, _ in data.code_rows]
    expected_rows, seen = [], set()

    def sums(prefix):
        return [sum((data.get(code, c) for code in codes if code.startswith(prefix)), Decimal(0)) for c in COLUMNS]

    for code, name in data.code_rows:
        if subtotals:
            for prefix in (code[:3], code[:5]):
                if prefix in seen:
                    continue
                seen.add(prefix)
                parts = [prefix[:3], prefix[3:5] or None, None] if full_parts or len(prefix) == 3 else [None, prefix[3:5], None]
                ws.append(parts + [NAMES[prefix]] + [amount / 10000 for amount in sums(prefix)])
                expected_rows.append((prefix, NAMES[prefix]))
        parts = [code[:3], code[3:5], code[5:]] if full_parts or not subtotals else [None, None, code[5:]]
        ws.append(parts + [name] + [data.get(code, c) / 10000 for c in COLUMNS])
        expected_rows.append((code, name))
    ws.append([])
    ws.append(["注：本表反映部门本年度各项支出情况。"])
    return expected_rows


@pytest.mark.parametrize(
    ("subtotals", "full_parts"), [(True, False), (True, True), (False, True)], ids=["subtotals", "subtotals-full", "items-only"]
)
def test_codes_split_into_class_section_item_columns(subtotals, full_parts):
    workbook = sample_workbook()
    expected_rows = _split_sheet(workbook, subtotals=subtotals, full_parts=full_parts)
    content = read(save(workbook))
    table = content.tables[3]
    assert table.code_rows == expected_rows
    for code, _ in EXPECTED[3].code_rows:
        for column in COLUMNS:
            assert table.get(code, column) == EXPECTED[3].get(code, column)
    assert table.get("total", "total") == Decimal("5835600.00")
    if subtotals:
        assert table.get("208", "total") == Decimal("2021500.00")
        assert table.get("20805", "basic") == Decimal("380400.00")
    assert table.errors() == []
