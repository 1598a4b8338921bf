"""Scoring a self-evaluation table under its template.

Rounding convention (the published tables'): every score — the execution score and each
indicator's — is computed exactly and rounded once to 0.01, half up; the total is the sum of
those rounded scores (seed 001: 19.94 + 10 + 10 + 8.88 + … = 98.82). A stated score is compared
with the computed one at that precision: a difference of more than 0.01 is flagged, so a
one-cent difference that comes only from the order of rounding (20 × 88.63% = 17.726 against
20 × 0.88625 = 17.725, both 17.73 here, but not always) is tolerated.

A qualitative indicator has no single computed score: the portal computes the tier's range
(达成 80–100% of the weight …) and the stated score must fall inside it. When it does, the
stated score is the indicator's score (the rules leave the point inside the tier to the
accountant: 合理确定分值); when it does not, or none was stated, the score stays a range and so
does the total.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .values import NEGATIVE, POSITIVE, parse_value, same_unit

CENT = Decimal("0.01")
TOLERANCE = CENT
ZERO = Decimal(0)
ONE = Decimal(1)

POSITIVE_KIND, NEGATIVE_KIND, EQUAL_KIND = "positive", "negative", "equal"
QUALITATIVE_KIND, INCOMPARABLE_KIND = "qualitative", "incomparable"
KIND_NAMES = {
    POSITIVE_KIND: "正向指标",
    NEGATIVE_KIND: "反向指标",
    EQUAL_KIND: "等值指标",
    QUALITATIVE_KIND: "定性指标",
    INCOMPARABLE_KIND: "无法计算",
}

_MISSED_WORDS = ("未达成", "未完成", "未达到", "没有", "未实现")
_PARTIAL_WORDS = ("部分",)
_ACHIEVED_WORDS = ("达成", "完成", "达到", "实现")


def round_score(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _outside(stated, low, high):
    return stated is not None and (stated < low - TOLERANCE or stated > high + TOLERANCE)


@dataclass
class ScoreRange:
    """A computed score: exact when low == high, else the range a stated score must be in."""

    low: Decimal
    high: Decimal
    stated: Decimal | None = None

    @property
    def is_exact(self):
        return self.low == self.high

    @property
    def computed(self):
        return self.low if self.is_exact else None

    @property
    def difference(self):
        """Stated minus computed (0 inside a range); None when nothing was stated."""
        if self.stated is None:
            return None
        if self.stated < self.low:
            return self.stated - self.low
        if self.stated > self.high:
            return self.stated - self.high
        return ZERO

    @property
    def flagged(self):
        return _outside(self.stated, self.low, self.high)

    @property
    def display(self):
        return f"{self.low}" if self.is_exact else f"{self.low}–{self.high}"


@dataclass
class IndicatorScore(ScoreRange):
    indicator: object = None
    kind: str = ""
    tier: object = None  # the Tier, for a qualitative indicator
    note: str = ""
    tier_low: Decimal | None = None  # a qualitative indicator's tier range, kept for display
    tier_high: Decimal | None = None

    def __post_init__(self):
        if self.kind == QUALITATIVE_KIND:
            self.tier_low, self.tier_high = self.low, self.high
            if self.stated is not None and not self.flagged:
                self.low = self.high = round_score(min(max(self.stated, self.low), self.high))

    @property
    def tier_display(self):
        return f"{self.tier_low}–{self.tier_high}" if self.kind == QUALITATIVE_KIND else ""

    @property
    def kind_name(self):
        return KIND_NAMES[self.kind]

    @property
    def is_shortfall(self):
        """The actual is worse than the target (score below the weight, or a tier below 达成)."""
        weight = self.indicator.weight
        if self.kind == QUALITATIVE_KIND:
            return self.tier is not None and self.tier.key != "achieved"
        return self.kind != INCOMPARABLE_KIND and self.high < weight


@dataclass
class EvaluationScore:
    evaluation: object
    template: object
    execution_rate: Decimal | None  # executed ÷ budget, exact
    execution: ScoreRange
    indicators: list = field(default_factory=list)
    total: ScoreRange = None

    @property
    def differences(self):
        """(label, ScoreRange) of every flagged score: the execution score, indicators, the total."""
        rows = []
        if self.execution.flagged:
            rows.append(("预算执行得分", self.execution))
        rows.extend((s.indicator.level3, s) for s in self.indicators if s.flagged)
        if self.total.flagged:
            rows.append(("总分", self.total))
        return rows

    @property
    def execution_rate_percent(self):
        return None if self.execution_rate is None else round_score(self.execution_rate * 100)


def _tier_key(indicator, target, actual):
    if indicator.tier:
        return indicator.tier
    if actual.text and actual.text.replace(" ", "") == target.text.replace(" ", ""):
        return "achieved"
    for words, key in ((_MISSED_WORDS, "missed"), (_PARTIAL_WORDS, "partial"), (_ACHIEVED_WORDS, "achieved")):
        if any(word in actual.text for word in words):
            return key
    return None


def score_indicator(*, indicator, template):
    weight = Decimal(indicator.weight)
    stated = indicator.score_stated
    target, actual = parse_value(indicator.target), parse_value(indicator.actual)
    if target.is_qualitative or actual.is_qualitative or indicator.tier:
        key = _tier_key(indicator, target, actual)
        if key is None:
            return IndicatorScore(
                ZERO, weight, stated, indicator, QUALITATIVE_KIND, note="未注明达成档次，无法判断得分区间"
            )
        tier = template.tier(key)
        return IndicatorScore(
            round_score(weight * tier.low), round_score(weight * tier.high), stated, indicator, QUALITATIVE_KIND, tier
        )
    if not same_unit(target, actual):
        return IndicatorScore(
            ZERO, weight, stated, indicator, INCOMPARABLE_KIND, note=f"目标值单位“{target.unit}”与实际值单位“{actual.unit}”不一致"
        )
    a, b = target.number, actual.number
    if target.operator in POSITIVE:
        kind = POSITIVE_KIND
        share = (b / a) if a > 0 else (ONE if b >= a else ZERO)
    elif target.operator in NEGATIVE:
        kind = NEGATIVE_KIND
        share = (a / b) if b > 0 else (ONE if b <= a else ZERO)
    else:
        kind = EQUAL_KIND
        if a == b:
            share = ONE
        elif template.equal_rule == "all_or_nothing":
            share = ZERO
        else:
            low, high = sorted((abs(a), abs(b)))
            share = low / high if high else ONE
    share = max(share, ZERO)
    if template.cap_at_weight:
        share = min(share, ONE)
    score = round_score(weight * share)
    return IndicatorScore(score, score, stated, indicator, kind)


def _indicators(evaluation):
    indicators = getattr(evaluation, "indicator_rows", None)  # unsaved rows from a form or a workbook
    if indicators is None:
        indicators = evaluation.indicators.all()
    return list(indicators)


def score_evaluation(*, evaluation, template):
    """Computed scores of a table under a template, with the accountant's stated scores beside them."""
    weight = Decimal(evaluation.execution_weight)
    budget, executed = evaluation.budget, evaluation.executed
    if budget and budget > 0:
        rate = Decimal(executed) / Decimal(budget)
        share = min(rate, ONE) if template.execution_cap else rate
        score = round_score(weight * max(share, ZERO))
        execution = ScoreRange(score, score, evaluation.execution_score_stated)
    else:
        rate = None
        execution = ScoreRange(ZERO, weight, evaluation.execution_score_stated)
    scores = [score_indicator(indicator=i, template=template) for i in _indicators(evaluation)]
    total = ScoreRange(
        execution.low + sum((s.low for s in scores), ZERO),
        execution.high + sum((s.high for s in scores), ZERO),
        evaluation.total_score_stated,
    )
    return EvaluationScore(evaluation, template, rate, execution, scores, total)
