"""The table entry page in a real browser (headless Chromium, under the site's strict CSP):
totals follow typing, and leaving with unsaved changes asks first."""

import pytest

from portal.accounts.models import Role
from tests.browser import log_in
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_updates_totals_and_leaving_unsaved_changes_asks_first(live_server, browser_page):
    page, problems = browser_page
    department = make_department(make_region())
    report, _ = make_report(department)
    user = make_user(Role.ACCOUNTANT, departments=[department])

    log_in(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/workspace/reports/{report.pk}/tables/3/")

    form = page.locator("form.table-edit")
    assert form.get_attribute("data-dirty") == "0"
    assert page.input_value("input[name=c__total__basic]") == "373700.00"

    page.fill("input[name=c__2080505__basic]", "")
    page.type("input[name=c__2080505__basic]", "100.5")
    assert page.input_value("input[name=c__2080505__total]") == "100.50"
    assert page.input_value("input[name=c__total__basic]") == "200300.50"  # 373700 − 173500 + 100.50
    assert page.input_value("input[name=c__total__total]") == "509900.50"  # 683300 − 173500 + 100.50

    # A total the user types is kept, with the difference shown beside it.
    page.fill("input[name=c__total__project]", "1.00")
    page.type("input[name=c__2210201__project]", "9")
    assert page.input_value("input[name=c__total__project]") == "1.00"
    assert "相差-309608.00" in page.text_content("[data-warning-for='total|project']")

    assert page.evaluate("document.querySelector('form.table-edit').dataset.dirty") == "1"
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.click("nav.table-nav a >> text=公开01表")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/tables/3/" in page.url  # still here, nothing lost
    assert page.input_value("input[name=c__2080505__basic]") == "100.5"

    # Saving is not "leaving": no dialog, and the figures are stored.
    page.click("button.save")
    page.wait_for_load_state()
    assert dialogs == ["beforeunload"]
    assert "已保存" in page.text_content("ul.messages")
    assert page.input_value("input[name=c__2080505__basic]") == "100.50"
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_a_wrong_amount_is_named_as_it_is_typed_and_save_stays_in_view(live_server, browser_page):
    page, problems = browser_page
    department = make_department(make_region())
    report, _ = make_report(department)
    user = make_user(Role.ACCOUNTANT, departments=[department])
    log_in(page, live_server.url, user.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"{live_server.url}/workspace/reports/{report.pk}/tables/1/")
    page.fill("input[name=c__1__amount]", "")
    page.type("input[name=c__1__amount]", "abc")
    message = page.locator("input[name=c__1__amount] >> xpath=ancestor::td//span[contains(@class, 'cell-live-error')]")
    assert "请输入金额数字" in message.text_content()
    assert page.get_attribute("input[name=c__1__amount]", "aria-invalid") == "true"
    page.fill("input[name=c__1__amount]", "12.5")
    assert message.text_content() == ""
    save = page.locator("p.actions button.save")
    box = save.bounding_box()
    assert box is not None and 0 <= box["y"] <= 600  # visible without scrolling to the table's end
    assert problems == []
