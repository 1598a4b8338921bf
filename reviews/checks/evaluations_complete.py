"""Each performance self-evaluation table is complete: unit, budget, execution, indicators, scores."""

from disclosures.performance.checks.findings import evaluation_label

from ..models import Part
from .finding import ERROR, CheckFinding
from .performance import evaluation_place
from .registry import check


def missing_fields(evaluation):
    """[(field, label)] of what the table still lacks, in the order of the form."""
    missing = []
    if not (evaluation.unit_name or "").strip():
        missing.append(("unit_name", "单位名称"))
    if not evaluation.budget:
        missing.append(("budget", "全年预算数"))
    if evaluation.executed is None:
        missing.append(("executed", "执行数"))
    if evaluation.execution_score_stated is None:
        missing.append(("execution_score_stated", "预算执行得分"))
    if evaluation.total_score_stated is None:
        missing.append(("total_score_stated", "总分"))
    indicators = list(evaluation.indicators.all())
    if not indicators:
        missing.append(("indicators", "绩效指标"))
    for indicator in indicators:
        lacks = [label for value, label in ((indicator.actual, "实际完成值"), (indicator.score_stated, "得分")) if value in (None, "")]
        if lacks:
            missing.append((f"indicator-{indicator.position}", f"第{indicator.position}行指标“{indicator.level3}”的{'、'.join(lacks)}"))
    return missing


@check(code_prefix="C-EVAL", part=Part.COMPLETENESS)
def evaluations_complete(context):
    result = []
    for evaluation in context.performance.all_evaluations:
        missing = missing_fields(evaluation)
        if not missing:
            continue
        kind, ref = evaluation_place(evaluation)
        label = evaluation_label(evaluation)
        result.append(
            CheckFinding(
                rule="C-EVAL",
                severity=ERROR,
                message=f"《{label}》尚未填写：{'、'.join(text for _, text in missing)}。",
                evaluation_kind=kind,
                evaluation_ref=ref,
                evaluation_field=missing[0][0],
                key=label,
            )
        )
    return result
