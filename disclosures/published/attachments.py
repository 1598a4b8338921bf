"""The project self-evaluation tables of 第六部分 附件, read back as unsaved evaluations.

Each table starts at its title (“2024 年度…项目自评表”) and its cells are found by their printed
labels, not by position: 项目名称; under 预算执行情况 the 年初预算数, 预算数（A）/全年预算数,
执行数（B）, 执行率 and 得分 headings with the figures of 年度财政资金总额 below them; the
indicator rows under 一级指标 … 实际完成值 … 得分 to 总分. What the text checks compare with the
explanation (the project's name, budget, executed amount and rate, each indicator's actual value)
is kept in ProjectEvaluation objects that are never saved, their indicators in `indicator_rows`.
"""

import re
from decimal import Decimal, InvalidOperation

from ..excel import cells
from ..models import EvaluationIndicator, ProjectEvaluation
from ..tables.values import AmountError, wan_to_yuan
from .pages import Grid

_TITLE = re.compile(r"项目(?:支出)?(?:绩效)?自评表$")
_WEIGHT = re.compile(r"（(\d+(?:\.\d+)?)分）")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PERCENT = re.compile(r"^(-?\d+(?:\.\d+)?)%$")
BUDGET_ROW = "年度财政资金总额"


def _key(value):
    return cells.text(value) if isinstance(value, str) else ""


def _decimal(value):
    key = _key(value).replace(",", "")
    if not _NUMBER.match(key):
        return None
    try:
        return Decimal(key)
    except InvalidOperation:
        return None


def _wan(value):
    number = _decimal(value)
    if number is None:
        return None
    try:
        return wan_to_yuan(number)
    except AmountError:
        return None


def _after(row, column):
    """The first filled cell right of `column`."""
    return next((v for v in row[column + 1 :] if v), "")


def _column(header, *labels):
    """The column whose heading starts with one of `labels`."""
    return next((c for c, v in enumerate(header) for label in labels if _key(v).startswith(label)), None)


def _budget(evaluation, rows):
    for r, row in enumerate(rows):
        executed = _column(row, "执行数")
        if executed is None:
            continue
        budget = _column(row, "预算数", "全年预算数", "调整后预算数")
        initial = _column(row, "年初预算数")
        rate, score = _column(row, "执行率"), _column(row, "得分")
        weight = next((_WEIGHT.search(_key(v)) for v in row if v and _WEIGHT.search(_key(v))), None)
        if weight:
            evaluation.execution_weight = Decimal(weight.group(1))
        values = next((v for v in rows[r + 1 :] if any(_key(c) == BUDGET_ROW for c in v)), rows[r + 1] if r + 1 < len(rows) else [])

        def pick(c):
            return values[c] if c is not None and c < len(values) else None

        evaluation.budget = _wan(pick(budget)) or Decimal("0.00")
        evaluation.executed = _wan(pick(executed)) or Decimal("0.00")
        evaluation.budget_initial = _wan(pick(initial)) if initial is not None else None
        stated = _PERCENT.match(_key(pick(rate)))
        evaluation.execution_rate_stated = Decimal(stated.group(1)) if stated else None
        evaluation.execution_score_stated = _decimal(pick(score))
        return r + 1
    return 0


def _indicators(evaluation, rows, start):
    rows = rows[start:]
    header_at = next((r for r, row in enumerate(rows) if _column(row, "三级指标") is not None), None)
    if header_at is None:
        return
    header = rows[header_at]
    columns = {
        "level1": _column(header, "一级指标"),
        "level2": _column(header, "二级指标"),
        "level3": _column(header, "三级指标"),
        "target": _column(header, "年初目标值", "目标值", "年度指标值"),
        "actual": _column(header, "实际完成值", "实际值"),
        "weight": _column(header, "分值", "权重"),
        "score": _column(header, "得分"),
    }
    previous = {}
    for row in rows[header_at + 1 :]:
        first = next((v for v in row if v), "")
        if _key(first).startswith("总分"):
            evaluation.total_score_stated = _decimal(next((v for v in reversed(row) if v), ""))
            break
        values = {}
        for name, c in columns.items():
            value = row[c] if c is not None and c < len(row) else None
            values[name] = previous.get(name, "") if value is None and name in ("level1", "level2") else (value or "")
        if not values["level3"]:
            break
        previous = values
        evaluation.indicator_rows.append(
            EvaluationIndicator(
                position=len(evaluation.indicator_rows) + 1,
                level1=values["level1"],
                level2=values["level2"],
                level3=values["level3"],
                target=values["target"],
                actual=values["actual"],
                weight=_decimal(values["weight"]) or Decimal("0"),
                score_stated=_decimal(values["score"]),
            )
        )


def project_evaluations(items):
    """[ProjectEvaluation] (unsaved, with indicator_rows) of the project tables among `items`."""
    starts = [i for i, item in enumerate(items) if not isinstance(item, Grid) and _TITLE.search(re.sub(r"\s+", "", item.text))]
    found = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(items)
        rows = [row for item in items[start:stop] if isinstance(item, Grid) for row in item.rows]
        name_row = next((row for row in rows if row and _key(row[0]) == "项目名称"), None)
        if name_row is None:
            continue
        evaluation = ProjectEvaluation(position=len(found) + 1, table_title=items[start].text, project_name=_after(name_row, 0))
        evaluation.indicator_rows = []
        unit = next((t for t, _, _ in items[start + 1].columns if t.startswith("单位名称")), "") if start + 1 < stop and not isinstance(items[start + 1], Grid) else ""
        evaluation.unit_name = re.sub(r"^单位名称[:：]\s*", "", unit)
        _indicators(evaluation, rows, _budget(evaluation, rows))
        found.append(evaluation)
    return found
