from decimal import Decimal

from disclosures.performance.checks import totals

from ..seeds import seed002_certification
from .helpers import context


def test_a_stated_total_that_is_the_sum_of_its_parts_passes():
    assert totals.check(context(seed002_certification())) == []


def test_a_stated_total_that_is_not_the_sum_of_its_parts_is_an_error():
    e = seed002_certification()
    e.total_score_stated = Decimal("98")
    messages = [f.message for f in totals.check(context(e))]
    assert messages == ["总分填报98分，但各项得分相加为100分", "总分填报98分，按评分规则计算应为100.00分"]
