"""perf.score_differs: each stated score agrees with the computed one (at 0.01; see engine.py).
perf.score_unresolved: an indicator the portal cannot score (units differ, tier unknown)."""

from .findings import ERROR, WARNING, Finding

RULE = "perf.score_differs"
RULE_UNRESOLVED = "perf.score_unresolved"


def check(context):
    findings = []
    for evaluation in context.all_evaluations:
        score = context.score(evaluation)
        if score.execution.flagged:
            findings.append(Finding(
                RULE, ERROR,
                f"预算执行得分填报{score.execution.stated}分，按执行率计算应为{score.execution.display}分",
                evaluation,
            ))  # fmt: skip
        for s in score.indicators:
            if s.flagged:
                expected = f"{s.tier.name}档次应在{s.display}分之间" if s.tier else f"按{s.kind_name}计算应为{s.display}分"
                findings.append(Finding(RULE, ERROR, f"得分填报{s.stated}分，{expected}", evaluation, s.indicator))
            if s.note:
                findings.append(Finding(RULE_UNRESOLVED, WARNING, f"{s.note}，得分按0–{s.indicator.weight}分计", evaluation, s.indicator))
    return findings
