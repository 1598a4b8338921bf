"""perf.totals: the stated total is the sum of the stated scores, and agrees with the computed total."""

from decimal import Decimal

from ..engine import TOLERANCE
from .findings import ERROR, Finding

RULE = "perf.totals"


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        score = context.score(evaluation)
        stated_total = evaluation.total_score_stated
        if stated_total is None:
            continue
        parts = [score.execution.stated, *(s.stated for s in score.indicators)]
        if Decimal(evaluation.execution_weight) == 0:
            parts = parts[1:]
        if all(p is not None for p in parts):
            added = sum(parts, Decimal(0))
            if abs(added - stated_total) > TOLERANCE:
                findings.append(Finding(
                    RULE, ERROR, f"总分填报{stated_total}分，但各项得分相加为{added}分", evaluation
                ))  # fmt: skip
        if score.total.flagged:
            findings.append(Finding(
                RULE, ERROR, f"总分填报{stated_total}分，按评分规则计算应为{score.total.display}分", evaluation
            ))  # fmt: skip
    return findings
