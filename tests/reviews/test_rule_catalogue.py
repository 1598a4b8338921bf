"""Every rule of rules_2024.toml holds on a consistent report and fires when a cell it reads is changed."""

import copy
from decimal import Decimal

import pytest

from disclosures.demo.synthetic import consistent_tables
from disclosures.tables.values import TableData
from reviews.rules.data import file_rules, read_rule_file, rule_file
from reviews.rules.engine import Run, run_rules
from tests.factories import GOOD_LINES

from .builders import rich_consistent_tables

RULES = file_rules(2024)
RELATION_RULES = [rule for rule in RULES if not rule.expression.format_check]
BUMP = Decimal("1000000000.00")


def _refs_by_side(rule, tables):
    """The first binding at which the rule reads cells: (left refs, right refs)."""
    expression = rule.expression
    for term in expression.terms:
        if term.rows[0] == "code" and term.rows[1] not in dict(tables[term.table].code_rows):
            tables[term.table].code_rows.append((term.rows[1], "测试科目"))  # a row to change
    run = Run(tables, entry_unit="元")
    kind = expression.quantifier
    bindings = [None]
    if kind is not None:
        bindings = []
        for term in expression.terms:
            if term.rows[0] == "quantifier" or (term.rows[0] == "bound" and term.rows[1] == "same"):
                columns = () if term.columns and term.columns[0].startswith("*") else term.columns
                bindings += [b for b in run.index(term.table).domain(kind, columns) if b not in bindings]
    for column in expression.each_columns or (None,):
        for binding in bindings:
            left = [ref for t in expression.left for ref in run.term_refs(t, binding, kind, column)]
            right = [ref for t in expression.right for ref in run.term_refs(t, binding, kind, column)]
            if left and right:
                return left, right
    raise AssertionError(f"{rule.code} reads no cell of the consistent report")


def _bump(tables, ref, amount=BUMP):
    table, row, column = ref
    data = tables[table]
    data.cells[(row, column)] = data.get(row, column) + amount


def test_the_rule_file_has_every_table_and_unique_codes():
    data = read_rule_file(rule_file(2024))
    assert len({r["code"] for r in data.rules}) == len(data.rules)
    assert {n for r in data.rules for n in r["tables"]} == set(range(1, 10))


@pytest.mark.parametrize("subtotals", [True, False], ids=["with-subtotal-rows", "item-rows-only"])
def test_a_report_whose_every_relation_holds_has_no_finding(subtotals):
    assert run_rules(RULES, rich_consistent_tables(subtotals=subtotals), entry_unit="元") == []


def test_the_demo_synthetic_report_has_no_finding():
    assert run_rules(RULES, consistent_tables(GOOD_LINES), entry_unit="元") == []


@pytest.mark.parametrize("rule", RELATION_RULES, ids=[r.code for r in RELATION_RULES])
def test_each_relation_passes_on_good_data_and_fails_when_a_cell_it_reads_changes(rule):
    good = rich_consistent_tables()
    assert run_rules([rule], good, entry_unit="元") == []

    bad = copy.deepcopy(good)
    left, right = _refs_by_side(rule, bad)
    # ≥ breaks when its right side grows; = and ≤ when the left side grows.
    target = right[0] if rule.expression.comparator == "≥" else left[0]
    _bump(bad, target)
    findings = run_rules([rule], bad, entry_unit="元")
    assert findings, f"{rule.code} did not fire after changing {target}"
    finding = findings[0]
    assert finding.rule == rule.code
    assert finding.severity == rule.severity
    assert finding.difference and abs(finding.difference) >= BUMP - Decimal("10000000")
    assert any((c["table"], c["row"], c["column"]) == target for f in findings for c in f.cells)
    assert rule.description in finding.message


FORMAT_BREAKERS = {
    "F-TABLES": lambda t: t.pop(7),
    "F-DATA": lambda t: t.__setitem__(1, TableData(number=1)),
    "F-ITEM": lambda t: (t[3].code_rows.append(("20899", "其他社会保障和就业支出")), t[3].set("20899", "total", "5.00")),
    "F-KUAN": lambda t: (t[6].code_rows.append(("303", "对个人和家庭的补助")), t[6].set("303", "amount", "5.00")),
    "F-ZERO": lambda t: t[2].code_rows.append(("2080199", "其他人力资源和社会保障管理事务支出")),
    "F-DEC": lambda t: t[1].set("28", "amount", "1.23"),
}
FORMAT_RULES = [rule for rule in RULES if rule.expression.format_check]


def test_every_format_rule_has_a_breaker():
    assert {r.code for r in FORMAT_RULES} == set(FORMAT_BREAKERS)


@pytest.mark.parametrize("rule", FORMAT_RULES, ids=[r.code for r in FORMAT_RULES])
def test_each_format_rule_passes_on_good_data_and_fails_on_bad(rule):
    # 万元 entry so that the two-decimal rule applies; the good report holds whole 0.01 万元 amounts.
    good = rich_consistent_tables()
    assert run_rules([rule], good, entry_unit="万元") == []
    bad = copy.deepcopy(good)
    FORMAT_BREAKERS[rule.code](bad)
    findings = run_rules([rule], bad, entry_unit="万元")
    assert [f.rule for f in findings] == [rule.code]
    assert findings[0].severity == rule.severity
