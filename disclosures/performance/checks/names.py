"""perf.project_names: a project is named the same in the text and in its table, and the
table's title names it (seed 001: the text's “社保扶贫资金” is the table's “社保扶贫代缴资金”)."""

from ..narrative import match_projects, narrative_projects, normalise
from .findings import WARNING, Finding

RULE = "perf.project_names"


def check(context):
    findings = []
    for project, evaluation in match_projects(narrative_projects(context.narrative), context.evaluations):
        if evaluation is None:
            findings.append(Finding(RULE, WARNING, f"情况说明提到项目“{project.name}”，但附件中没有它的自评表"))
        elif normalise(project.name) != normalise(evaluation.project_name):
            findings.append(Finding(
                RULE, WARNING,
                f"情况说明称“{project.name}”，自评表项目名称为“{evaluation.project_name}”，同一项目应使用同一名称",
                evaluation,
            ))  # fmt: skip
    for evaluation in context.evaluations:
        if evaluation.table_title and normalise(evaluation.project_name) not in normalise(evaluation.table_title):
            findings.append(Finding(
                RULE, WARNING,
                f"表名“{evaluation.table_title}”与项目名称“{evaluation.project_name}”不一致",
                evaluation,
            ))  # fmt: skip
    return findings
