"""An item the accountant answered “是” that the report itself contradicts: the checklist says
the explanation is published while its sections are empty, say. A warning on the item, to be
put right (answer “否” with a remark, or write what is missing).

Which item the report can prove, and by what, is data: reviews/checklist_data/checklist_<year>_evidence.toml."""

import tomllib
from functools import cache

from ..checklist.auto import CHECKLIST_DATA_DIR
from ..models import Answer, Part
from .finding import WARNING, CheckFinding
from .registry import check


@cache
def evidence_for_year(year):
    """{item no: {"no", "sections"}} of the year, {} without a file."""
    path = CHECKLIST_DATA_DIR / f"checklist_{year}_evidence.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return {entry["no"]: entry for entry in tomllib.load(fh).get("evidence", ())}


@check(code_prefix="CL-", part=Part.CHECKLIST)
def checklist_contradicted(context):
    evidence = evidence_for_year(context.year)
    if not evidence:
        return []
    titles = {spec.key: spec.title for spec in context.section_specs}
    result = []
    for item in context.checklist_items:
        entry = evidence.get(item.no)
        answer = context.checklist_answers.get(item.pk)
        if item.is_auto or entry is None or answer is None or answer.answer != Answer.YES:
            continue
        missing = [titles.get(key, key) for key in entry["sections"] if not (context.sections.get(key) or "").strip()]
        if missing:
            result.append(
                CheckFinding(
                    rule=f"CL-{item.no}",
                    severity=WARNING,
                    message=f"自查表第{item.no}项答“是”，但报告中{'、'.join(missing)}尚未填写，请补齐或改答“否”并备注。",
                    checklist_no=item.no,
                    key="contradicted",
                )
            )
    return result
