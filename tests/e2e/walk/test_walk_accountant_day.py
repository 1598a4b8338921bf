"""An accountant's day in the browser (issue 22, “Accountant”), on a desktop and on a 390 px phone.

Each window has its own department of the demo, so what one window writes the other does not see:
人力资源和社会保障局 on the desktop, 卫生健康局 (a draft again) on the phone. Both start from the sample
workbook (seed 001's nine tables, with its five 尾差) under their own name, the text not yet written
and the checklist not yet answered. The day: upload the workbook (6), read the report page's steps
(7), follow a finding to its cell and try to submit (1), read the findings and explain the 尾差 at
once (2), answer the checklist (3), fill a project's self-evaluation (4), type in a table (5).

Items another change is building (the performance form's rows, 02's columns, the workspace list)
are not walked here.
"""

import re

import pytest

from disclosures.models import Report, ReportVersion, VersionState
from disclosures.selectors import version_latest
from reviews.models import Finding

from .workbooks import report_from_sample

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEPARTMENTS = {"desktop": "武汉市蔡甸区人力资源和社会保障局", "phone": "武汉市蔡甸区卫生健康局"}


def walk_setup(folder):
    reports, workbooks = {}, {}
    for window, name in DEPARTMENTS.items():
        report = Report.objects.get(department__name=name, year=2024)
        ReportVersion.objects.filter(report=report).update(state=VersionState.DRAFT)  # 卫生健康局 was 退回
        reports[window], workbooks[window] = report.pk, report_from_sample(report, folder)
    return {"reports": reports, "workbooks": workbooks}


def open_report(page, site, window):
    """From the workspace list to the window's report, as the accountant clicks."""
    page.goto(f"{site.url}/workspace/")
    page.get_by_role("link", name=DEPARTMENTS[window]).click()
    page.wait_for_load_state()
    assert DEPARTMENTS[window] in page.locator("h1").inner_text()


def open_findings(page, site, window):
    open_report(page, site, window)
    page.get_by_role("link", name="审核结果与自查表").click()
    page.wait_for_load_state()


def messages(page):
    box = page.locator("ul.messages")
    return box.inner_text() if box.count() else ""


def in_view(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0 and box["x"] < size["width"]


def test_6_an_upload_says_how_many_errors_and_warnings_are_open(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_report(page, walk_site, window)
    page.get_by_role("link", name="上传 Excel").click()
    page.set_input_files("#id_file", str(walk_site.data["workbooks"][window]))
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_load_state()

    said = re.search(r"导入九张公开表。现有(\d+)个错误、(\d+)个提示待处理", messages(page))
    assert said, messages(page)
    with walk_site.orm():
        version = version_latest(report=Report.objects.get(pk=walk_site.data["reports"][window]))
        open_findings = Finding.objects.filter(version=version)
        counts = (open_findings.filter(severity="error").count(), open_findings.filter(severity="warning").count())
    assert (int(said[1]), int(said[2])) == counts and counts[1] == 5
    meta = page.locator("p.meta").first.inner_text()
    assert "金额单位：" in meta and "填报单位" not in page.content()
    shot(page, "accountant-6-upload-counts")


def test_7_the_report_page_shows_the_steps_and_the_days_to_the_deadline(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_report(page, walk_site, window)
    steps = page.locator("ol.steps li")
    assert steps.all_inner_texts() == ["填报", "自查", "提交", "审核", "公开"]
    current = page.locator('ol.steps li[aria-current="step"]')
    assert current.inner_text() == "填报"  # errors are open: still filling in
    countdown = page.locator("p.countdown")
    assert re.fullmatch(r"(距报送截止（9月20日）还有\d+天|今天（9月20日）是报送截止日|已超过报送截止（9月20日）\d+天)", countdown.inner_text())
    assert in_view(page, countdown) and in_view(page, current)  # seen without scrolling
    shot(page, "accountant-7-steps")


def test_1_a_finding_opens_the_form_at_its_cell_and_a_refused_submission_links_each_error(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_findings(page, walk_site, window)
    finding = page.locator("li.finding", has_text="R01-058")
    finding.get_by_role("link", name="公开01表 第58行 金额（公开01表!F33）").click()
    page.wait_for_load_state()
    assert re.search(r"/tables/1/#c__58__amount$", page.url)
    assert page.locator("h1").inner_text() == "公开01表 收入支出决算总表"
    cell = page.locator("#c__58__amount")
    assert cell.evaluate("input => input.matches(':target') && !input.readOnly")  # the form, not the read-only page
    outline = cell.evaluate("input => getComputedStyle(input.closest('td')).boxShadow")
    assert outline != "none"
    assert in_view(page, cell)
    shot(page, "accountant-1-finding-at-cell")

    page.get_by_role("link", name=re.compile("← ")).click()
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "操作未执行"
    to_fix = page.locator("section.to-fix")
    errors = to_fix.locator("ol.finding-list").first.locator("li")
    assert errors.count() >= 15
    for i in range(errors.count()):
        assert errors.nth(i).locator("a").count() >= 1, errors.nth(i).inner_text()
    warnings = to_fix.locator("li.finding-warning")
    assert warnings.count() == 5 and warnings.first.get_by_role("link", name="写说明").count() == 1
    unanswered = to_fix.locator("h3", has_text="自查表有")
    assert re.fullmatch(r"自查表有\d+项尚未回答", unanswered.inner_text())
    assert to_fix.locator('a[href*="/checks/#item-"]').count() > 10
    shot(page, "accountant-1-refused-submission", at=to_fix)
    errors.first.locator("a").first.click()  # an empty section: its editor opens
    page.wait_for_load_state()
    assert "/narrative/" in page.url


def test_2_findings_lead_with_their_sentence_and_one_click_explains_every_rounding(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_findings(page, walk_site, window)
    first = page.locator("#findings-表格 + ul li.finding").first
    sentence = first.locator("p").first
    text = sentence.inner_text()
    assert text.startswith("提示（尾差） 本年支出合计等于各功能分类支出之和："), text
    code = sentence.locator("small.rule-code")
    assert code.inner_text() == "R01-058" and text.endswith("R01-058")
    code_size = float(code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    text_size = float(sentence.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert code_size < text_size * 0.85

    form = page.locator("form.explain-all")
    assert form.locator("label").inner_text().startswith("5个尾差提示尚未说明")
    box = form.locator("textarea")
    default = box.input_value()
    assert "尾差" in default
    shot(page, "accountant-2-findings", at=page.locator("section.findings"))
    box.fill(default + "（已核对原始凭证）")
    form.get_by_role("button", name="为全部尾差写入说明").click()
    page.wait_for_load_state()
    assert page.locator("form.explain-all").count() == 0
    explained = page.locator("#findings-表格 + ul li.finding p.explanation")
    assert explained.count() == 5
    assert all("（已核对原始凭证）" in t for t in explained.all_inner_texts())


def test_3_the_checklist_answers_the_rest_yes_and_flags_what_the_report_contradicts(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_findings(page, walk_site, window)
    checklist = page.locator("#checklist")
    unanswered = checklist.locator("select").evaluate_all("selects => selects.filter(s => !s.value).length")
    assert unanswered > 40
    checklist.get_by_role("button", name="未回答的项目全部答“是”并保存").click()
    page.wait_for_load_state()
    assert checklist.locator("select").evaluate_all("selects => selects.filter(s => !s.value).length") == 0
    # 第14项 (决算表内容说明) answered 是 while those sections are empty: flagged on the item
    flagged = page.locator("li.finding", has_text="自查表第14项答“是”")
    assert flagged.count() == 1 and "尚未填写" in flagged.inner_text()
    # the 审核意见 column keeps a readable width: not one character a line
    opinion = checklist.locator("thead th", has_text="审核意见")
    assert opinion.bounding_box()["width"] >= 100
    shot(page, "accountant-3-checklist", at=checklist.locator("#item-12"))


def test_4_a_projects_attribute_is_one_choice(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_report(page, walk_site, window)
    page.get_by_role("link", name="填报绩效自评表（附件）").click()
    page.get_by_role("link", name="新增项目自评表").click()
    page.wait_for_load_state()
    ongoing = page.get_by_role("radio", name="持续性项目")
    new = page.get_by_role("radio", name="新增性项目")
    ongoing.check()
    new.check()
    assert new.is_checked() and not ongoing.is_checked()
    shot(page, "accountant-4-attribute", at=page.locator("#id_attribute"))


def test_5_a_wrong_amount_is_named_at_once_and_save_stays_in_view(walk, walk_site, window, shot):
    page = walk.page(window, "accountant")
    open_report(page, walk_site, window)
    page.locator("nav.nine-tables-nav").get_by_role("row", name=re.compile("公开03表")).get_by_role("link").click()
    page.wait_for_load_state()
    cell = page.locator("tbody tr:not(.total-row) td.num:not(.total) input[data-key]").first
    cell.scroll_into_view_if_needed()
    cell.fill("")
    cell.type("abc")
    said = cell.locator("xpath=ancestor::td").locator(".cell-live-error")
    assert said.inner_text().startswith("请输入金额数字") and said.is_visible()
    assert cell.get_attribute("aria-invalid") == "true"
    assert "/tables/3/" in page.url  # nothing was sent: the message came as it was typed
    page.mouse.wheel(0, 400)
    save = page.locator("p.actions button.save")
    assert in_view(page, save)
    shot(page, "accountant-5-abc")
