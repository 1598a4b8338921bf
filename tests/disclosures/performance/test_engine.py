"""Each scoring rule with real rows from the seeds."""

from decimal import Decimal

from disclosures.performance.engine import (
    EQUAL_KIND,
    NEGATIVE_KIND,
    POSITIVE_KIND,
    QUALITATIVE_KIND,
    score_evaluation,
    score_indicator,
)
from disclosures.performance.scoring_templates import template_for

from .seeds import evaluation, indicator, seed002_certification, seed003_audit, seed004_risk_control

HUBEI = template_for("hubei_project_2024")


def _score(e):
    return score_evaluation(evaluation=e, template=template_for(e.template_key))


def test_seed_001s_three_tables_entered_by_the_demo_score_to_the_published_totals(demo_version):
    scores = [e.score() for e in demo_version.evaluations.all()]
    assert [s.total.computed for s in scores] == [Decimal("98.82"), Decimal("99.99"), Decimal("92.85")]
    assert [s.execution.computed for s in scores] == [Decimal("19.94"), Decimal("19.99"), Decimal("17.73")]
    assert not any(s.differences for s in scores)


def test_positive_indicator_scores_weight_times_actual_over_target():
    # seed 001: 养老保险实际缴费人数 >55000人, 48861人, 10分 → 10 × 48861/55000 = 8.8838… → 8.88
    s = score_indicator(indicator=indicator("产出指标", "数量指标", "养老保险实际缴费人数", ">55000人", "48861人", "10", "8.88"), template=HUBEI)
    assert (s.kind, s.computed, s.flagged) == (POSITIVE_KIND, Decimal("8.88"), False)
    # seed 001: 非正常参保人员 ≥30 人, 18 → 6
    s = score_indicator(indicator=indicator("产出指标", "数量指标", "非正常参保人员", "≥30 人", "18", "10", "6"), template=HUBEI)
    assert s.computed == Decimal("6.00")


def test_a_score_is_capped_at_the_weight():
    # seed 001: 基金征缴工作完成率 >90%, 106.10% → 10 × 106.10/90 = 11.79, capped at 10
    s = score_indicator(indicator=indicator("产出指标", "数量指标", "基金征缴工作完成率", ">90%", "106.10%", "10", "10"), template=HUBEI)
    assert s.computed == Decimal("10.00")


def test_negative_indicator_scores_weight_times_target_over_actual():
    # seed 004: 成本 ≤10万元, 8.72 → 20 × 10/8.72 capped → 20
    row = seed004_risk_control().indicator_rows[-1]
    s = score_indicator(indicator=row, template=template_for("sichuan_project_2024"))
    assert (s.kind, s.computed) == (NEGATIVE_KIND, Decimal("20.00"))
    # the same row overspent to 12.5万元 → 20 × 10/12.5 = 16
    row.actual = "12.5"
    assert score_indicator(indicator=row, template=template_for("sichuan_project_2024")).computed == Decimal("16.00")


def test_an_equality_target_gives_full_weight_on_a_match_and_a_proportion_otherwise():
    # seed 001: 代缴标准 600 元/人.年 = 600 元/人.年 → 10
    row = indicator("产出指标", "数量指标", "代缴标准", "600 元/人.年", "600 元/人.年", "10", "10")
    s = score_indicator(indicator=row, template=HUBEI)
    assert (s.kind, s.computed) == (EQUAL_KIND, Decimal("10.00"))
    row.actual = "400 元/人.年"  # the 2023 standard: 10 × 400/600
    assert score_indicator(indicator=row, template=HUBEI).computed == Decimal("6.67")


def test_a_qualitative_indicator_scores_its_tiers_range_and_the_stated_score_must_be_inside():
    # seed 001: 保证城乡居保事业的健康发展 持续稳定/持续稳定, 20分 → 达成: 16–20, stated 20
    row = indicator("效益指标", "社会效益", "保证城乡居保事业的健康发展", "持续稳定", "持续稳定", "20", "20")
    s = score_indicator(indicator=row, template=HUBEI)
    assert (s.kind, s.tier.key, s.tier_low, s.tier_high) == (QUALITATIVE_KIND, "achieved", Decimal("16.00"), Decimal("20.00"))
    assert (s.computed, s.flagged) == (Decimal("20.00"), False)
    row.score_stated = Decimal("15")
    s = score_indicator(indicator=row, template=HUBEI)
    assert s.flagged and s.computed is None and s.display == "16.00–20.00"
    # the accountant marks it 部分达成: 50–80% of 20
    row.tier, row.score_stated = "partial", Decimal("12")
    s = score_indicator(indicator=row, template=HUBEI)
    assert (s.tier_low, s.tier_high, s.computed, s.flagged) == (Decimal("10.00"), Decimal("16.00"), Decimal("12.00"), False)


def test_seed_004_scores_execution_ten_times_the_rate_against_the_adjusted_budget():
    score = _score(seed004_risk_control())
    # 年初 10.00 but 调整后 8.72 and executed 8.72: rate 100%, 10 × 100% = 10
    assert score.execution_rate == 1 and score.execution.computed == Decimal("10.00")
    assert score.total.computed == Decimal("100.00") and not score.differences
    # seed 001's 社保扶贫 amounts under seed 004's rule: 10 × 319.05/360 = 8.8625 → 8.86
    e = evaluation("社保扶贫代缴资金", template="sichuan_project_2024", budget="360", executed="319.05", weight="10", rows=[])
    assert _score(e).execution.computed == Decimal("8.86")


def test_seed_002_scores_in_its_own_layout():
    score = _score(seed002_certification())
    assert score.template.execution_weight == 10
    assert score.total.computed == Decimal("100.00") and not score.differences


def test_seed_003s_decision_and_process_layout_and_its_stated_8_5_for_a_target_met():
    score = _score(seed003_audit())
    assert score.execution.computed == 0
    # 追回率 100%/100% weight 9: the rules give 9, seed 003 states 8.5
    flagged = [(s.indicator.level3, s.stated, s.computed) for s in score.indicators if s.flagged]
    assert flagged == [("追回率", Decimal("8.5"), Decimal("9.00"))]
    assert score.total.flagged  # stated 99, computed 99.5


def test_a_stated_score_one_cent_off_is_tolerated_two_cents_are_flagged():
    e = evaluation("社保扶贫代缴资金", template="hubei_project_2024", budget="360", executed="319.05", weight="20",
                   execution_score="17.72", rows=[])  # fmt: skip
    assert not _score(e).execution.flagged
    e.execution_score_stated = Decimal("17.71")
    assert _score(e).execution.flagged
