from decimal import Decimal

from disclosures.performance.checks import execution_rate

from ..seeds import evaluation
from .helpers import context


def _social_security(rate):
    # seed 001's 社保扶贫代缴资金: 360 / 319.05, published rate 88.63%
    return evaluation("社保扶贫代缴资金", template="hubei_project_2024", budget="360", executed="319.05",
                      weight="20", rate=rate, rows=[])  # fmt: skip


def test_the_published_rate_agrees_with_the_amounts():
    assert execution_rate.check(context(_social_security("88.63"))) == []


def test_a_rate_the_amounts_do_not_give_is_an_error():
    [finding] = execution_rate.check(context(_social_security("100")))
    assert finding.message == "执行率填报100%，但执行数319.05万元÷预算数360.00万元=88.63%"


def test_executed_with_no_budget_is_an_error():
    e = _social_security(None)
    e.budget = Decimal("0.00")
    assert [f.message for f in execution_rate.check(context(e))] == ["预算数为0，但执行数不为0"]
