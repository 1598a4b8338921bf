"""A rule's expression is checked as it is typed, in a real browser under the site's CSP."""

import pytest

from portal.accounts.models import Role
from reviews.services import rule_set_load
from tests.browser import log_in
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_an_expression_shows_whether_it_is_right(live_server, browser_page):
    page, problems = browser_page
    rule_set, _ = rule_set_load(year=2024)
    rule = rule_set.rules.get(code="R01-027")
    admin = make_user(Role.ADMIN)
    log_in(page, live_server.url, admin.username, PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/reviews/rule/{rule.pk}/change/")
    note = page.locator("p.rule-check")
    page.wait_for_selector("p.rule-check.rule-check-ok")  # the rule's own page is checked at once
    assert note.inner_text() == "表达式正确，涉及公开01表"
    page.fill("#id_expression", "公开01表 第27行 = 公开02表 合计行 收入")
    page.wait_for_selector("p.rule-check.rule-check-error")
    assert "没有栏“收入”" in note.inner_text()
    page.fill("#id_expression", "公开01表 第27行 = 公开02表 合计行 本年收入合计")
    page.wait_for_selector("p.rule-check.rule-check-ok")
    assert note.inner_text() == "表达式正确，涉及公开01表、公开02表"
    rule.refresh_from_db()
    assert rule.expression == "公开01表 第27行 = 公开01表 第1行至第8行之和"  # checking writes nothing
    assert not problems, problems
