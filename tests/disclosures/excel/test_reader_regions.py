"""A real Shanghai disclosure in its printed layout, and the layout variations seen in real documents.

The fixture (tests/fixtures/regions/shanghai/) is the 2024 disclosure of 中共上海市普陀区委社会工作部
typed from the published PDF; the same figures in the project's layout are written by the
project's own writer. Both must read to the same stored values.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from disclosures.excel.problems import WorkbookError
from disclosures.excel.reader import workbook_read
from disclosures.regions import region_profile
from disclosures.tables.values import wan_to_yuan

from .workbooks import save, upload

SHANGHAI_DIR = Path(__file__).parents[2] / "fixtures" / "regions" / "shanghai"
PRINTED = SHANGHAI_DIR / "putuo-shegongbu-2024.xlsx"
PROJECT = SHANGHAI_DIR / "putuo-shegongbu-2024-project.xlsx"
SHANGHAI = region_profile(name_or_code="上海市")
HUBEI = region_profile(name_or_code="湖北省")


def read(data, profile=SHANGHAI):
    return workbook_read(fileobj=upload(data), filename="tables.xlsx", profile=profile)


def problems_of(data, profile=SHANGHAI):
    with pytest.raises(WorkbookError) as exc:
        read(data, profile)
    return [str(p) for p in exc.value.problems]


def printed():
    return load_workbook(PRINTED)


def row_of(worksheet, text, column=None):
    for row in worksheet.iter_rows():
        for cell in row:
            if cell.value == text and (column is None or cell.column_letter == column):
                return cell.row
    raise AssertionError(f"{text} not in {worksheet.title}")


def wan(value):
    return wan_to_yuan(value)


def assert_same_values(a, b):
    for number in range(1, 10):
        assert a.tables[number].cells == b.tables[number].cells, number
        assert a.tables[number].code_rows == b.tables[number].code_rows, number


@pytest.mark.parametrize("profile", [SHANGHAI, HUBEI], ids=["shanghai", "hubei"])
def test_printed_and_project_layouts_read_to_the_same_values(profile):
    shanghai = read(PRINTED.read_bytes(), profile)
    project = read(PROJECT.read_bytes(), profile)
    assert_same_values(shanghai, project)
    t1, t4, t5, t6 = (shanghai.tables[n] for n in (1, 4, 5, 6))
    assert t1.get("27", "amount") == t1.get("58", "amount") == wan("307.82")
    assert t1.get("32", "amount") == wan("264.87") and t1.get("50", "amount") == wan("29.42")
    assert t4.get("64", "subtotal") == t4.get("64", "general") == wan("307.82")
    assert t5.get("total", "total") == wan("307.82") and t5.get("total", "project") == wan("202.24")
    assert t5.get("2013999", "project") == wan("202.24")
    # 06 as printed, slip included: 公用经费合计 10.23 over parts adding to 10.22.
    assert t6.get("public_total", "amount") == t6.get("302", "amount") == wan("10.23")
    assert t6.get("personnel_total", "amount") == wan("95.36")
    assert ("310", "资本性支出") in t6.code_rows and ("30299", "其他商品和服务支出") in t6.code_rows
    assert shanghai.tables[9].is_empty and shanghai.tables[7].is_empty and shanghai.tables[8].is_empty
    assert shanghai.unit == "万元" and shanghai.year == 2024
    assert shanghai.department_name == "中共上海市普陀区委社会工作部"
    assert shanghai.tables[5].sources[("total", "total")] == "表5!C22"


def test_department_and_year_from_the_documents_title_are_said():
    notes = [str(n) for n in read(PRINTED.read_bytes()).notes]
    assert "表1：表中没有“编制单位”：单位名称取自标题“中共上海市普陀区委社会工作部2024年度部门决算”" in notes
    assert "表1：表中没有年度：年度取自标题（2024年度）" in notes


def test_without_any_title_the_import_says_department_and_year_come_from_the_import():
    workbook = printed()
    workbook["表1"]["A1"] = None
    content = read(save(workbook))
    assert content.department_name == "" and content.year is None
    notes = [str(n) for n in content.notes]
    assert "表中没有“编制单位”，标题中也没有单位名称：按导入时指定的部门导入" in notes
    assert "表中没有年度，标题中也没有：按导入时指定的年度导入" in notes


def test_sheet_numbers_follow_the_regions_order_and_the_title_decides():
    data = PRINTED.read_bytes()
    assert not [n for n in read(data).notes if "表序" in str(n)]
    notes = [str(n) for n in read(data, HUBEI).notes]
    assert "表7：工作表名称按湖北省的表序是公开07表，但标题表明是公开09表（财政拨款“三公”经费支出决算表）：按标题读取" in notes


def test_sheets_named_by_chinese_numerals_in_print_order():
    workbook = printed()
    for number, worksheet in zip("一二三四五六七八九", workbook.worksheets):
        worksheet.title = f"{number}、{worksheet['A2'].value or worksheet['A1'].value}"[:31]
        if worksheet.title.startswith("一、"):
            worksheet.title = "一、收入支出决算总表"
    # without titles, the sheet name and the region's order decide
    for worksheet in workbook.worksheets[6:]:
        worksheet["A1"] = None
    content = read(save(workbook))
    assert_same_values(content, read(PROJECT.read_bytes()))


def test_24_expenditure_classes_without_debt_lines():
    workbook = printed()
    for title in ("表1", "表4"):
        worksheet = workbook[title]
        worksheet.delete_rows(row_of(worksheet, "二十四、债务还本支出"), 2)
        worksheet.cell(row_of(worksheet, "二十六、抗疫特别国债安排的支出"), 3).value = "二十四、抗疫特别国债安排的支出"
    worksheet = workbook["表1"]
    worksheet.cell(row_of(worksheet, "二十四、抗疫特别国债安排的支出"), 4).value = 1.5
    content = read(save(workbook))
    assert content.tables[1].get("57", "amount") == wan("1.5")
    assert content.tables[1].get("55", "amount") == content.tables[1].get("56", "amount") == 0
    assert content.tables[1].get("62", "amount") == wan("307.82")


def test_year_end_balance_on_one_line_split_by_fund():
    workbook = printed()
    worksheet = workbook["表4"]
    r = row_of(worksheet, "年末财政拨款结转和结余")
    worksheet.cell(r, 4).value, worksheet.cell(r, 5).value, worksheet.cell(r, 6).value = 12.5, 10, 2.5
    content = read(save(workbook))
    t4 = content.tables[4]
    assert t4.get("60", "subtotal") == wan("12.5")
    assert t4.get("61", "subtotal") == t4.get("61", "general") == wan("10")
    assert t4.get("62", "subtotal") == t4.get("62", "fund") == wan("2.5")
    assert t4.get("63", "subtotal") == 0
    assert t4.sources[("61", "general")] == f"表4!E{r}"
    assert any("第61、62、63行按这一行各资金栏的金额读取" in str(n) for n in content.notes)


def test_codes_split_over_class_kuan_xiang_columns():
    workbook = printed()
    worksheet = workbook["表5"]
    worksheet.insert_cols(1, 2)
    worksheet["A4"], worksheet["B4"], worksheet["C4"] = "类", "款", "项"
    for row in range(5, worksheet.max_row + 1):
        code = worksheet.cell(row, 3).value
        if isinstance(code, str) and code.isdigit():
            worksheet.cell(row, 1).value = code[:3] if len(code) == 3 else None
            worksheet.cell(row, 2).value = code[3:5] or None
            worksheet.cell(row, 3).value = code[5:] or None
    content = read(save(workbook))
    assert content.tables[5].cells == read(PROJECT.read_bytes()).tables[5].cells
    assert content.tables[5].code_rows == read(PROJECT.read_bytes()).tables[5].code_rows


def test_zero_printed_as_blank_reads_the_same_as_0_00():
    workbook = printed()
    for row in workbook["表6"].iter_rows():
        for cell in row:
            if cell.value == 0:
                cell.value = None
    assert_same_values(read(save(workbook)), read(PROJECT.read_bytes()))


def test_three_public_expenses_with_budget_and_final_interleaved():
    workbook = printed()
    worksheet = workbook["表7"]
    r = row_of(worksheet, "预算数") + 1
    worksheet.insert_rows(r)
    figures = [10, 8, 2, 1.5, 6, 5, 0, 0, 6, 5, 2, 1.5]  # 合计, 出国, 小计, 购置, 运行, 接待: 预算数, 决算数
    for c, value in enumerate(figures, start=1):
        worksheet.cell(r, c).value = value
    worksheet.cell(row_of(worksheet, "公务用车购置及运行维护费"), 5).value = "公务用车购置及运行费"
    t9 = read(save(workbook)).tables[9]
    assert t9.get("1", "budget_total") == wan("10") and t9.get("1", "final_total") == wan("8")
    assert t9.get("1", "budget_abroad") == wan("2") and t9.get("1", "final_abroad") == wan("1.5")
    assert t9.get("1", "budget_vehicle") == wan("6") and t9.get("1", "final_vehicle_running") == wan("5")
    assert t9.get("1", "budget_reception") == wan("2") and t9.get("1", "final_reception") == wan("1.5")


@pytest.mark.parametrize("profile", [SHANGHAI, HUBEI], ids=["shanghai", "hubei"])
def test_state_capital_table_keeps_its_balances(profile):
    workbook = printed()
    worksheet = workbook["表9"]
    r = row_of(worksheet, "合计", column="A")
    worksheet.insert_rows(r + 1)
    # 合计 and one 项: 年初结转和结余, 本年收入, 本年支出 (合计, 基本支出, 项目支出), 年末结转和结余
    for row, code in ((r, None), (r + 1, "2230199")):
        if code:
            worksheet.cell(row, 1).value, worksheet.cell(row, 2).value = code, "其他国有资本经营预算支出"
        for c, value in enumerate([4, 5, 3, 0, 3, 6], start=3):
            worksheet.cell(row, c).value = value
    t8 = read(save(workbook), profile).tables[8]
    for key in ("total", "2230199"):
        assert t8.get(key, "opening") == wan("4") and t8.get(key, "income") == wan("5")
        assert t8.get(key, "total") == t8.get(key, "project") == wan("3")
        assert t8.get(key, "closing") == wan("6")
    assert t8.sources[("total", "opening")] == f"表9!C{r}" and t8.errors() == []


def test_total_as_last_row_of_05_and_before_the_codes_read_alike():
    workbook = printed()
    worksheet = workbook["表5"]
    last = row_of(worksheet, "合计", column="A")
    values = [worksheet.cell(last, c).value for c in range(1, 6)]
    worksheet.delete_rows(last)
    worksheet.insert_rows(5)
    for c, value in enumerate(values, start=1):
        worksheet.cell(5, c).value = value
    assert read(save(workbook)).tables[5].cells == read(PRINTED.read_bytes()).tables[5].cells


def test_06_codes_split_over_class_and_kuan_columns():
    workbook = printed()
    worksheet = workbook["表6"]
    worksheet.insert_cols(5)  # the right block's 款
    worksheet.insert_cols(2)  # the left block's 款
    worksheet.insert_rows(3)
    for column, label in zip("ABCDEFGH", ["经济分类科目编码", None, None, None, "经济分类科目编码"]):
        worksheet[f"{column}3"] = label
    for column, label in zip("ABCDEFGH", ["类", "款", "科目名称", "决算数", "类", "款", "科目名称", "决算数"]):
        worksheet[f"{column}4"] = label
    for row in range(5, worksheet.max_row + 1):
        for code_column in (1, 5):
            code = worksheet.cell(row, code_column).value
            if isinstance(code, str) and code.isdigit() and len(code) == 5:
                worksheet.cell(row, code_column).value = None
                worksheet.cell(row, code_column + 1).value = code[3:]
    content = read(save(workbook))
    project = read(PROJECT.read_bytes())
    assert content.tables[6].cells == project.tables[6].cells
    assert content.tables[6].code_rows == project.tables[6].code_rows
