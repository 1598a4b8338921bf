from decimal import Decimal

from disclosures.performance.checks import scores

from ..seeds import seed003_audit, seed004_risk_control
from .helpers import context


def test_stated_scores_that_agree_pass():
    assert scores.check(context(seed004_risk_control())) == []


def test_seed_003s_8_5_for_a_target_met_is_flagged_on_its_row():
    [finding] = scores.check(context(seed003_audit()))
    assert (finding.rule, finding.severity, finding.indicator.level3) == ("perf.score_differs", "error", "追回率")
    assert finding.message == "得分填报8.5分，按等值指标计算应为9.00分"


def test_a_wrong_execution_score_is_flagged():
    e = seed004_risk_control()
    e.execution_score_stated = Decimal("9")
    assert [f.message for f in scores.check(context(e))] == ["预算执行得分填报9分，按执行率计算应为10.00分"]


def test_an_indicator_whose_units_differ_cannot_be_scored_and_says_so():
    e = seed004_risk_control()
    e.indicator_rows[-1].actual = "8.72元"
    [finding] = scores.check(context(e))
    assert finding.rule == "perf.score_unresolved" and finding.severity == "warning"
