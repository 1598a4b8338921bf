"""Known-bad workbooks: each gets its own Chinese message naming sheet and cell; all problems at once."""

import zipfile

import pytest
from openpyxl import load_workbook

from disclosures.excel.container import ENCRYPTED_PACKAGE, OLE_MAGIC
from disclosures.excel.reader import workbook_read
from disclosures.excel.problems import WorkbookError

from .workbooks import FORMULAS, empty_workbook_bytes, replace_parts, sample_bytes, sample_workbook, save, upload, zip_with


def problems_of(data, name="tables.xlsx"):
    with pytest.raises(WorkbookError) as caught:
        workbook_read(fileobj=upload(data, name), filename=name)
    return [str(p) for p in caught.value.problems]


def test_every_cell_problem_is_reported_at_once():
    workbook = sample_workbook()
    workbook["公开03表"]["E8"] = "abc"
    workbook["公开02表"]["C9"] = 133.1512345
    workbook["公开01表"]["C8"] = "1.2.3"
    workbook["公开05表"]["A12"] = "20805061"
    workbook["公开06表"]["A9"] = "30401"
    workbook["公开09表"]["A8"] = "三万"
    problems = problems_of(save(workbook))
    assert "公开03表!E8：应为数字，实际为“abc”" in problems
    assert "公开02表!C9：金额“133.1512345”万元超过六位小数（万元金额最多精确到分，即六位小数）" in problems
    assert "公开01表!C8：应为数字，实际为“1.2.3”" in problems
    assert "公开05表!A12：科目编码“20805061”位数不对（应为3、5或7位数字）" in problems
    assert any(p.startswith("公开06表!A9：经济分类科目 30401 不属于") for p in problems)
    assert "公开09表!A8：应为数字，实际为“三万”" in problems
    assert len(problems) == 6


def test_yuan_amounts_with_more_than_two_places_are_refused_not_rounded():
    workbook = sample_workbook()
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows(max_row=3):
            for cell in row:
                if cell.value == "金额单位：万元":
                    cell.value = "金额单位：元"
    workbook["公开02表"]["C8"] = "309600.005"
    assert "公开02表!C8：金额“309600.005”元超过两位小数（元金额最多精确到分）" in problems_of(save(workbook))


def test_duplicate_code_and_amount_without_code():
    workbook = sample_workbook()
    workbook["公开02表"]["A9"] = "2080109"
    workbook["公开03表"]["A10"] = None
    workbook["公开03表"]["B10"] = None
    problems = problems_of(save(workbook))
    assert "公开02表!A9：科目编码 2080109 重复（已在A8）" in problems
    assert "公开03表!C10：这一行有金额但没有科目编码" in problems


def test_amount_on_a_blank_line_and_an_unknown_line_number():
    workbook = sample_workbook()
    workbook["公开01表"]["C15"] = 5
    workbook["公开04表"]["E19"] = 99
    problems = problems_of(save(workbook))
    assert "公开01表!C15：第9行是空行，不应填写金额" in problems
    assert "公开04表!E19：行次“99”不是公开04表的行次" in problems


def test_missing_table():
    workbook = sample_workbook()
    workbook.remove(workbook["公开07表"])
    problems = problems_of(save(workbook))
    assert problems == [
        "缺少公开07表（政府性基金预算财政拨款收入支出决算表）：没有名为“公开07表”“表7”等的工作表，"
        "也没有标题为“政府性基金预算财政拨款收入支出决算表”的工作表"
    ]


def test_a_workbook_of_something_else_misses_all_nine():
    assert len(problems_of(empty_workbook_bytes())) == 9


def test_sheet_name_and_title_disagree():
    workbook = sample_workbook()
    workbook["公开02表"].title = "tmp"
    workbook["公开03表"].title = "公开02表"
    workbook["tmp"].title = "公开03表"
    problems = problems_of(save(workbook))
    assert any("工作表名称表示公开02表（收入决算表），但表中标题是公开03表" in p for p in problems)


def test_formula_without_a_stored_result_is_refused():
    workbook = load_workbook(FORMULAS)  # openpyxl keeps the formulas but cannot store results
    problems = problems_of(save(workbook))
    assert "公开02表!C7：公式没有保存计算结果，请在 Excel 中打开、保存后再上传" in problems


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (OLE_MAGIC + b"\0" * 2048, "old.xls", "旧版 Excel 97-2003 工作簿（.xls）"),
        (OLE_MAGIC + b"\0" * 512 + ENCRYPTED_PACKAGE + b"\0" * 512, "locked.xlsx", "设置了打开密码"),
        ("科目编码,科目名称\n2080505,养老\n".encode(), "tables.csv", "不是 Excel 工作簿"),
        (b"", "empty.xlsx", "文件是空的"),
        (zip_with({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "t.ods", "不是 Excel 工作簿"),
        (b"PK\x03\x04 truncated", "broken.xlsx", "已损坏"),
    ],
    ids=["xls", "encrypted", "csv", "empty", "ods", "truncated-zip"],
)
def test_files_that_are_not_workbooks(data, name, words):
    problems = problems_of(data, name)
    assert len(problems) == 1 and words in problems[0]


def test_oversized_file(settings):
    settings.IMPORT_MAX_BYTES = 10_000
    assert problems_of(sample_bytes()) == ["文件超过大小上限 0.0 MB，请只保留九张公开表后再上传"]


def test_zip_bomb_by_ratio():
    bomb = replace_parts(sample_bytes(), {"xl/worksheets/sheet1.xml": b"<" + b" " * (8 * 1024 * 1024)})
    problems = problems_of(bomb)
    assert len(problems) == 1 and "疑似压缩炸弹" in problems[0]


def test_zip_bomb_by_total_size():
    parts = {f"xl/media/image{n}.bin": b"\0" * (30 * 1024 * 1024) for n in range(4)}
    problems = problems_of(replace_parts(sample_bytes(), parts))
    assert len(problems) == 1 and "解压后达" in problems[0]


def test_zip_bomb_by_entry_count():
    parts = {f"xl/junk/{n}.xml": b"<a/>" for n in range(1200)}
    problems = problems_of(replace_parts(sample_bytes(), parts))
    assert len(problems) == 1 and "个部件" in problems[0]


def test_xml_entities_are_refused():
    with zipfile.ZipFile(upload(sample_bytes())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    laughs = (
        '<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    sheet = sheet.replace("收入支出决算总表", "&c;", 1)
    evil = replace_parts(sample_bytes(), {"xl/worksheets/sheet1.xml": (laughs + sheet).encode()})
    assert problems_of(evil) == ["文件含有不安全的 XML 内容（实体或文档类型定义），已拒绝"]
