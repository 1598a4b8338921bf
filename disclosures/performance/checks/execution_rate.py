"""perf.execution_rate: the stated execution rate is 执行数 ÷ 预算数 (published to 0.01%)."""

from ..engine import TOLERANCE
from ..presentation import percent, wan
from .findings import ERROR, Finding

RULE = "perf.execution_rate"


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        score = context.score(evaluation)
        stated = evaluation.execution_rate_stated
        if score.execution_rate is None:
            if evaluation.executed:
                findings.append(Finding(RULE, ERROR, "预算数为0，但执行数不为0", evaluation))
            continue
        computed = score.execution_rate_percent
        if stated is not None and abs(stated - computed) > TOLERANCE:
            findings.append(Finding(
                RULE, ERROR,
                f"执行率填报{percent(stated)}，但执行数{wan(evaluation.executed)}万元÷预算数{wan(evaluation.budget)}万元"
                f"={percent(computed)}",
                evaluation,
            ))  # fmt: skip
    return findings
