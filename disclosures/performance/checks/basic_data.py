"""perf.basic_data: the basic data table (seed 002's 附件1) adds up — each group's total line
is the sum of its parts (a “其中” line, level 2, is not added), and 控制率 = 实际在职人数 ÷ 编制数."""

from decimal import ROUND_HALF_UP, Decimal

from ...models import BasicDataGroup
from ..engine import TOLERANCE
from ..presentation import wan
from .findings import ERROR, Finding

RULE = "perf.basic_data"
COLUMNS = (("prior_final", "上年决算数"), ("budget", "本年预算数"), ("final", "本年决算数"))


def check(context):
    table = context.basic_data
    if table is None:
        return []
    findings = []
    rows = list(table.rows.all())
    for group in BasicDataGroup:
        totals = [r for r in rows if r.group == group and r.level == 0]
        parts = [r for r in rows if r.group == group and r.level == 1]
        if len(totals) != 1 or not parts:
            continue
        for column, label in COLUMNS:
            total = getattr(totals[0], column) or Decimal(0)
            added = sum((getattr(r, column) or Decimal(0) for r in parts), Decimal(0))
            if total != added:
                findings.append(Finding(
                    RULE, ERROR, f"基础数据表“{totals[0].label}”{label}为{wan(total)}万元，各分项相加为{wan(added)}万元"
                ))  # fmt: skip
    if table.staff_authorized and table.staff_actual is not None and table.staff_control_rate_stated is not None:
        rate = (Decimal(table.staff_actual) / table.staff_authorized * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if abs(rate - table.staff_control_rate_stated) > TOLERANCE:
            findings.append(Finding(
                RULE, ERROR,
                f"人员控制率填报{table.staff_control_rate_stated}%，实际在职人数÷编制数={rate}%",
            ))  # fmt: skip
    return findings
