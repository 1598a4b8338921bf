"""Seed 001 as published (万元): its real slips are found, as 尾差 warnings, and nothing else."""

from decimal import Decimal

from disclosures.demo.loader import seed_tables
from reviews.rules.data import file_rules
from reviews.rules.engine import run_rules

RULES = file_rules(2024)


def _summary(findings):
    return sorted((f.rule, f.severity, f.actual, f.expected) for f in findings)


def test_seed_001_slips_are_rounding_warnings():
    findings = run_rules(RULES, seed_tables(), entry_unit="万元")
    assert _summary(findings) == sorted(
        [
            ("R01-058", "warning", Decimal("5835600.00"), Decimal("5835500.00")),  # 583.56 vs Σ32–57 583.55
            ("R06-CLS", "warning", Decimal("1657800.00"), Decimal("1657700.00")),  # 301 165.78 vs its 款 165.77
            ("R06-CLS", "warning", Decimal("148200.00"), Decimal("148100.00")),  # 302 14.82 vs its 款 14.81
            ("X01-03-CLS", "warning", Decimal("2021400.00"), Decimal("2021500.00")),  # 01 line 39 vs 03 class 208
            ("X01-04-CLS", "warning", Decimal("2021400.00"), Decimal("2021500.00")),  # 01 line 39 vs 04 line 40
        ]
    )
    assert all(f.rounding and "尾差" in f.message for f in findings)


def test_a_rounding_warning_names_the_total_the_parts_the_difference_and_the_sheet_cells():
    findings = run_rules(RULES, seed_tables(), entry_unit="万元")
    line_39 = next(f for f in findings if f.rule == "X01-03-CLS")
    assert "公开01表 第39行 202.14万元" in line_39.message
    assert "208类各科目 本年支出合计之和 202.15万元" in line_39.message
    assert "相差 -0.01万元" in line_39.message
    assert "公开03表 2080150事业运行 本年支出合计 133.15" in line_39.message
    assert line_39.sheet_cells() == ["公开01表!F14", "公开03表!C8", "公开03表!C9", "公开03表!C10", "公开03表!C11", "公开03表!C12"]
    assert line_39.cells[0]["label"] == "公开01表 第39行 金额"


def test_the_same_figures_entered_in_yuan_must_reconcile_exactly():
    findings = run_rules(RULES, seed_tables(), entry_unit="元")
    assert {f.rule for f in findings} == {"R01-058", "R06-CLS", "X01-03-CLS", "X01-04-CLS"}
    assert all(f.severity == "error" and not f.rounding for f in findings)


def test_a_difference_beyond_the_rounding_of_the_parts_is_an_error():
    tables = seed_tables()
    tables[1].set("39", "amount", Decimal("2021000.00"))  # 202.10: 0.05 万元 off, 6 amounts allow 0.03
    findings = [f for f in run_rules(RULES, tables, entry_unit="万元") if f.rule == "X01-03-CLS"]
    assert [f.severity for f in findings] == ["error"]
    assert not findings[0].rounding
