"""import_workbook and export_workbook from the command line."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from disclosures.excel.reader import workbook_read
from disclosures.models import Department, Report, TableCell, VersionState
from disclosures.selectors import version_tables
from tests.factories import make_region, make_report

from .workbooks import SAMPLE, SAMPLE_NAME, sample_workbook, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    call_command("load_reference_codes", stdout=io.StringIO())
    return Department.objects.create(
        region=make_region(), code="420114001001", name="武汉市蔡甸区城乡居民养老保险办公室", aliases=SAMPLE_NAME
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_finds_the_department_by_alias_and_creates_the_report(department):
    with pytest.raises(CommandError, match="加 --create 新建"):
        run("import_workbook", str(SAMPLE))
    out, _ = run("import_workbook", str(SAMPLE), "--create")
    assert "已导入：武汉市蔡甸区城乡居民养老保险办公室 2024年度部门决算（第1版）" in out
    version = Report.objects.get(department=department, year=2024).versions.get()
    assert version_tables(version=version)[1].get("39", "amount") == Decimal("2021400.00")


def test_import_with_problems_prints_each_and_writes_nothing(department, tmp_path):
    workbook = sample_workbook()
    workbook["公开03表"]["E8"] = "abc"
    workbook["公开05表"]["C9"] = "1.2.3"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(save(workbook))
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 2 个问题，未导入任何数据"):
        call_command("import_workbook", str(path), "--department", department.code, "--create", stderr=err)
    assert "公开03表!E8：应为数字，实际为“abc”" in err.getvalue()
    assert "公开05表!C9：应为数字，实际为“1.2.3”" in err.getvalue()
    assert not Report.objects.exists()


def test_a_workbook_refused_after_the_read_leaves_no_report_behind(department):
    """Issue 16 point 11: --create made the report and its version, then the import refused the
    workbook (here: a 2024 workbook for 2023), and the empty report stayed to be exported."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 个问题，未导入任何数据"):
        call_command("import_workbook", str(SAMPLE), "--department", department.code, "--year", "2023", "--create", stderr=err)
    assert "工作簿是2024年度的，而本报告是2023年度" in err.getvalue()
    assert not Report.objects.exists()
    with pytest.raises(CommandError, match="没有2023年度的报告"):
        run("export_workbook", "--department", department.code, "--year", "2023", "--out", "/dev/null")


def test_import_refuses_a_version_that_is_not_editable(department):
    _, version = make_report(department, state=VersionState.APPROVED)
    with pytest.raises(CommandError, match="已审核状态的报告不能修改"):
        run("import_workbook", str(SAMPLE), "--department", department.name, "--year", "2024")
    assert not TableCell.objects.filter(version=version, source__startswith="公开").exists()


def test_export_gives_back_what_was_imported_and_a_template(department, tmp_path):
    run("import_workbook", str(SAMPLE), "--create")
    out_file = tmp_path / "out.xlsx"
    out, _ = run("export_workbook", "--department", department.code, "--year", "2024", "--out", str(out_file))
    assert "已导出" in out
    with open(out_file, "rb") as fh:
        content = workbook_read(fileobj=fh, filename=out_file.name)
    stored = version_tables(version=Report.objects.get().versions.get())
    for number in range(1, 10):
        assert content.tables[number].cells == stored[number].cells
        assert content.tables[number].code_rows == stored[number].code_rows
    template = tmp_path / "template.xlsx"
    run("export_workbook", "--department", department.code, "--year", "2025", "--out", str(template), "--template")
    with open(template, "rb") as fh:
        blank = workbook_read(fileobj=fh, filename=template.name)
    assert blank.year == 2025 and all(blank.tables[n].is_empty for n in range(1, 10))
    assert blank.tables[3].code_rows == stored[3].code_rows  # code lines from the 2024 report


def test_a_workbook_of_another_unit_is_imported_only_with_an_explicit_department_and_a_warning(department):
    other = Department.objects.create(region=department.region, code="420114009", name="武汉市蔡甸区教育局")
    _, version = make_report(other)
    before = TableCell.objects.filter(version=version).count()
    out, err = run("import_workbook", str(SAMPLE), "--department", other.code, "--year", "2024")
    assert f"注意：工作簿的编制单位是“{SAMPLE_NAME}”，按 --department 导入到“武汉市蔡甸区教育局”" in err
    assert "已导入：武汉市蔡甸区教育局" in out
    assert TableCell.objects.filter(version=version).count() != before


def test_the_service_refuses_another_units_workbook_unless_confirmed(department):
    from disclosures.services import DepartmentMismatch, version_import_workbook

    other = Department.objects.create(region=department.region, code="420114009", name="武汉市蔡甸区教育局")
    _, version = make_report(other)
    before = list(TableCell.objects.filter(version=version).values_list("row", "column", "amount"))
    with open(SAMPLE, "rb") as fh, pytest.raises(DepartmentMismatch) as refused:
        version_import_workbook(version=version, fileobj=fh, filename="caidian-2024.xlsx")
    assert (refused.value.workbook_name, refused.value.report_name) == (SAMPLE_NAME, "武汉市蔡甸区教育局")
    assert list(TableCell.objects.filter(version=version).values_list("row", "column", "amount")) == before
