"""The whole year in a real browser, against a real server, worker, PostgreSQL and Redis.

The accountant uploads the sample workbook, explains its warnings, answers the checklist,
writes every part of the text and submits; the reviewer returns it with a reason on one cell; the accountant fixes that cell in
the web form and resubmits; the reviewer approves; a real Celery worker renders the PDF and the
report is published; an anonymous visitor finds it, reads it and downloads its PDF and workbook.
Only what a user would click: the start page and the login page are the only addresses typed.
"""

import io
import re
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from disclosures.services import report_create
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_user

pytestmark = [pytest.mark.services, pytest.mark.browser, pytest.mark.slow]

WORKBOOK = Path(__file__).resolve().parent.parent / "fixtures" / "workbooks" / "caidian-2024.xlsx"
DEPARTMENT = "武汉市蔡甸区城乡居民养老保险办公室"
RETURNED_CELL = "9:1:budget_reception"  # 公开09表 预算数 公务接待费, left empty in the workbook
RETURN_REASON = "公开09表“三公”经费预算数中的公务接待费漏填，应为0.50万元。"
SAMPLE_UNIT = "武汉市蔡甸区城乡居民社会养老保险办公室"  # the workbook's 编制单位: the unit's former name
SECTION_TEXT = "本部门按规定如实说明本部分情况。"
PDF_TIMEOUT = 90  # seconds for the worker to render the PDF; a limit, not a measurement


def log_in(page, username):
    """From wherever the page is: the header's 登录 link, then the login form."""
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="登录").click()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def messages(page):
    box = page.locator("ul.messages")
    return box.inner_text() if box.count() else ""


def state_label(page):
    return page.locator("p.meta .state").first.inner_text()


@pytest.fixture
def portal_year(transactional_db):
    """What the administrator prepares before the year starts: codes, rules and checklist, the
    department and its report, an accountant and the region's reviewer."""
    call_command("load_reference_codes", stdout=io.StringIO())
    call_command("load_rules", stdout=io.StringIO())
    region = make_region("蔡甸区")
    department = make_department(region, name=DEPARTMENT)
    department.aliases = SAMPLE_UNIT  # so the sample's 编制单位 is recognised as this unit
    department.save(update_fields=["aliases"])
    report, _ = report_create(department=department, year=2024)
    return {
        "report": report,
        "accountant": make_user(Role.ACCOUNTANT, departments=[department]),
        "reviewer": make_user(Role.REVIEWER, region=region),
        "department": department,
    }


def test_upload_review_return_fix_approve_publish_and_read(
    portal_year, live_server, render_worker, browser, screenshots, tmp_path
):
    accountant, reviewer = portal_year["accountant"], portal_year["reviewer"]
    sample = tmp_path / "caidian-2024.xlsx"
    shutil.copyfile(WORKBOOK, sample)
    page = browser()

    # ---- the accountant uploads the sample workbook
    page.goto(live_server.url + "/")
    screenshots(page, "start-page")
    log_in(page, accountant.username)
    assert page.locator("h1").inner_text() == "填报工作台"
    screenshots(page, "accountant-workspace")
    page.get_by_role("link", name=DEPARTMENT).click()
    assert DEPARTMENT in page.locator("h1").inner_text()
    assert state_label(page) == "草稿"
    page.get_by_role("link", name="上传 Excel").click()
    page.set_input_files("#id_file", str(sample))
    screenshots(page, "upload-form")
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state()
    assert "已从“caidian-2024.xlsx”导入九张公开表" in messages(page)
    assert "来源：caidian-2024.xlsx" in page.locator("p.meta").first.inner_text()
    assert "有5个提示尚未填写说明" in page.locator("section.workflow ul.error").inner_text()
    screenshots(page, "uploaded")

    # ---- sees the findings: five rounding warnings in the tables, each with its cells, and what
    # is still missing (sixteen empty parts of the text, the checklist) as completeness errors
    page.get_by_role("link", name="审核结果与自查表").click()
    findings = page.locator("#findings-表格 + ul li.finding")
    assert findings.count() == 5
    assert page.locator("#findings-表格 + ul li.finding-error").count() == 0
    assert page.locator("#findings-完整性 + ul li.finding-error").count() == 17
    for i in range(5):
        text = findings.nth(i).inner_text()
        assert "提示（尾差）" in text and "单元格：" in text, text
    first = findings.first.inner_text()
    assert "R01-058" in first and "公开01表 第58行" in first and "583.56" in first
    screenshots(page, "findings", at=page.locator("section.findings"))

    # ---- explains every warning
    for i in range(5):
        form = page.locator("form.explain").nth(i)
        form.locator("textarea").fill(f"按万元逐项四舍五入形成的尾差（第{i + 1}条），元数据核对无误。")
        form.get_by_role("button", name="保存说明").click()
        page.wait_for_load_state()
        assert "的说明已保存" in messages(page)
    assert page.locator("p.explanation").count() == 5
    assert "尚未说明" not in page.locator("section.findings").inner_text()
    screenshots(page, "warnings-explained", at=findings.last)

    # ---- answers the checklist
    selects = page.locator("section.checklist select")
    assert selects.count() > 0
    for i in range(selects.count()):
        selects.nth(i).select_option("是")
    page.get_by_role("button", name="保存自查表").click()
    page.wait_for_load_state()
    assert "自查表已保存" in messages(page)
    screenshots(page, "checklist-answered", at=page.locator("section.checklist"))

    # ---- writes every part of the text, going from one empty part to the next
    page.get_by_role("link", name=re.compile(r"^← ")).click()
    page.locator("section.narrative-summary tr.status-empty th a").first.click()
    written = 0
    while True:
        page.fill("#id_body", SECTION_TEXT)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_load_state()
        assert "已保存" in messages(page)
        written += 1
        empty = page.locator("nav.section-nav li.nav-status-empty a")
        if not empty.count():
            break
        empty.first.click()
    assert written == 16
    screenshots(page, "text-written")
    page.get_by_role("link", name=re.compile(DEPARTMENT)).first.click()
    assert not page.locator("section.workflow ul.error").count()

    # ---- and submits
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert state_label(page) == "已提交"
    screenshots(page, "submitted")
    log_out(page)

    # ---- the reviewer opens the dashboard and the report
    log_in(page, reviewer.username)
    assert "审核工作台" in page.locator("h1").inner_text()
    row = page.locator("table tr", has=page.get_by_role("link", name=DEPARTMENT))
    assert "已提交" in row.inner_text()
    screenshots(page, "reviewer-dashboard")
    row.get_by_role("link", name=DEPARTMENT).click()
    assert state_label(page) == "已提交"
    assert page.locator("section.findings p.explanation").count() == 5
    screenshots(page, "reviewer-report")

    # ---- returns it with a reason on one cell
    form = page.locator("form.return-form")
    form.locator("textarea[name=reason]").fill(RETURN_REASON)
    # the cell is picked by clicking it in the table below (static/js/review_cells.js)
    page.locator("#t" + RETURNED_CELL.replace(":", "-")).click()
    assert form.locator("textarea[name=cells]").input_value() == RETURNED_CELL
    form.locator("input[name=confirm]").check()
    screenshots(page, "return-form", at=form)
    form.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state()
    assert "已退回填报人" in messages(page)
    assert state_label(page) == "退回"
    screenshots(page, "returned")
    log_out(page)

    # ---- the accountant sees the reason on the cell and fixes it in the web form
    log_in(page, accountant.username)
    row = page.locator("table tr", has=page.get_by_role("link", name=DEPARTMENT))
    assert "退回" in row.inner_text()
    row.get_by_role("link", name=DEPARTMENT).click()
    notice = page.locator("section.workflow .notice")
    assert RETURN_REASON in notice.inner_text()
    # Each reason is listed on the submit form, the cell's with a link to it.
    cell_link = page.locator("section.workflow fieldset.return-replies").get_by_role("link", name=re.compile("公开09表"))
    assert "公务接待费" in cell_link.inner_text()
    screenshots(page, "accountant-sees-return", at=notice)
    cell_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("公开09表")
    flagged = page.locator("td.returned")
    assert flagged.count() == 1
    field = flagged.locator("input[name='c__1__budget_reception']")
    assert field.count() == 1
    assert RETURN_REASON in flagged.inner_text()
    screenshots(page, "returned-cell-highlighted")
    field.fill("0.5")
    assert page.input_value("input[name=c__1__budget_total]") == "0.50"  # the total follows the typing
    page.get_by_role("button", name="保存").last.click()
    page.wait_for_load_state()
    assert "已保存公开09表" in messages(page)
    assert page.input_value("input[name=c__1__budget_reception]") == "0.50"
    assert page.input_value("input[name=c__1__budget_total]") == "0.50"
    screenshots(page, "cell-fixed")
    page.get_by_role("link", name=re.compile(r"^← ")).click()
    # The changed cell answers its reason; the reviewer's general reason is answered in writing.
    replies = page.locator("section.workflow fieldset.return-replies li")
    assert replies.count() == 2
    assert "单元格已修改，已答复" in replies.nth(1).inner_text()
    assert "尚未答复" in replies.nth(0).inner_text()
    replies.nth(0).locator("textarea").fill("已补填公务接待费预算数")
    screenshots(page, "return-answered", at=page.locator("section.workflow"))
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert state_label(page) == "已提交"
    screenshots(page, "resubmitted")
    log_out(page)

    # ---- the reviewer approves; the worker renders the PDF and the report is published
    log_in(page, reviewer.username)
    page.locator("table tr", has=page.get_by_role("link", name=DEPARTMENT)).get_by_role("link", name=DEPARTMENT).click()
    page.get_by_role("button", name="审核通过…").click()
    page.wait_for_load_state()
    # The confirmation page: the worker renders the preview PDF, the page follows its progress.
    assert page.locator("h1").inner_text().startswith("确认审核通过")
    preview = page.locator("section.preview-status .preview-link")
    preview.wait_for(state="visible", timeout=PDF_TIMEOUT * 1000)
    assert "已生成" in page.locator("section.preview-status .preview-state").inner_text()
    screenshots(page, "approve-preview", at=page.locator("section.preview-status"))
    page.get_by_role("button", name="确认审核通过").click()
    page.wait_for_load_state()
    assert "已审核通过" in messages(page)
    screenshots(page, "approved", at=page.locator("section.document-status"))
    # The page is reloaded until the worker has stored the PDF and the version is published.
    deadline = time.monotonic() + PDF_TIMEOUT
    pdf_link = page.locator("section.document-status").get_by_role("link", name="下载 PDF")
    while not (pdf_link.count() and state_label(page) == "已公开"):
        code = render_worker.process.poll()
        if code is not None:
            pytest.fail(f"the worker exited with code {code}:\n{render_worker.log()}")
        if time.monotonic() > deadline:
            screenshots(page, "pdf-never-came")
            pytest.fail(f"no PDF within {PDF_TIMEOUT} s; worker log:\n{render_worker.log()}")
        page.wait_for_timeout(1000)
        page.reload()
    assert re.search(r"render_document\[[-0-9a-f]+\] succeeded in .*'done'", render_worker.log())  # the worker did it
    assert "已生成" in page.locator("section.document-status").inner_text()
    screenshots(page, "published-with-pdf", at=page.locator("section.document-status"))
    log_out(page)

    # ---- an anonymous visitor finds the report, reads it, downloads the PDF and the workbook
    visitor = browser()
    visitor.goto(live_server.url + "/")
    visitor.fill("#search-q", "城乡居民养老")
    visitor.get_by_role("button", name="搜索").click()
    visitor.wait_for_load_state()
    hit = visitor.locator("ol.search-results").get_by_role("link", name=re.compile(DEPARTMENT))
    assert hit.count() == 1
    screenshots(visitor, "search-results")
    hit.click()
    assert visitor.locator("h1").inner_text() == f"2024年度{DEPARTMENT}部门决算公开"
    table1 = visitor.locator("#table-1").inner_text()
    assert "583.56" in table1
    assert "0.50" in visitor.locator("#table-9").inner_text()
    screenshots(visitor, "public-report", at=visitor.locator("#table-1"))

    # “PDF 全文” opens in the browser (自查表第53项); “下载” beside it saves the file
    opened = visitor.request.get(live_server.url + visitor.get_by_role("link", name="PDF 全文").get_attribute("href"))
    assert opened.headers["content-type"] == "application/pdf" and opened.headers["content-disposition"].startswith("inline;")
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="下载", exact=True).click()
    pdf_path = tmp_path / "report.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    text = "".join(p.extract_text() or "" for p in PdfReader(pdf_path).pages)
    assert DEPARTMENT in text and "583.56" in text

    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="九张公开表（Excel 工作簿）").click()
    xlsx_path = tmp_path / "tables.xlsx"
    download.value.save_as(xlsx_path)
    workbook = openpyxl.load_workbook(xlsx_path)
    table1 = [v for row in workbook["公开01表"].iter_rows(values_only=True) for v in row]
    assert 583.56 in table1
    table9 = list(workbook["公开09表"].iter_rows(values_only=True))
    assert "金额单位：万元" in table9[2]
    figures = table9[table9.index(tuple(range(1, 13))) + 1]  # the line under the 栏次 row
    assert table9[4][5] == "公务接待费" and figures[5] == 0.5  # 预算数 公务接待费: the corrected cell
    assert figures[0] == 0.5  # and its total
    screenshots(visitor, "downloads-done", at=visitor.locator("section.report-tools"))

    assert not page.problems and not visitor.problems, (page.problems, visitor.problems)
