"""perf.shortfall_reason: an indicator whose actual falls short of its target needs a reason,
on its row or in the table's 偏差大或目标未完成原因分析."""

from .findings import ERROR, Finding

RULE = "perf.shortfall_reason"


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        if evaluation.deviation_reason.strip():
            continue
        for s in context.score(evaluation).indicators:
            if s.is_shortfall and not s.indicator.deviation_reason.strip():
                findings.append(Finding(
                    RULE, ERROR,
                    f"实际完成值“{s.indicator.actual}”未达到目标值“{s.indicator.target}”，须填写偏差原因",
                    evaluation, s.indicator,
                ))  # fmt: skip
    return findings
