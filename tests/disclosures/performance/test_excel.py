"""The downloadable workbook and its import: a round trip keeps every value exactly;
a bad workbook is refused whole, with messages naming sheet and cell."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from disclosures.excel.problems import WorkbookError
from disclosures.models import ProjectEvaluation, ReportVersion
from disclosures.performance.excel import read_workbook, workbook_bytes
from disclosures.performance.services import evaluations_replace
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

FIELDS = ("project_name", "table_title", "template_key", "budget", "executed", "execution_rate_stated",
          "execution_weight", "execution_score_stated", "total_score_stated", "deviation_reason", "improvement",
          "category", "fill_date", "competent_department")  # fmt: skip
INDICATOR_FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score_stated", "tier", "deviation_reason")


def _snapshot(version):
    return [
        ({f: getattr(e, f) for f in FIELDS}, [{f: getattr(i, f) for f in INDICATOR_FIELDS} for i in e.indicators.all()])
        for e in version.evaluations.all()
    ]


def _upload(data, name="绩效自评.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_seed_001s_tables_go_round_the_workbook_unchanged(demo_version):
    data = workbook_bytes(version=demo_version)
    assert load_workbook(io.BytesIO(data)).sheetnames == ["填表说明", "项目1", "项目2", "项目3", "部门整体"]
    projects, department = read_workbook(_upload(data))
    assert department is None and len(projects) == 3
    # write them into a fresh draft and compare field by field
    _, version = make_report(make_department(make_region()))
    evaluations_replace(version=version, projects=projects)
    assert _snapshot(version) == _snapshot(demo_version)
    assert [e.score().total.computed for e in version.evaluations.all()] == [
        Decimal("98.82"), Decimal("99.99"), Decimal("92.85")]  # fmt: skip


def test_a_blank_template_downloads_and_an_unfilled_one_is_refused(db):
    data = workbook_bytes(version=None)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(_upload(data))
    assert [str(p) for p in caught.value.problems] == ["工作簿中没有填写任何自评表"]


def test_every_bad_cell_is_named_and_nothing_is_read(demo_version):
    book = load_workbook(io.BytesIO(workbook_bytes(version=demo_version)))
    sheet = book["项目3"]
    labels = {sheet.cell(row=r, column=1).value: r for r in range(1, 40)}
    sheet.cell(row=labels["执行数（万元）"], column=2, value="三百一十九")
    sheet.cell(row=labels["填报日期"], column=2, value="2025年13月1日")
    header = labels["一级指标"]
    sheet.cell(row=header + 1, column=6, value="十")  # 分值
    sheet.cell(row=header + 2, column=8, value="大概达成")  # 达成档次
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(_upload(out.getvalue()))
    problems = [str(p) for p in caught.value.problems]
    row = labels["执行数（万元）"]
    assert f"项目3!B{row}：执行数（万元）：应为数字，实际为“三百一十九”" in problems
    assert f"项目3!B{labels['填报日期']}：填报日期：“2025年13月1日”不是有效日期" in problems
    assert f"项目3!F{header + 1}：分值：应为数字，实际为“十”" in problems
    assert f"项目3!H{header + 2}：定性指标达成档次：达成档次应为“达成”“部分达成”或“未达成”，实际为“大概达成”" in problems
    assert len(problems) == 4


def test_importing_through_the_page_is_all_or_nothing(client, demo_version):
    region = make_region()
    department = make_department(region)
    report, version = make_report(department)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    assert client.login(username=accountant.username, password=PASSWORD)
    good = workbook_bytes(version=demo_version)
    url = reverse("workspace:performance_import", args=[report.pk])
    response = client.post(url, {"workbook": _upload(good)}, follow=True)
    assert "已导入3张项目自评表" in response.content.decode()
    assert version.evaluations.count() == 3
    revision = ReportVersion.objects.get(pk=version.pk).revision
    # a broken workbook leaves the three tables as they were
    book = load_workbook(io.BytesIO(good))
    book["项目2"]["B2"] = None  # 项目名称 is required
    out = io.BytesIO()
    book.save(out)
    response = client.post(url, {"workbook": _upload(out.getvalue())}, follow=True)
    page = response.content.decode()
    assert "项目2!B2：项目名称：“项目名称”必须填写" in page and "导入失败，未写入任何数据。" in page
    assert version.evaluations.count() == 3
    assert ReportVersion.objects.get(pk=version.pk).revision == revision
    # a file that is not a workbook
    response = client.post(url, {"workbook": _upload(b"not a workbook", "x.xlsx")}, follow=True)
    assert "不是 Excel 工作簿" in response.content.decode()
    assert ProjectEvaluation.objects.filter(version=version).count() == 3


def test_the_download_is_a_workbook(client, db):
    department = make_department(make_region())
    report, _ = make_report(department)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    assert client.login(username=accountant.username, password=PASSWORD)
    response = client.get(reverse("workspace:performance_workbook", args=[report.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["填表说明", "项目1", "部门整体"]
