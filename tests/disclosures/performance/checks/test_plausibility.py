from disclosures.performance.checks import plausibility

from ..seeds import seed002_certification, seed004_risk_control
from .helpers import context


def test_plausible_values_pass():
    assert plausibility.check(context(seed004_risk_control())) == []


def test_seed_002s_satisfaction_of_950_percent_is_an_error():
    [finding] = plausibility.check(context(seed002_certification()))
    assert (finding.severity, finding.indicator.level3) == ("error", "群众满意度")
    assert finding.message == "实际完成值“950%”：满意度不可能超过100%"


def test_a_negative_count_and_a_fraction_of_a_person_are_errors():
    e = seed002_certification()
    e.indicator_rows[0].actual = "-318次"
    e.indicator_rows[6].actual = "95%"
    e.indicator_rows[7].target = "≥10.5人"
    messages = [f.message for f in plausibility.check(context(e))]
    assert messages == ["实际完成值“-318次”为负数", "年初目标值“≥10.5人”：以“人”计的数量应为整数"]
