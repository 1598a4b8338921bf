"""The checklist is answered in full: every item the accountant answers (not those the data decides)."""

from ..models import Part
from .finding import ERROR, CheckFinding
from .registry import check


@check(code_prefix="C-CHECKLIST", part=Part.COMPLETENESS)
def checklist_answered(context):
    answers = context.checklist_answers
    unanswered = [
        item.no
        for item in context.checklist_items
        if not item.is_auto and not (answers.get(item.pk) and answers[item.pk].answer)
    ]
    if not unanswered:
        return []
    numbers = "、".join(str(n) for n in unanswered)
    return [
        CheckFinding(
            rule="C-CHECKLIST",
            severity=ERROR,
            message=f"自查表第{numbers}项尚未回答（共{len(unanswered)}项）。",
            checklist_no=unanswered[0],
            key="unanswered",
        )
    ]
