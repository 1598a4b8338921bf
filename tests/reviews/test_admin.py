"""A bureau changes a year's rules in the admin; a bad expression is refused when saved."""

import pytest

from portal.accounts.models import Role
from reviews.admin import RuleForm
from reviews.models import Finding, Rule
from reviews.services import rule_set_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


def _form(expression, **extra):
    rule_set, _ = rule_set_load(year=2024)
    data = {"code": "T-1", "description": "测试", "severity": "error", "tables": [], "expression": expression, "enabled": True, "position": 99}
    data.update(extra)
    return RuleForm(data=data, instance=Rule(rule_set=rule_set))


def test_a_good_rule_is_saved_with_its_tables_derived():
    form = _form("公开01表 第27行 = 公开02表 合计行 本年收入合计")
    assert form.is_valid(), form.errors
    rule = form.save()
    assert rule.tables == [1, 2]


def test_a_bad_expression_is_refused_with_its_position():
    form = _form("公开01表 第27行 = 公开02表 合计行 收入")
    assert not form.is_valid()
    assert "第24个字符处" in form.errors["expression"][0]
    assert "没有栏“收入”" in form.errors["expression"][0]


def test_the_admin_change_page_refuses_a_bad_rule(client):
    rule_set, _ = rule_set_load(year=2024)
    rule = rule_set.rules.get(code="R01-027")
    client.force_login(make_user(Role.ADMIN))
    url = f"/admin/reviews/rule/{rule.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"code": rule.code, "description": rule.description, "severity": "error", "tables": [1],
         "expression": "公开01表 第27行 == 公开01表 第1行", "enabled": "on", "position": 1},
    )
    assert response.status_code == 200
    assert "只能有一个比较符号" in response.content.decode()
    rule.refresh_from_db()
    assert rule.expression == "公开01表 第27行 = 公开01表 第1行至第8行之和"


def test_the_rule_form_ticks_tables_instead_of_json(client):
    rule_set, _ = rule_set_load(year=2024)
    rule = rule_set.rules.get(code="R01-027")
    client.force_login(make_user(Role.ADMIN))
    page = client.get(f"/admin/reviews/rule/{rule.pk}/change/").content.decode()
    assert 'type="checkbox" name="tables" value="1"' in page and "公开01表 收入支出决算总表" in page
    assert 'data-check-url="/admin/reviews/rule/check/"' in page and "js/rule_check.js" in page
    assert f'href="/admin/reviews/rule/trial/?rule={rule.pk}">试算</a>' in page


def test_an_expression_is_checked_as_it_is_typed_without_writing_anything(client):
    client.force_login(make_user(Role.ADMIN))
    url = "/admin/reviews/rule/check/"
    assert client.post(url, {"expression": "公开01表 第27行 = 公开02表 合计行 本年收入合计"}).json() == {
        "ok": True, "message": "表达式正确，涉及公开01表、公开02表", "tables": [1, 2],
    }
    answer = client.post(url, {"expression": "公开01表 第27行 = 公开02表 合计行 收入"}).json()
    assert answer["ok"] is False and "第24个字符处" in answer["message"] and "没有栏“收入”" in answer["message"]
    assert client.post(url, {"expression": "公开01表 第27行"}).json()["message"] == "表达式缺少比较符号（=、≤ 或 ≥）"
    assert client.get(url).status_code == 405
    client.force_login(make_user(Role.REVIEWER))
    assert client.post(url, {"expression": "公开01表 第27行 = 0"}).status_code == 302  # the admin's sign-in


def test_a_rule_is_tried_on_a_report_before_it_is_saved(client):
    _, version = make_report(make_department(make_region()), complete=False)
    client.force_login(make_user(Role.ADMIN))
    url = "/admin/reviews/rule/trial/"
    page = client.post(url, {"expression": "公开01表 第27行 = 0", "severity": "warning", "version": version.pk}).content.decode()
    assert "表达式正确，涉及公开01表：发现 1 处问题" in page and "公开01表 第27行" in page
    page = client.post(url, {"expression": "公开01表 第27行 = 公开01表 第1行至第8行之和", "severity": "error", "version": version.pk}).content.decode()
    assert "没有发现问题" in page
    page = client.post(url, {"expression": "公开01表 第27行 = 收入", "severity": "error", "version": version.pk}).content.decode()
    assert "表达式有误" in page
    assert not Finding.objects.filter(version=version, rule_code="试算").exists()  # tried, never stored
