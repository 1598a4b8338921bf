"""A bureau changes a year's rules in the admin; a bad expression is refused when saved."""

import pytest

from portal.accounts.models import Role
from reviews.admin import RuleForm
from reviews.models import Rule
from reviews.services import rule_set_load
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _form(expression, **extra):
    rule_set, _ = rule_set_load(year=2024)
    data = {"code": "T-1", "description": "测试", "severity": "error", "tables": "[]", "expression": expression, "enabled": True, "position": 99}
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
        {"code": rule.code, "description": rule.description, "severity": "error", "tables": "[1]",
         "expression": "公开01表 第27行 == 公开01表 第1行", "enabled": "on", "position": 1},
    )
    assert response.status_code == 200
    assert "只能有一个比较符号" in response.content.decode()
    rule.refresh_from_db()
    assert rule.expression == "公开01表 第27行 = 公开01表 第1行至第8行之和"
