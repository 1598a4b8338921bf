"""Heavy but legal workbooks (issue 16 point 5): small zipped, under every size check, yet
minutes of parsing. Counted from the package before any parse, refused with a message
naming the sheet and the limit, through every entry path, writing nothing."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from disclosures.excel.container import open_package
from disclosures.excel.limits import package_census
from disclosures.excel.problems import WorkbookError
from disclosures.excel.reader import workbook_read
from disclosures.models import Department, ProjectEvaluation, Report, ReportVersion, TableCell
from disclosures.performance.excel import read_workbook
from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user

from .heavy import attack_workbook, sheet_xml, with_extra_sheets
from .workbooks import FIXTURES, FORMULAS, SAMPLE, replace_parts, sample_bytes, upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_REFUSED = re.compile(r"^附加\d+：工作表超过 5000 行的上限（已读到约 \d+ 行），请删除多余的行或工作表后再上传$")


@pytest.fixture(scope="session")
def attack():
    """Issue 16's workbook: the sample plus 24 sheets of 7,659 × 26 numbers."""
    return attack_workbook(sample_bytes())


def problems_of(read, data):
    with pytest.raises(WorkbookError) as caught:
        read(data)
    return [str(p) for p in caught.value.problems]


def table_read(data):
    return workbook_read(fileobj=upload(data), filename="t.xlsx")


def performance_read(data):
    return read_workbook(upload(data), filename="t.xlsx")


def test_the_attack_passes_the_size_checks_of_the_container(attack):
    package = open_package(attack)
    unzipped = sum(info.file_size for info in package.infolist())
    assert len(attack) < 5 * 1024 * 1024 and unzipped > 75 * 1024 * 1024


@pytest.mark.parametrize("read", [table_read, performance_read], ids=["tables", "performance"])
def test_the_attack_is_refused_naming_the_sheet_and_the_limit(attack, read):
    problems = problems_of(read, attack)
    assert len(problems) == 1 and ROWS_REFUSED.match(problems[0]), problems


def test_without_a_dimension_the_rows_are_still_counted():
    data = with_extra_sheets(sample_bytes(), sheets=1, rows=5001, columns=2, dimension=False)
    problems = problems_of(table_read, data)
    assert len(problems) == 1 and ROWS_REFUSED.match(problems[0]), problems
    # 5,000 rows is the limit itself, not over it (the sample's own nine sheets add none)
    package_census(open_package(with_extra_sheets(sample_bytes(), sheets=1, rows=5000, columns=2, dimension=False)))


def test_a_dimension_claiming_one_cell_is_not_trusted():
    data = with_extra_sheets(sample_bytes(), sheets=1, rows=6000, columns=2)
    data = replace_parts(data, {"xl/worksheets/sheet10.xml": sheet_xml(6000, 2).replace(b"A1:B6000", b"A1:A1")})
    assert ROWS_REFUSED.match(problems_of(table_read, data)[0])


def test_cells_in_all_sheets_together_are_limited():
    data = with_extra_sheets(sample_bytes(), sheets=10, rows=4000, columns=6)  # 240,000 cells, rows legal
    problems = problems_of(table_read, data)
    assert len(problems) == 1
    assert re.match(
        r"^附加\d+：工作簿的单元格超过上限 200000 个（读到本表约第 \d+ 行时），请只保留九张公开表并删除多余的行后再上传$",
        problems[0],
    ), problems


def test_too_many_sheets(settings):
    data = with_extra_sheets(sample_bytes(), sheets=32, rows=1, columns=1)
    assert problems_of(table_read, data) == ["工作簿有 41 张工作表，超过上限 40 张；请只保留九张公开表后再上传"]
    settings.IMPORT_MAX_SHEETS = 41
    table_read(data)


def test_the_limits_are_settings(settings):
    settings.IMPORT_MAX_CELLS = 600  # the sample has 696 cells
    assert "工作簿的单元格超过上限 600 个" in problems_of(table_read, sample_bytes())[0]
    settings.IMPORT_MAX_CELLS = 200_000
    settings.IMPORT_MAX_ROWS = 30  # its longest sheets have 38 rows
    assert "工作表超过 30 行的上限" in problems_of(table_read, sample_bytes())[0]


def test_prefixed_elements_are_counted(settings):
    """<x:row> and <x:c> are rows and cells to openpyxl, which matches by namespace."""
    body = sheet_xml(40, 2).decode()
    body = re.sub(r"<(/?)(worksheet|dimension|sheetData|row|c|v)\b", r"<\1x:\2", body).replace('xmlns="', 'xmlns:x="')
    data = replace_parts(with_extra_sheets(sample_bytes(), sheets=1, rows=1, columns=1), {"xl/worksheets/sheet10.xml": body.encode()})
    settings.IMPORT_MAX_ROWS = 39
    assert problems_of(table_read, data)[0].startswith("附加10：工作表超过 39 行的上限")


def test_elements_other_than_cells_are_bounded_too(settings):
    settings.IMPORT_MAX_CELLS = 1000  # 8,000 start tags in all
    junk = sheet_xml(1, 1).replace(b"</worksheet>", b"<extLst>" + b"<ext/>" * 9000 + b"</extLst></worksheet>")
    data = replace_parts(with_extra_sheets(sample_bytes(), sheets=1, rows=1, columns=1), {"xl/worksheets/sheet10.xml": junk})
    assert "工作簿的单元格超过上限 1000 个" in problems_of(table_read, data)[0]


def test_shared_strings_are_limited(settings):
    """A string table parsed in full by openpyxl, whatever the cells use of it."""
    with zipfile.ZipFile(io.BytesIO(FORMULAS.read_bytes())) as package:
        table = package.read("xl/sharedStrings.xml").decode()
    extra = "".join(f"<si><t>未用字符串{n}</t></si>" for n in range(1000))
    data = replace_parts(FORMULAS.read_bytes(), {"xl/sharedStrings.xml": table.replace("</sst>", extra + "</sst>").encode()})
    settings.IMPORT_MAX_CELLS = 1000  # the workbook's 784 cells are within it, its strings are not
    assert problems_of(table_read, data) == ["工作簿的共享字符串超过上限 1000 个；请只保留九张公开表后再上传"]


def test_a_dtd_in_the_workbook_part_is_refused():
    with zipfile.ZipFile(io.BytesIO(sample_bytes())) as package:
        workbook = package.read("xl/workbook.xml").decode()
    trick = '<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
    data = replace_parts(sample_bytes(), {"xl/workbook.xml": (trick + workbook).encode()})
    assert problems_of(table_read, data) == ["文件含有不安全的 XML 内容（实体或文档类型定义），已拒绝"]


@pytest.mark.parametrize("read", [table_read, performance_read], ids=["tables", "performance"])
def test_the_parse_has_a_deadline(settings, read):
    settings.IMPORT_PARSE_SECONDS = 0
    assert problems_of(read, sample_bytes()) == [
        "读取工作簿超过 0 秒仍未完成，已停止；请只保留九张公开表并删除多余的行后再上传"
    ]


@pytest.mark.parametrize("path", [SAMPLE, FORMULAS, *sorted(FIXTURES.glob("*.xlsx"))], ids=lambda p: p.name)
def test_real_workbooks_are_far_within_the_limits(settings, path):
    settings.IMPORT_MAX_SHEETS, settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 10, 100, 2000
    package_census(open_package(path.read_bytes()))


# ---- through every entry path: refused, nothing written ----------------------------------------


@pytest.mark.django_db
def test_the_upload_page_refuses_it_and_writes_nothing(client, attack):
    call_command("load_reference_codes", stdout=io.StringIO())
    department = make_department(make_region())
    report, version = make_report(department)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    before = list(TableCell.objects.filter(version=version).values_list("table", "row", "column", "amount"))
    revision = ReportVersion.objects.get(pk=version.pk).revision
    response = client.post(
        f"/workspace/reports/{report.pk}/upload/", {"file": SimpleUploadedFile("heavy.xlsx", attack, content_type=XLSX)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "工作表超过 5000 行的上限" in page and "有 1 个问题，未导入任何数据" in page
    assert list(TableCell.objects.filter(version=version).values_list("table", "row", "column", "amount")) == before
    assert ReportVersion.objects.get(pk=version.pk).revision == revision


@pytest.mark.django_db
def test_the_performance_import_refuses_it_and_writes_nothing(client, attack):
    department = make_department(make_region())
    report, version = make_report(department)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    url = reverse("workspace:performance_import", args=[report.pk])
    response = client.post(url, {"workbook": SimpleUploadedFile("heavy.xlsx", attack, content_type=XLSX)}, follow=True)
    page = response.content.decode()
    assert "工作表超过 5000 行的上限" in page and "导入失败，未写入任何数据。" in page
    assert not ProjectEvaluation.objects.filter(version=version).exists()


@pytest.mark.django_db
def test_the_import_command_refuses_it_and_creates_no_report(attack, tmp_path):
    department = Department.objects.create(region=make_region(), code="420114001001", name="测试部门")
    path = tmp_path / "heavy.xlsx"
    path.write_bytes(attack)
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 个问题，未导入任何数据"):
        call_command(
            "import_workbook", str(path), "--department", department.code, "--year", "2024", "--create", stderr=err
        )
    assert "工作表超过 5000 行的上限" in err.getvalue()
    assert not Report.objects.exists()
