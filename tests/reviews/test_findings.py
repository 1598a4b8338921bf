"""Findings are computed on every save, stored with the version, explained, and block submission."""

import pytest

from disclosures.demo.loader import seed_tables
from disclosures.models import EntryUnit
from disclosures.services import version_replace_tables
from portal.accounts.models import Role
from reviews.models import Finding, Severity
from reviews.selectors import findings_for_version, rules_for_year, version_submission_blockers
from reviews.services import ReviewError, finding_explain, findings_refresh, rule_set_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_version():
    department = make_department(make_region())
    _, version = make_report(department)
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    return version


def test_a_consistent_report_has_no_finding_and_nothing_blocks_it():
    _, version = make_report(make_department(make_region()))
    assert not Finding.objects.filter(version=version).exists()
    assert not version_submission_blockers(version=version)


def test_saving_tables_stores_the_findings_with_their_cells(seed_version):
    findings = list(Finding.objects.filter(version=seed_version).order_by("position"))
    assert sorted(f.rule_code for f in findings) == ["R01-058", "R06-CLS", "R06-CLS", "X01-03-CLS", "X01-04-CLS"]
    line_39 = next(f for f in findings if f.rule_code == "X01-03-CLS")
    assert line_39.severity == Severity.WARNING and line_39.rounding
    assert line_39.cells[0] == {"table": 1, "row": "39", "column": "amount", "label": "公开01表 第39行 金额", "source": "公开01表!F14"}
    assert line_39.difference_wan == "-0.01"
    groups = findings_for_version(version=seed_version)
    assert [g.part for g in groups] == ["表格"]
    assert sorted({f.first_table for f in groups[0].findings}) == [1, 6]
    assert all(f.part == "表格" for f in findings)


def test_unexplained_warnings_block_submission_until_explained(seed_version):
    blockers = version_submission_blockers(version=seed_version)
    assert not blockers.errors and len(blockers.unexplained_warnings) == 5
    accountant = make_user(Role.ACCOUNTANT)
    for finding in blockers.unexplained_warnings:
        finding_explain(finding=finding, text="按万元逐项四舍五入形成的尾差。", user=accountant)
    assert not version_submission_blockers(version=seed_version)


def test_an_explanation_survives_a_recomputation_while_the_same_cells_are_found(seed_version):
    finding = Finding.objects.get(version=seed_version, rule_code="X01-03-CLS")
    finding_explain(finding=finding, text="尾差。", user=make_user(Role.ACCOUNTANT))
    findings_refresh(version=seed_version)
    assert Finding.objects.get(version=seed_version, rule_code="X01-03-CLS").explanation == "尾差。"

    tables = seed_tables()
    tables[1].set("39", "amount", "2021500.00")  # 01 line 39 corrected to 202.15
    version_replace_tables(version=seed_version, tables=[tables[1]])
    assert not Finding.objects.filter(version=seed_version, rule_code="X01-03-CLS").exists()


def test_an_error_cannot_be_explained_away():
    _, version = make_report(make_department(make_region()))
    tables = seed_tables()
    version_replace_tables(version=version, tables=tables.values(), entry_unit=EntryUnit.YUAN)
    error = Finding.objects.filter(version=version, severity=Severity.ERROR).first()
    assert error is not None
    with pytest.raises(ReviewError, match="错误须改正"):
        finding_explain(finding=error, text="说明", user=None)
    assert version_submission_blockers(version=version).errors


def test_an_empty_explanation_is_refused(seed_version):
    warning = Finding.objects.filter(version=seed_version).first()
    with pytest.raises(ReviewError, match="请填写说明"):
        finding_explain(finding=warning, text="   ", user=None)


def test_the_database_rule_set_is_used_once_loaded_and_a_disabled_rule_stops_firing(seed_version):
    rule_set, created = rule_set_load(year=2024)
    assert created and rule_set.active and rule_set.rules.count() == len(rules_for_year(year=2024))
    assert rule_set_load(year=2024) == (rule_set, False)
    rule_set.rules.filter(code="R06-CLS").update(enabled=False)
    findings_refresh(version=seed_version)
    codes = set(Finding.objects.filter(version=seed_version).values_list("rule_code", flat=True))
    assert "R06-CLS" not in codes and "X01-03-CLS" in codes
    assert all(f.rule.rule_set == rule_set for f in Finding.objects.filter(version=seed_version))
