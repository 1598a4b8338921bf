"""Checklist items decided from the report itself, each with the evidence shown.

Which items are decided here, and by which function, is data:
reviews/checklist_data/checklist_YEAR_auto.toml. Answers: "是" (meets the
requirement), "否", or "" when the data cannot decide yet.
"""

import tomllib
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from disclosures.selectors import version_tables
from disclosures.tables.spec import table_spec

from ..models import DecisionAction, Finding, ReviewDecision, Severity
from ..selectors import deadlines_for_year

CHECKLIST_DATA_DIR = Path(__file__).resolve().parent.parent / "checklist_data"
SHANGHAI = ZoneInfo("Asia/Shanghai")
YES, NO, UNDECIDED = "是", "否", ""


def auto_mapping(year):
    """{item no: check name} for a year."""
    path = CHECKLIST_DATA_DIR / f"checklist_{year}_auto.toml"
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    mapping = {entry["no"]: entry["check"] for entry in raw["auto"]}
    unknown = sorted(set(mapping.values()) - set(CHECKS))
    if unknown:
        raise ValueError(f"{path.name}：未知的判定依据 {'、'.join(unknown)}")
    return mapping


class Context:
    def __init__(self, version):
        self.version = version
        self.year = version.report.year
        self._tables = None
        self._findings = None

    @property
    def tables(self):
        if self._tables is None:
            self._tables = version_tables(version=self.version)
        return self._tables

    @property
    def findings(self):
        if self._findings is None:
            self._findings = list(Finding.objects.filter(version=self.version).order_by("position"))
        return self._findings

    def findings_of(self, *codes):
        return [f for f in self.findings if f.rule_code in codes]


def _from_rules(ctx, codes, ok_text):
    found = ctx.findings_of(*codes)
    if not found:
        return YES, ok_text
    return NO, "；".join(f"{f.rule_code}：{f.message}" for f in found[:5])


def two_decimals_zero_lines(ctx):
    return _from_rules(ctx, ("F-DEC", "F-ZERO"), "金额均为两位小数（万元）；公开02、03、05、07、08表未列示全为零的科目。")


def nine_tables(ctx):
    empty = [table_spec(n).code for n in range(1, 10) if ctx.tables[n].is_empty]
    note = f"（其中{'、'.join(empty)}为空表，附说明）" if empty else ""
    return _from_rules(ctx, ("F-TABLES",), f"公开01表至公开09表九张表均在报告中{note}。")


def class_lines_have_data(ctx):
    parts, ok = [], True
    for number, lines in ((1, range(32, 58)), (4, range(33, 59))):
        data = ctx.tables[number]
        shown = [str(n) for n in lines if any(v for (row, _), v in data.cells.items() if row == str(n))]
        if not shown and not (number == 4 and data.is_empty):
            ok = False
        parts.append(f"{table_spec(number).code}第{'、'.join(shown) or '（无）'}行有数据")
    return (YES if ok else NO), "；".join(parts) + "。"


def item_level(ctx):
    counts = "、".join(
        f"{table_spec(n).code}{sum(1 for c, _ in ctx.tables[n].code_rows if len(c) == 7)}个项级科目" for n in (2, 3, 5, 8)
    )
    return _from_rules(ctx, ("F-ITEM",), f"功能分类科目均细化至项级：{counts}。")


def zero_fund_columns(ctx):
    return YES, "公开04表按统一格式生成，政府性基金预算财政拨款和国有资本经营预算财政拨款两栏始终列示（含零值）。"


def economic_kuan_level(ctx):
    count = sum(1 for c, _ in ctx.tables[6].code_rows if len(c) == 5)
    return _from_rules(ctx, ("F-KUAN",), f"公开06表列示{count}个款级经济分类科目。")


def empty_tables_noted(ctx):
    notes = []
    for n in (7, 8, 9):
        spec = table_spec(n)
        if ctx.tables[n].is_empty:
            notes.append(f"{spec.code}为空表，附说明“{spec.empty_note.format(year=ctx.year)}”")
    if not notes:
        return YES, "公开07、08、09表均有数据，无需空表说明。"
    return YES, "；".join(notes) + "。"


def data_complete(ctx):
    return _from_rules(ctx, ("F-TABLES", "F-DATA"), "九张表齐全，公开01表有数据。")


def returns_count(ctx):
    count = ReviewDecision.objects.filter(version=ctx.version, action=DecisionAction.RETURN).count()
    return (YES if count <= 1 else NO), f"审核流程记录：本版本被退回{count}次。"


def totals_agree(ctx):
    relations = [f for f in ctx.findings if not f.rule_code.startswith("F-")]
    errors = [f for f in relations if f.severity == Severity.ERROR]
    warnings = [f for f in relations if f.severity == Severity.WARNING]
    unexplained = [f for f in warnings if not f.explanation.strip()]
    rounding = sum(1 for f in warnings if f.rounding)
    summary = f"勾稽关系审核：{len(errors)}个错误，{len(warnings)}个提示（其中尾差{rounding}个，未说明{len(unexplained)}个）"
    codes = "、".join(sorted({f.rule_code for f in errors + unexplained}))
    if errors or unexplained:
        return NO, f"{summary}：{codes}。"
    return YES, summary + "。"


def _deadline_answer(moment, deadline, what):
    if moment is None:
        return UNDECIDED, f"尚未{what}。"
    local = moment.astimezone(SHANGHAI)
    text = f"{what}时间 {local:%Y-%m-%d %H:%M}，期限 {deadline:%Y-%m-%d %H:%M}。"
    return (YES if local <= deadline else NO), text


def submitted_by_deadline(ctx):
    """By the end of the year's submission deadline (its calendar, else 9月20日 of the next year)."""
    deadline = datetime.combine(deadlines_for_year(year=ctx.year).submit, time(23, 59, 59), tzinfo=SHANGHAI)
    return _deadline_answer(ctx.version.submitted_at, deadline, "首次报送")


def published_by_deadline(ctx):
    """By the year's publication deadline: the end of the day its calendar sets, else 16时 on
    9月29日 of the next year, as the checklist words it."""
    deadlines = deadlines_for_year(year=ctx.year)
    hour = time(23, 59, 59) if deadlines.configured else time(16, 0)
    return _deadline_answer(ctx.version.published_at, datetime.combine(deadlines.publish, hour, tzinfo=SHANGHAI), "公开")


CHECKS = {
    f.__name__: f
    for f in (
        two_decimals_zero_lines,
        nine_tables,
        class_lines_have_data,
        item_level,
        zero_fund_columns,
        economic_kuan_level,
        empty_tables_noted,
        data_complete,
        returns_count,
        totals_agree,
        submitted_by_deadline,
        published_by_deadline,
    )
}


def auto_answers(*, version, items):
    """{item no: (answer, evidence)} for the given auto items."""
    ctx = Context(version)
    result = {}
    for item in items:
        check = CHECKS.get(item.check_key)
        result[item.no] = check(ctx) if check else (UNDECIDED, f"未知的判定依据“{item.check_key}”")
    return result
