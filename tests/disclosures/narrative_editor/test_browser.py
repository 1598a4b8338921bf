"""The 说明 section editor in a real browser (headless Chromium, under the site's strict CSP):
open a section, put the draft in, change a figure to a wrong one, save, see it highlighted."""

import re

import pytest

from disclosures.models import NarrativeSection
from portal.accounts.models import Role
from tests.browser import log_in
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_draft_then_a_wrong_figure_saved_is_highlighted(live_server, browser_page):
    from playwright.sync_api import expect

    page, problems = browser_page
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    user = make_user(Role.ACCOUNTANT, departments=[department])

    log_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/workspace/reports/{report.pk}/narrative/")
    page.click("a >> text=二、收入决算情况说明")
    page.wait_for_load_state()
    assert "/narrative/explanation.income/" in page.url

    textarea = page.locator("textarea[name=body]")
    page.fill("textarea[name=body]", "我先写的一句话。")
    dialogs, answers = [], [False, True]  # first "cancel", then "replace"

    def on_dialog(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.accept() if dialog.type == "confirm" and answers.pop(0) else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.click("button.draft")
    expect(page.locator(".draft-status")).to_contain_text("已取消")
    assert dialogs == [("confirm", dialogs[0][1])] and "替换" in dialogs[0][1]  # asked before replacing
    assert textarea.input_value() == "我先写的一句话。"  # cancelled: the text is untouched
    page.click("button.draft")
    expect(textarea).to_have_value(re.compile(r"^2024年度"))
    assert [d[0] for d in dialogs] == ["confirm", "confirm"]
    draft = textarea.input_value()
    assert draft.startswith("2024年度收入合计68.33万元。")
    assert "未保存" in page.text_content(".draft-status")
    assert NarrativeSection.objects.get(version=version, key="explanation.income").body == ""  # not saved yet
    assert "/narrative/explanation.income/" in page.url  # filled in place, no page load

    wrong = draft.replace("收入合计68.33万元", "收入合计99.99万元", 1)
    page.fill("textarea[name=body]", wrong)
    page.click("button.save")
    page.wait_for_load_state()
    assert "已保存" in page.text_content("ul.messages")
    assert [d for d in dialogs if d[0] == "beforeunload"] == []  # saving is not leaving

    mark = page.locator(".narrative-preview mark.text-finding")
    assert mark.count() == 1
    assert "99.99" in mark.text_content()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    finding = page.locator(".text-findings li.finding-error")
    assert "68.33" in finding.locator(".expected").text_content()
    finding.locator(".places a").click()
    assert page.evaluate("location.hash") == "#" + mark.get_attribute("id")
    assert textarea.input_value() == wrong
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
