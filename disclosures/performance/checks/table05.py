"""perf.table05_projects: the projects' executed amounts together cannot exceed 公开05表's
项目支出 (合计行): the self-evaluated projects are general-budget projects."""

from decimal import Decimal

from ..presentation import wan
from .findings import ERROR, Finding

RULE = "perf.table05_projects"


def check(context):
    if context.tables is None or not context.evaluations:
        return []
    project_total = context.tables[5].get("total", "project")
    executed = sum((Decimal(e.executed) for e in context.evaluations), Decimal(0))
    if executed <= project_total:
        return []
    return [Finding(
        RULE, ERROR,
        f"各项目自评表执行数合计{wan(executed)}万元，超过公开05表项目支出合计{wan(project_total)}万元",
    )]  # fmt: skip
