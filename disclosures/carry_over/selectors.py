"""Reads of 从上年带入: which version of last year's report to carry from, and what would be
carried into a version (never over what it already holds)."""

from dataclasses import dataclass, field

from ..forms.table_edit import evaluate, insert_code, sum_rules
from ..models import Report, VersionState
from ..narrative_catalog import sections_for_report
from ..pdf.selectors import PRIOR_YEAR_KEYS, PRIOR_YEAR_TITLES
from ..performance.forms import wan_text
from ..regions import region_profile
from ..regions.tables import table_layout
from ..selectors import version_latest, version_tables
from ..tables.spec import LAYOUT_LINES, TABLES, table_spec
from ..tables.values import TableData

CARRIED_PARTS = ("overview", "explanation")  # 第四部分 重点工作 is each year's own work
# Last year's totals for the text (prior_year.*), where its tables hold them: 01表 and 04表's 总计.
PRIOR_YEAR_CELLS = {"total": (1, "31", "amount"), "fiscal_total": (4, "32", "amount")}


@dataclass
class CarryOverPlan:
    source: object  # the ReportVersion of last year carried from
    sections: dict = field(default_factory=dict)  # {key: body} to write (the year's sections, prior_year.*)
    titles: dict = field(default_factory=dict)  # {key: title} of every section carried or kept
    kept_sections: list = field(default_factory=list)  # keys whose text here stays (it differs from last year's)
    glossary: list = field(default_factory=list)  # [(term, definition)] to add
    kept_glossary: int = 0  # entries this version has: last year's are not added
    tables: list = field(default_factory=list)  # [TableData]: every table with a carried cell, whole
    cells: list = field(default_factory=list)  # [(table, row, column, amount)] carried
    kept_cells: list = field(default_factory=list)  # [(table, row, column)] holding another amount here

    @property
    def is_empty(self):
        return not (self.sections or self.glossary or self.cells)


def carry_over_source(*, report):
    """The version of the department's report of the year before to carry from: its newest
    published version, else its newest one; None when the department has no such report."""
    previous = (
        Report.objects.filter(department_id=report.department_id, year=report.year - 1)
        .select_related("published_version", "department")
        .first()
    )
    if previous is None:
        return None
    return previous.published_version or version_latest(report=previous)


def cell_label(table, row, column):
    """A carried cell in words: 公开01表第29行“年初结转和结余”, 公开07表“年初结转和结余” 2120801."""
    spec = table_spec(table)
    if spec.layout == LAYOUT_LINES:
        return f"{spec.code}第{row}行“{spec.row_label(row)}”"
    return f"{spec.code}“{spec.columns_by_key[column].label}” {spec.row_label(row, row)}"


def _copy(data):
    return TableData(number=data.number, cells=dict(data.cells), code_rows=list(data.code_rows), sources=dict(data.sources))


def _carry(data, target, amount, carried, kept):
    if not amount:
        return
    here = data.get(*target)
    if here == amount:  # carried before, or entered alike
        return
    if here:
        kept.append((data.number, *target))
        return
    data.cells[target] = amount
    data.sources.pop(target, None)
    carried[target] = amount


def _add_to_sums(spec, data, carried):
    """The lines that sum a carried one grow by what was carried (a total typed apart stays apart)."""
    rules = sum_rules(spec, [])
    deltas, _ = evaluate(rules, dict(carried))
    for target in {target for target, _ in rules}:
        if deltas.get(target) and target not in carried:
            data.cells[target] = data.get(*target) + deltas[target]


def _opening_balances(*, version, current, previous, plan):
    printed = table_layout(region_profile(region=version.report.department.region)).optional_columns
    for spec in TABLES:
        prior, data, carried = previous[spec.number], _copy(current[spec.number]), {}
        if spec.layout == LAYOUT_LINES:
            for side in spec.sides:
                for line in side.lines:
                    if line.carry_from:
                        source_column = spec.side_of(line.carry_from).columns[0].key
                        amount = prior.get(line.carry_from, source_column)
                        _carry(data, (line.key, side.columns[0].key), amount, carried, plan.kept_cells)
            if carried:
                _add_to_sums(spec, data, carried)
        else:
            names = dict(prior.code_rows)
            for column in spec.columns:
                if not column.carry_from or (column.optional and column.key not in printed.get(spec.number, ())):
                    continue
                for row in (*spec.fixed_row_keys(), *names):
                    amount = prior.get(row, column.carry_from)
                    if amount and row in names and row not in dict(data.code_rows):
                        data.code_rows = insert_code(data.code_rows, row, names[row])
                    _carry(data, (row, column.key), amount, carried, plan.kept_cells)
        if carried:
            plan.tables.append(data)
            plan.cells += [(spec.number, row, column, amount) for (row, column), amount in carried.items()]


def carry_over_plan(*, version, source):
    """What 从上年带入 would write into `version` from last year's `source` version (CarryOverPlan)."""
    plan = CarryOverPlan(source=source)
    here = dict(version.sections.values_list("key", "body"))
    there = dict(source.sections.values_list("key", "body"))
    for spec in sections_for_report(version.report):
        body = (there.get(spec.key) or "").strip()
        if spec.part not in CARRIED_PARTS or not body:
            continue
        mine = (here.get(spec.key) or "").strip()
        if mine == body:
            continue
        plan.titles[spec.key] = spec.title
        if mine:
            plan.kept_sections.append(spec.key)
        else:
            plan.sections[spec.key] = body
    previous = version_tables(version=source)
    if source.state != VersionState.PUBLISHED:  # a published report gives its totals itself (prior_year_totals)
        for name, (table, row, column) in PRIOR_YEAR_CELLS.items():
            key, amount = PRIOR_YEAR_KEYS[name], previous[table].get(row, column)
            if amount and not (here.get(key) or "").strip():
                plan.sections[key], plan.titles[key] = wan_text(amount), PRIOR_YEAR_TITLES[name]
    mine, theirs = (list(v.glossary_entries.order_by("position").values_list("term", "definition")) for v in (version, source))
    if not mine:
        plan.glossary = theirs
    elif theirs and mine != theirs:
        plan.kept_glossary = len(mine)
    _opening_balances(version=version, current=version_tables(version=version), previous=previous, plan=plan)
    return plan
