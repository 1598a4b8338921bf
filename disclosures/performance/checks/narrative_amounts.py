"""perf.narrative_amounts: the budget, executed amount and rate the text gives for a project
agree with its table (seed 001: the text says 社保扶贫 executed 360万元, 100%; the table 319.05, 88.63%)."""

from decimal import Decimal

from ...tables.values import TEN_THOUSAND
from ..narrative import match_projects, narrative_projects
from ..presentation import percent, wan
from .findings import ERROR, Finding

RULE = "perf.narrative_amounts"


def check(context):
    findings = []
    for project, evaluation in match_projects(narrative_projects(context.narrative), context.evaluations):
        if evaluation is None:
            continue
        score = evaluation.score()
        pairs = (
            ("预算数", project.budget, evaluation.budget / TEN_THOUSAND, f"{wan(evaluation.budget)}万元", "万元"),
            ("执行数", project.executed, evaluation.executed / TEN_THOUSAND, f"{wan(evaluation.executed)}万元", "万元"),
            (
                "执行率",
                project.rate,
                score.execution_rate * 100 if score.execution_rate is not None else None,
                percent(score.execution_rate_percent),
                "%",
            ),
        )
        for label, stated, exact, shown, unit in pairs:
            if stated is None or exact is None or stated.agrees_with(Decimal(exact)):
                continue
            findings.append(Finding(
                RULE, ERROR,
                f"情况说明写“{project.name}”{label}为{stated.text}{unit}，附件自评表为{shown}",
                evaluation,
            ))  # fmt: skip
    return findings
