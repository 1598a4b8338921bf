"""The accountant's day in the browser (issue 22), on a 1280 px desktop and on a 390 px phone:

the workspace list says for each report the deadline's countdown, the step, the to-do and a
return's reason; 从上年带入 fills a new year's report from last year's; the performance form
starts prefilled and adds indicator rows in place; 公开02表 shows every column. No page scrolls
sideways: a wide table scrolls in its own frame.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from disclosures.demo.synthetic import consistent_tables
from disclosures.models import GlossaryEntry, NarrativeSection, ProjectEvaluation, ReportingYear, ReportVersion, VersionState
from disclosures.selectors import version_tables
from disclosures.services import report_create, report_published_version_refresh, version_replace_tables
from portal.accounts.models import Role
from reviews.workflow import review_return
from tests.browser import DESKTOP, PHONE, axe_serious, log_in
from tests.factories import GOOD_LINES, PASSWORD, make_department, make_region, make_report, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_REASON = "请核对公开05表基本支出，并补充机关运行经费的说明。"


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def day():
    """The accountant's units: 养老保险办公室 (last year's report published with balances, this
    year's new and empty) under 人社局, and 卫健局, whose report came back from the reviewer."""
    today = timezone.localdate()
    ReportingYear.objects.create(year=2024, submit_deadline=today + timedelta(days=12), publish_deadline=today + timedelta(days=30))
    region = make_region()
    head = make_department(region, name="武汉市蔡甸区人力资源和社会保障局")
    unit = make_department(region, name="武汉市蔡甸区城乡居民养老保险办公室", parent=head)
    last, version = make_report(unit, year=2023)
    tables = consistent_tables(GOOD_LINES)
    tables[1].set("60", "amount", "86000.00")
    version_replace_tables(version=version, tables=tables.values())
    GlossaryEntry.objects.create(version=version, position=1, term="财政拨款收入", definition="指本级财政当年拨付的资金。")
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    report_published_version_refresh(report=last)
    new, _ = report_create(department=unit, year=2024)
    returned, returned_version = make_report(make_department(region, name="武汉市蔡甸区卫生健康局"), state=VersionState.SUBMITTED)
    review_return(version=returned_version, user=make_user(Role.REVIEWER, region=region), reason=RETURN_REASON, cells=["5:total:basic"])
    accountant = make_user(Role.ACCOUNTANT, departments=[head, unit, returned.department])
    head_report, _ = make_report(head)
    return {"accountant": accountant, "new": new, "returned": returned, "head_report": head_report, "today": today}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_accountants_day(live_server, browser, screenshots, day, phone):
    page = browser(phone=phone)
    width = (PHONE if phone else DESKTOP)["width"]
    log_in(page, live_server.url, day["accountant"].username, PASSWORD)
    page.wait_for_load_state()

    # ---- the list: deadline, step, to-do, and why a report came back
    page.goto(f"{live_server.url}/workspace/")
    returned = page.locator("table.workspace-list tr", has_text="卫生健康局")
    assert "已退回：请核对公开05表基本支出，并补充机关运行经费的说明。" in returned.inner_text()
    assert "距报送截止" in returned.inner_text() and "还有12天" in returned.inner_text()
    returned.locator("summary", has_text="退回理由").click()
    assert returned.locator("details.return-reason").inner_text().count(RETURN_REASON) == 1
    assert "另有1处具体问题" in returned.inner_text()
    new = page.locator("table.workspace-list tr", has_text="养老保险办公室 2024年度")
    assert new.locator("[aria-current=step]").inner_text() == "填报"
    assert "待提交" in page.locator("table.workspace-list tr", has_text="人力资源和社会保障局 2024年度").inner_text()
    assert page_width(page) <= width
    screenshots(page, "workspace-list", at=returned)
    if not phone:
        assert axe_serious(page) == []

    # ---- 从上年带入 on the new year's report
    new.get_by_role("link").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="从上年带入").click()
    page.wait_for_load_state()
    said = page.locator("ul.messages").inner_text()
    assert "已从2023年度报告（第1版，已公开）带入" in said and "名词解释1条" in said and "公开01表第29行“年初结转和结余”" in said
    version = day["new"].versions.get()
    assert version_tables(version=version)[1].get("29", "amount") == Decimal("86000.00")
    assert NarrativeSection.objects.get(version=version, key="overview.functions").body
    assert page_width(page) <= width
    screenshots(page, "carried-over", at=page.locator("ul.messages"))

    # ---- the performance form: prefilled, rows added in place, one struck out
    page.get_by_role("link", name="填报绩效自评表（附件）").click()
    page.get_by_role("link", name="新增项目自评表").click()
    page.wait_for_load_state()
    assert page.input_value("#id_unit_name") == "武汉市蔡甸区城乡居民养老保险办公室"
    assert page.input_value("#id_competent_department") == "武汉市蔡甸区人力资源和社会保障局"
    assert page.input_value("#id_execution_weight") == "20"
    page.select_option("#id_template_key", "hunan_project_2024")
    assert page.input_value("#id_execution_weight") == "10"  # the template's 预算执行分值 follows the template
    assert "预算执行10分，绩效指标合计90分" in page.locator("#template-hint").inner_text()
    page.fill("#id_project_name", "社保扶贫代缴资金")
    page.fill("#id_budget", "10")
    page.fill("#id_executed", "9.5")
    page.evaluate("window.notReloaded = true")
    rows = page.locator("table.indicators tbody.indicator")
    assert rows.count() == 2
    page.get_by_role("button", name="添加一行").click()
    page.get_by_role("button", name="添加一行").click()
    assert rows.count() == 4 and page.evaluate("window.notReloaded") is True  # in place, nothing posted
    assert page.locator("input[name='ind-3-level3']").count() == 1 and rows.nth(3).locator("th.no").inner_text() == "4"
    assert "已添加第4行" in page.locator(".indicator-status").inner_text()
    for index, values in ((0, ("产出指标", "数量指标", "代缴人数", "60")), (2, ("效益指标", "社会效益指标", "应保尽保", "30")),
                          (3, ("满意度指标", "服务对象满意度指标", "群众满意度", "10"))):
        for name, value in zip(("level1", "level2", "level3", "weight"), values, strict=True):
            page.fill(f"input[name='ind-{index}-{name}']", value)
    page.fill("input[name='ind-0-target']", "≥300人")
    page.fill("input[name='ind-0-actual']", "318人")
    page.check("input[name='ind-3-DELETE']")
    assert "deleted" in rows.nth(3).get_attribute("class")
    assert page_width(page) <= width  # the indicator table scrolls in its own frame on a phone
    screenshots(page, "performance-rows-added", at=page.locator("#indicators"))
    if not phone:
        frame = page.locator(".indicator-frame")
        assert frame.evaluate("e => e.scrollWidth <= e.clientWidth")  # every column in view at 1280 px
        assert axe_serious(page) == []
    page.get_by_role("button", name="保存", exact=True).last.click()
    page.wait_for_load_state()
    assert "已保存《社保扶贫代缴资金》" in page.locator("ul.messages").inner_text()
    evaluation = ProjectEvaluation.objects.get(version=version)
    assert [i.level3 for i in evaluation.indicators.all()] == ["代缴人数", "应保尽保"]  # the struck-out row is gone
    assert (evaluation.unit_name, evaluation.execution_weight) == ("武汉市蔡甸区城乡居民养老保险办公室", Decimal("10"))

    # ---- 公开02表: every column in view on a desktop; on a phone the table scrolls in its frame
    page.goto(f"{live_server.url}/workspace/reports/{day['head_report'].pk}/tables/2/")
    frame = page.locator("form.table-edit .scroll")
    other = page.get_by_role("columnheader", name="其他收入")
    remove = page.get_by_role("button", name="移除").first
    names = page.locator("th.code-name input")
    assert names.count() == len(GOOD_LINES)
    assert names.evaluate_all("inputs => inputs.every(i => i.scrollWidth <= i.clientWidth)")  # 科目名称 not cut
    assert page_width(page) <= width
    if phone:
        assert frame.evaluate("e => e.scrollWidth > e.clientWidth")
        frame.evaluate("e => e.scrollLeft = e.scrollWidth")
    else:
        assert frame.evaluate("e => e.scrollWidth <= e.clientWidth")
    for element in (other, remove):
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    screenshots(page, "table-02", at=page.locator("h1"))
    if not phone:  # the other wide tables (05, 06, 08, 09's twelve columns) fit too
        for number in range(1, 10):
            page.goto(f"{live_server.url}/workspace/reports/{day['head_report'].pk}/tables/{number}/")
            assert page.locator("form.table-edit .scroll").evaluate("e => e.scrollWidth <= e.clientWidth"), number
            assert page_width(page) <= width, number
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
