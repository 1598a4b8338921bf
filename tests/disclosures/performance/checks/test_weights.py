from decimal import Decimal

from disclosures.performance.checks import weights

from ..seeds import seed002_certification, seed003_audit
from .helpers import context


def test_seed_tables_weights_add_up():
    assert weights.check(context(seed002_certification(), seed003_audit())) == []


def test_weights_that_do_not_add_up_are_an_error():
    e = seed002_certification()
    e.indicator_rows[0].weight = Decimal("15")
    messages = [f.message for f in weights.check(context(e))]
    assert "绩效指标分值合计为85分，应为90分" in messages
    assert "一级指标“产出指标”分值合计为35分，应为40分" in messages
