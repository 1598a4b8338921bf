"""Issue 16 point 6: one text policy for every string a user enters.

NUL, C0/C1 controls and bidi controls are refused at entry with a Chinese message
naming the field (an upload: sheet and cell); overlong text is a form error, never a
DataError; nothing is written. Each entry path is driven over HTTP as a browser would.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.demo.loader import seed_tables
from disclosures.excel.problems import WorkbookError
from disclosures.models import CodeRow, EntryUnit, NarrativeSection, ProjectEvaluation, ReportVersion, VersionState
from disclosures.performance.excel import read_workbook, workbook_bytes
from disclosures.reference import reference_codes_load_files
from disclosures.services import version_replace_tables
from portal.accounts.models import Role
from portal.textpolicy import text_problem
from reviews.models import ChecklistAnswer, Finding, ReviewDecision
from reviews.services import checklist_template_load
from tests.disclosures.excel.workbooks import sample_workbook, save
from tests.disclosures.performance.test_views import SEED002_ROWS, _post_data
from tests.disclosures.test_table_edit import submit
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (typed, what the message must say)
HOSTILE = [
    ("行政运行\x01\x0b\x1b[0m", "控制字符（U+0001）"),
    ("行政\x00运行", "空字符（U+0000）"),
    ("行政\x85运行", "控制字符（U+0085）"),
    ("行政运行\x7f", "控制字符（U+007F）"),
    ("\u202e行运政行", "改变文字方向"),
    ("行政\u2066运行\u2069", "改变文字方向"),
    ("行政\u200f运行", "改变文字方向"),
]


# -- the rule -------------------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_the_rule_refuses_controls_and_bidi_in_any_text(typed, message):
    assert message in text_problem(typed, label="科目名称")
    assert message in text_problem(typed, multiline=True, label="正文")
    assert text_problem(typed, label="科目名称").startswith("科目名称")


def test_the_rule_allows_line_breaks_only_in_multi_line_text_and_checks_length():
    assert text_problem("第一段。\n\t第二段。\r\n", multiline=True) is None
    assert "只能写一行" in text_problem("行政\n运行", label="科目名称")
    assert text_problem("行政运行（本部门）·2024—“一般”", max_length=128) is None
    assert text_problem("名" * 128, max_length=128) is None
    assert text_problem("名" * 129, max_length=128, label="科目名称") == "科目名称超过128个字"
    assert text_problem(None) is None


# -- the table form -------------------------------------------------------


@pytest.fixture
def table_world(client):
    reference_codes_load_files(year=2024)
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    return report, version


NAME_BEFORE = "机关事业单位基本养老保险缴费支出"


@pytest.mark.parametrize(("typed", "message"), [*HOSTILE, ("科" * 300, "超过128个字"), ("行政\n运行", "只能写一行")])
def test_the_table_form_refuses_a_bad_name_and_saves_nothing(client, table_world, typed, message):
    report, version = table_world
    revision = version.revision
    response = submit(client, f"/workspace/reports/{report.pk}/tables/3/", changes={"name__2080505": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "科目2080505的名称" in page and message in page and "没有保存" in page
    assert CodeRow.objects.get(version=version, table=3, code="2080505").name == NAME_BEFORE
    version.refresh_from_db()
    assert version.revision == revision


def test_the_table_form_refuses_a_nul_in_the_code_to_add(client, table_world):
    report, version = table_world
    response = submit(client, f"/workspace/reports/{report.pk}/tables/3/", action="add", add_code="行政\x00运行")
    assert response.status_code == 200
    assert "添加的科目含有空字符" in response.content.decode()
    assert CodeRow.objects.filter(version=version, table=3).count() == 4


def test_a_name_refused_before_still_leaves_every_download_working(client, table_world):
    """The reported case: 行政运行\\x01\\x0b\\x1b[0m through the form, then the report's workbook."""
    report, version = table_world
    submit(client, f"/workspace/reports/{report.pk}/tables/3/", changes={"name__2080505": "行政运行\x01\x0b\x1b[0m"})
    assert client.get(f"/workspace/reports/{report.pk}/tables.xlsx").status_code == 200


# -- the workbook upload ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("行政\x85运行", "控制字符（U+0085）"),
        ("行政运行\x7f", "控制字符（U+007F）"),
        ("\u202e行运政行", "改变文字方向"),
        ("行政\n运行", "只能写一行"),
    ],
)
def test_an_uploaded_name_is_refused_naming_sheet_and_cell(client, typed, message):
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    workbook = sample_workbook()
    workbook["公开03表"]["B11"] = typed  # 2080505's name
    upload = SimpleUploadedFile("tables.xlsx", save(workbook), content_type=XLSX)
    response = client.post(f"/workspace/reports/{report.pk}/upload/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "公开03表!B11：科目 2080505 的名称" in page and message in page and "未导入任何数据" in page
    assert CodeRow.objects.get(version=version, table=3, code="2080505").name == NAME_BEFORE


# -- the narrative editor ----------------------------------------------------


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_a_narrative_section_refuses_controls_and_bidi(client, typed, message):
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    url = f"/workspace/reports/{report.pk}/narrative/explanation.income/"
    body = f"2024年度收入合计583.56万元。\n{typed}"
    response = client.post(url, {"body": body, "revision": version.revision, "action": "save"})
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not NarrativeSection.objects.filter(version=version, key="explanation.income").exclude(body="").exists()
    response = client.post(url, {"body": "第一段。\r\n\t第二段。", "revision": version.revision, "action": "save"})
    assert response.status_code == 302
    assert NarrativeSection.objects.get(version=version, key="explanation.income").body == "第一段。\n\t第二段。"


# -- the performance evaluations ---------------------------------------------


@pytest.fixture
def evaluation_world(client):
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    return report, version


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("project_name", "项目\x00名称", "空字符"),
        ("project_name", "项目\x1b[0m", "控制字符（U+001B）"),
        ("goals", "目标\u202e标目", "改变文字方向"),
        ("category", "类" * 65, "超过64个字"),
        ("ind-0-level1", "一" * 65, "超过64个字"),
        ("ind-0-target", "值\x01", "控制字符（U+0001）"),
    ],
)
def test_the_performance_form_refuses_bad_text_and_writes_nothing(client, evaluation_world, field, typed, message):
    report, version = evaluation_world
    response = client.post(reverse("workspace:performance_new", args=[report.pk]), _post_data(SEED002_ROWS, **{field: typed}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProjectEvaluation.objects.exists()


def test_the_performance_form_keeps_line_breaks_in_long_text(client, evaluation_world):
    report, version = evaluation_world
    data = _post_data(SEED002_ROWS, goals="一、完成认证；\r\n二、按时拨付。")
    assert client.post(reverse("workspace:performance_new", args=[report.pk]), data).status_code == 302
    assert ProjectEvaluation.objects.get(version=version).goals.splitlines() == ["一、完成认证；", "二、按时拨付。"]


def test_the_performance_workbook_import_names_sheet_and_cell(client, evaluation_world):
    report, version = evaluation_world
    client.post(reverse("workspace:performance_new", args=[report.pk]), _post_data(SEED002_ROWS))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_bytes(version=version)))
    sheet = book["项目1"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == "项目名称")
    sheet.cell(row=row, column=2).value = "项目\u202e名称"
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "绩效.xlsx"
    with pytest.raises(WorkbookError) as caught:
        read_workbook(upload)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"项目1!B{row}：项目名称：") and "改变文字方向" in m for m in messages), messages


# -- findings, checklist, return, correction ------------------------------------


@pytest.fixture
def checks_world():
    region = make_region()
    department = make_department(region)
    report, version = make_report(department, complete=False)
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    checklist_template_load(year=2024)
    return report, version, make_user(Role.ACCOUNTANT, departments=[department]), make_user(Role.REVIEWER, region=region)


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_a_finding_explanation_and_a_checklist_remark_are_refused(client, checks_world, typed, message):
    report, version, accountant, _ = checks_world
    client.force_login(accountant)
    finding = Finding.objects.get(version=version, rule_code="X01-03-CLS")
    url = f"/workspace/reports/{report.pk}/checks/findings/{finding.pk}/"
    page = client.post(url, {"explanation": f"尾差{typed}"}, follow=True).content.decode()
    assert "说明" in page and message in page
    finding.refresh_from_db()
    assert finding.explanation == ""
    url = f"/workspace/reports/{report.pk}/checks/checklist/"
    page = client.post(url, {"answer-1": "是", "answer-2": "否", "remark-2": f"排版{typed}"}, follow=True).content.decode()
    assert "第2项的备注" in page and message in page
    assert not ChecklistAnswer.objects.filter(version=version).exists()


def test_a_checklist_remark_longer_than_the_limit_is_refused(client, checks_world):
    report, version, accountant, _ = checks_world
    client.force_login(accountant)
    url = f"/workspace/reports/{report.pk}/checks/checklist/"
    page = client.post(url, {"answer-2": "否", "remark-2": "长" * 5001}, follow=True).content.decode()
    assert "超过5000个字" in page
    assert not ChecklistAnswer.objects.filter(version=version).exists()


@pytest.mark.parametrize(("typed", "message"), HOSTILE)
def test_a_return_reason_and_a_reviewer_remark_are_refused(client, checks_world, typed, message):
    report, version, _, reviewer = checks_world
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
    version.refresh_from_db()
    client.force_login(reviewer)
    response = client.post(
        f"/review/reports/{report.pk}/return/",
        {"reason": f"三公经费{typed}", "confirm": "1", "expected_state": "submitted", "expected_revision": version.revision},
    )
    assert response.status_code == 409
    assert "退回理由" in response.content.decode() and message in response.content.decode()
    assert not ReviewDecision.objects.exists()
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
    url = f"/review/reports/{report.pk}/checklist/7/"
    page = client.post(url, {"status": "disputed", "reviewer_remark": f"有误{typed}"}, follow=True).content.decode()
    assert "第7项的审核说明" in page and message in page
    assert not ChecklistAnswer.objects.filter(version=version, item__no=7).exclude(reviewer_status="").exists()


@pytest.mark.parametrize(("typed", "message"), HOSTILE[:2] + HOSTILE[4:5])
def test_a_correction_note_is_refused(client, typed, message):
    department = make_department(make_region())
    report, version = make_report(department, state=VersionState.PUBLISHED)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    response = client.post(f"/workspace/reports/{report.pk}/correction/", {"correction_note": f"更正{typed}"})
    assert response.status_code == 409
    assert "更正说明" in response.content.decode() and message in response.content.decode()
    assert report.versions.count() == 1


# -- the admin's names (shown in compare, dashboard and every download) ----------


def test_the_admin_refuses_a_department_name_with_bidi_or_controls(client):
    from disclosures.models import Department

    region = make_region()
    client.force_login(make_user(Role.ADMIN))
    data = {"region": region.pk, "code": "D999001", "name": "\u202e局政财", "aliases": ""}
    response = client.post("/admin/disclosures/department/add/", data)
    assert response.status_code == 200 and "改变文字方向" in response.content.decode()
    response = client.post("/admin/disclosures/department/add/", {**data, "name": "财政\x1b局"})
    assert response.status_code == 200 and "控制字符（U+001B）" in response.content.decode()
    assert not Department.objects.filter(code="D999001").exists()
    response = client.post("/admin/disclosures/department/add/", {**data, "name": "财政局", "aliases": "财政\n市财政局"})
    assert response.status_code == 302
    assert Department.objects.get(code="D999001").alias_list() == ["财政", "市财政局"]


def test_an_official_code_list_with_a_bad_or_overlong_name_is_refused_whole():
    from disclosures.models import CodeKind, ReferenceCode
    from disclosures.reference import ReferenceImportError, reference_codes_replace

    rows = [("201", "一般公共服务支出", "表!A2"), ("20101", "人大\x00事务", "表!A3"), ("20102", "政" * 129, "表!A4")]
    with pytest.raises(ReferenceImportError) as caught:
        reference_codes_replace(kind=CodeKind.FUNCTION, year=2031, rows=rows)
    assert caught.value.problems == ["表!A3：科目 20101 的名称含有空字符（U+0000）（第3个字符），请删除后再提交", "表!A4：科目 20102 的名称超过128个字"]
    assert not ReferenceCode.objects.filter(year=2031).exists()
