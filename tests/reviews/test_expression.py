"""The rule expression language: what it accepts, and how it refuses a bad expression."""

import pytest

from reviews.rules.engine import CompiledRule, run_rules
from reviews.rules.expression import compile_expression
from reviews.rules.format_checks import FORMAT_CHECKS

from .builders import rich_consistent_tables


@pytest.mark.parametrize(
    "source, tables, quantifier",
    [
        ("公开01表 第27行 = 公开01表 第1行至第8行之和", (1,), None),
        ("公开02表 合计行 本年收入合计 = 公开01表 第27行", (1, 2), None),
        ("公开05表 每个科目 小计 ≤ 公开03表 同一科目 本年支出合计", (3, 5), "code"),
        ("公开01表 每个类 = 公开03表 该类各科目 本年支出合计之和", (1, 3), 3),
        ("公开03表 每行 第1栏 = 公开03表 该行 第2栏至第6栏之和", (3,), "row"),
        ("公开06表 人员经费合计 = 公开06表 科目301 + 公开06表 科目303", (6,), None),
        ("公开07表 每行 年末结转和结余 = 公开07表 该行 年初结转和结余 + 公开07表 该行 本年收入 − 公开07表 该行 本年支出小计", (7,), "row"),
        ("公开01表 本年收入合计 >= 0", (1,), None),
        ("公开09表 第1行 决算数合计 <= 公开09表 第1行 预算数合计", (9,), None),
    ],
)
def test_readable_expressions_compile(source, tables, quantifier):
    expression = compile_expression(source)
    assert expression.tables == tables
    assert expression.quantifier == quantifier


def test_a_column_is_named_by_label_or_by_its_column_number_alike():
    by_label = CompiledRule.build(code="a", description="x", severity="错误", expression="公开03表 每行 本年支出合计 = 公开03表 该行 第2栏至第6栏之和")
    by_number = CompiledRule.build(code="a", description="x", severity="错误", expression="公开03表 每行 第1栏 = 公开03表 该行 基本支出 + 公开03表 该行 项目支出 + 公开03表 该行 上缴上级支出 + 公开03表 该行 经营支出 + 公开03表 该行 对附属单位补助支出")
    tables = rich_consistent_tables()
    tables[3].set("2080109", "total", "1.00")
    assert [f.cells[0]["row"] for f in run_rules([by_label], tables, entry_unit="元")] == ["2080109"]
    assert [f.cells[0]["row"] for f in run_rules([by_number], tables, entry_unit="元")] == ["2080109"]


@pytest.mark.parametrize(
    "source, position, words",
    [
        ("公开01表 第27行 公开01表 第1行", None, "缺少比较符号"),
        ("公开01表 第27行 = 公开10表 第1行", 13, "应以表名开头"),
        ("公开01表 第99行 = 公开01表 第1行", 6, "没有第99行"),
        ("公开03表 合计行 支出 = 公开03表 各科目 本年支出合计之和", 10, "没有栏“支出”"),
        ("公开09表 第1行 合计 = 公开09表 第1行 第2栏", 10, "请在前面加分组名"),
        ("公开01表 第27行 = 公开03表 该类各科目 本年支出合计", 13, "需要在同一规则中先用"),
        ("公开01表 第27行 = + 公开01表 第1行", 13, "缺少项"),
        ("公开01表 第27行 = 公开01表 第1行 = 公开01表 第2行", 23, "只能有一个比较符号"),
        ("公开03表 合计行 = 公开03表 各科目 本年支出合计", 6, "有多栏"),
        ("公开01表 第27行 = 公开01表 第1行 ≤ 0", 23, "只能有一个比较符号"),
        ("格式检查：不存在的检查", None, "没有名为"),
    ],
)
def test_a_bad_expression_is_refused_naming_the_position(source, position, words):
    with pytest.raises(ValueError) as caught:
        compile_expression(source, format_checks=FORMAT_CHECKS)
    message = str(caught.value)
    assert words in message
    if position is not None:
        assert message.startswith(f"第{position + 1}个字符处")


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="错误.*提示"):
        CompiledRule.build(code="a", description="x", severity="严重", expression="公开01表 第27行 = 公开01表 第1行")
