"""review_workbook and review_report: exit status, JSON format, real workbooks made with openpyxl."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from disclosures.excel.writer import workbook_write
from disclosures.models import EntryUnit
from disclosures.services import version_replace_tables
from disclosures.demo.loader import seed_tables
from tests.factories import make_department, make_region, make_report

from .builders import rich_consistent_tables

SAMPLE = "tests/fixtures/workbooks/caidian-2024.xlsx"


@pytest.fixture
def good_workbook(tmp_path):
    path = tmp_path / "good.xlsx"
    path.write_bytes(workbook_write(tables=rich_consistent_tables(), department_name="测试单位", year=2024, unit="元"))
    return path


@pytest.fixture
def bad_workbook(tmp_path):
    tables = rich_consistent_tables()
    tables[1].set("39", "amount", tables[1].get("39", "amount") + 100000)  # 01 line 39 off by 10 万元
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_write(tables=tables, department_name="测试单位", year=2024, unit="元"))
    return path


def _run(project_root, subprocess_env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", "review_workbook", *map(str, args)],
        cwd=project_root,
        env=subprocess_env(DJANGO_SETTINGS_MODULE="portal.settings.test"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_workbook_whose_every_relation_holds_exits_0_with_no_finding(project_root, subprocess_env, good_workbook):
    done = _run(project_root, subprocess_env, good_workbook, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["findings"] == [] and result["unit"] == "元"


def test_each_finding_of_a_workbook_names_its_part(project_root, subprocess_env, bad_workbook):
    done = _run(project_root, subprocess_env, bad_workbook, "--json")
    assert done.returncode == 1
    assert {f["part"] for f in json.loads(done.stdout)["findings"]} == {"表格"}


def test_the_sample_workbook_shows_its_rounding_slips_as_warnings(project_root, subprocess_env):
    done = _run(project_root, subprocess_env, SAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["file"] == SAMPLE and result["unit"] == "万元"
    assert result["totals"] == {"income": "583.56", "expenditure": "583.56"}
    line_39 = next(f for f in result["findings"] if f["rule"] == "X01-03-CLS")
    assert line_39["severity"] == "warning" and line_39["tables"] == [1, 3]
    assert line_39["cells"][:2] == ["公开01表!F14", "公开03表!C8"]
    assert sorted(f["rule"] for f in result["findings"]) == ["R01-058", "R06-CLS", "R06-CLS", "X01-03-CLS", "X01-04-CLS"]


def test_many_files_in_two_processes_keep_their_order_and_errors_exit_1_unreadable_2(
    project_root, subprocess_env, good_workbook, bad_workbook, tmp_path
):
    done = _run(project_root, subprocess_env, good_workbook, bad_workbook, good_workbook, "--json")
    assert done.returncode == 1
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["file"] for r in results] == [str(good_workbook), str(bad_workbook), str(good_workbook)]
    bad = {f["rule"] for f in results[1]["findings"] if f["severity"] == "error"}
    assert {"R01-058", "X01-03-CLS"} <= bad

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    done = _run(project_root, subprocess_env, good_workbook, junk)
    assert done.returncode == 2
    assert "junk.xlsx" in done.stderr and "无法读取" in done.stderr
    assert "0个错误" in done.stdout

    # with --json the unreadable file is one object too: the batch stays one JSON stream
    missing = tmp_path / "missing.xlsx"
    done = _run(project_root, subprocess_env, good_workbook, junk, missing, "--json")
    assert done.returncode == 2
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["file"] for r in results] == [str(good_workbook), str(junk), str(missing)]
    assert "findings" in results[0] and "error" not in results[0]
    assert results[1]["error"].startswith("无法读取") and set(results[1]) == {"file", "error"}
    assert results[2]["error"].startswith("无法打开文件")


@pytest.mark.django_db
def test_review_report_checks_a_stored_report(capsys):
    department = make_department(make_region(), name="测试审核部门")
    _, version = make_report(department)
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.YUAN)
    with pytest.raises(SystemExit) as exited:
        call_command("review_report", "--department", department.code, "--year", "2024", "--json")
    assert exited.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["department"] == "测试审核部门" and result["totals"]["income"] == "583.56"
    assert {f["severity"] for f in result["findings"]} == {"error"}
    assert {f["part"] for f in result["findings"]} == {"表格"}

    with pytest.raises(SystemExit) as exited:
        call_command("review_report", "--department", "不存在的部门", "--year", "2024")
    assert exited.value.code == 2
