"""perf.weights: the weights add up to the template's totals."""

from decimal import Decimal

from .findings import ERROR, Finding

RULE = "perf.weights"


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        score = context.score(evaluation)
        template = score.template
        rows = [s.indicator for s in score.indicators]
        if Decimal(evaluation.execution_weight) != template.execution_weight:
            findings.append(Finding(
                RULE, ERROR,
                f"预算执行分值为{evaluation.execution_weight}分，模板“{template.name}”规定为{template.execution_weight}分",
                evaluation,
            ))  # fmt: skip
        weights = sum((Decimal(r.weight) for r in rows), Decimal(0))
        if weights != template.indicator_total:
            findings.append(Finding(
                RULE, ERROR, f"绩效指标分值合计为{weights}分，应为{template.indicator_total}分", evaluation
            ))  # fmt: skip
        for level1, expected in template.level1_weights.items():
            got = sum((Decimal(r.weight) for r in rows if r.level1 == level1), Decimal(0))
            if got != expected:
                findings.append(Finding(
                    RULE, ERROR, f"一级指标“{level1}”分值合计为{got}分，应为{expected}分", evaluation
                ))  # fmt: skip
        for row in rows:
            if Decimal(row.weight) <= 0:
                findings.append(Finding(RULE, ERROR, "指标分值必须大于0", evaluation, row))
    return findings
