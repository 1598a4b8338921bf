"""perf.actual_implausible: a value that cannot be right for its unit — a satisfaction above
100% (seed 002 writes “950%” for 95%), a negative count or amount, a fraction of a person."""

from decimal import Decimal

from ..values import parse_value
from .findings import ERROR, WARNING, Finding

RULE = "perf.actual_implausible"
HUNDRED = Decimal(100)
SUSPICIOUS_PERCENT = Decimal(200)
COUNT_UNITS = ("人", "人次", "次", "个", "户", "件", "起", "家", "项", "万人")


def _problems(indicator, label, value):
    if value.is_qualitative:
        return []
    if value.number < 0:
        return [(ERROR, f"{label}“{value.text}”为负数")]
    if value.is_percent:
        if "满意" in indicator.level3 + indicator.level2 and value.number > HUNDRED:
            return [(ERROR, f"{label}“{value.text}”：满意度不可能超过100%")]
        if value.number > SUSPICIOUS_PERCENT:
            return [(WARNING, f"{label}“{value.text}”超过200%，请核实是否录入有误")]
    if value.unit in COUNT_UNITS and value.unit != "万人" and value.number != value.number.to_integral_value():
        return [(ERROR, f"{label}“{value.text}”：以“{value.unit}”计的数量应为整数")]
    return []


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        for s in context.score(evaluation).indicators:
            indicator = s.indicator
            for label, text in (("年初目标值", indicator.target), ("实际完成值", indicator.actual)):
                for severity, message in _problems(indicator, label, parse_value(text)):
                    findings.append(Finding(RULE, severity, message, evaluation, indicator))
    return findings
