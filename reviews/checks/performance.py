"""The performance self-evaluation tables (附件): disclosures.performance.checks, one module a
rule, adapted to the registry's findings with the evaluation (and indicator) they point at.

perf.narrative_amounts is left out: the text check N08 reports the same contradiction
(“执行数为360万元”, the table 319.05) at the sentence that states it."""

from disclosures.models import DepartmentEvaluation
from disclosures.performance.checks import CHECKS, narrative_amounts
from disclosures.performance.checks.findings import evaluation_label
from disclosures.performance.scoring_templates import TemplateError

from ..models import Part
from .finding import ERROR, CheckFinding
from .registry import check

SKIPPED = (narrative_amounts,)


def evaluation_place(evaluation):
    """(kind, pk) of an evaluation for links: ("department", pk) or ("project", pk)."""
    if evaluation is None:
        return "", None
    return ("department" if isinstance(evaluation, DepartmentEvaluation) else "project"), evaluation.pk


@check(code_prefix="perf.", part=Part.ATTACHMENTS)
def performance_checks(context):
    try:
        found = [f for module in CHECKS if module not in SKIPPED for f in module.check(context.performance)]
    except TemplateError as exc:
        return [CheckFinding(rule="perf.template", severity=ERROR, message=str(exc), key="template")]
    result = []
    for f in found:
        kind, ref = evaluation_place(f.evaluation)
        where = f"{f.location}：" if f.location else ""
        result.append(
            CheckFinding(
                rule=f.rule,
                severity=f.severity,
                message=f"{where}{f.message}",
                evaluation_kind=kind,
                evaluation_ref=ref,
                evaluation_field=f"indicator-{f.indicator.position}" if f.indicator is not None else "",
                key=f"{evaluation_label(f.evaluation) if f.evaluation is not None else ''}|{f.message}",
            )
        )
    return result
