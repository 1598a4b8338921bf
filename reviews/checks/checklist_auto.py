"""The checklist items the report's data decides (reviews/checklist/auto.py): an item decided
“否” is a warning on that item, to be put right or explained.

Items whose “否” only restates the tables' findings (listed already under 表格) and items the
workflow decides (returns, submission and publication dates) give no finding of their own."""

from ..checklist.auto import CHECKS, NO, Context
from ..models import Part
from .finding import WARNING, CheckFinding
from .registry import check

RESTATED = frozenset(
    {"two_decimals_zero_lines", "nine_tables", "item_level", "economic_kuan_level", "data_complete", "totals_agree"}
)
WORKFLOW = frozenset({"returns_count", "submitted_by_deadline", "published_by_deadline"})


@check(code_prefix="CL-", part=Part.CHECKLIST)
def checklist_auto_decisions(context):
    ctx = Context(context.version)
    ctx._tables = context.tables
    result = []
    for item in context.checklist_items:
        if not item.is_auto or item.check_key in RESTATED | WORKFLOW or item.check_key not in CHECKS:
            continue
        answer, evidence = CHECKS[item.check_key](ctx)
        if answer == NO:
            result.append(
                CheckFinding(
                    rule=f"CL-{item.no}",
                    severity=WARNING,
                    message=f"自查表第{item.no}项“{item.text}”按报告数据判定为“否”：{evidence}",
                    checklist_no=item.no,
                )
            )
    return result
