"""Reports and versions: a report per department and year; corrections are new versions."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from disclosures.models import ReportVersion, TableCell, VersionState
from disclosures.selectors import published_version, version_tables
from disclosures.services import (
    ContentError,
    VersionLocked,
    report_create,
    version_replace_tables,
    version_start_correction,
)
from disclosures.tables.values import TableData
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db


def test_a_new_report_starts_as_an_empty_draft_with_the_years_sections():
    report, version = report_create(department=make_department(make_region()), year=2024)
    assert (version.number, version.state) == (1, VersionState.DRAFT)
    titles = list(version.sections.values_list("title", flat=True))
    assert titles[:2] == ["一、部门主要职能", "二、部门决算单位构成"]
    assert len([k for k in version.sections.values_list("key", flat=True) if k.startswith("explanation.")]) == 13


def test_one_report_per_department_and_year():
    department = make_department(make_region())
    report_create(department=department, year=2024)
    with pytest.raises(IntegrityError), transaction.atomic():
        report_create(department=department, year=2024)


def test_replacing_tables_is_all_or_nothing():
    _, version = make_report(make_department(make_region()))
    before = version_tables(version=version)[3].get("total", "total")
    good = TableData(number=2)
    good.set("total", "total", "1.00")
    bad = TableData(number=3)
    bad.set("total", "no_such_column", "5.00")
    with pytest.raises(ContentError, match="no_such_column"):
        version_replace_tables(version=version, tables=[good, bad])
    after = version_tables(version=version)
    assert after[3].get("total", "total") == before
    assert after[2].get("total", "total") != Decimal("1.00")


def test_saving_counts_revisions_and_stores_only_nonzero_cells():
    _, version = make_report(make_department(make_region()))
    revision = version.revision
    data = TableData(number=9)
    data.set("1", "final_abroad", "0")
    data.set("1", "final_reception", "12.30")
    version = version_replace_tables(version=version, tables=[data])
    assert version.revision == revision + 1
    assert list(TableCell.objects.filter(version=version, table=9).values_list("column", "amount")) == [
        ("final_reception", Decimal("12.30"))
    ]


def test_a_published_version_cannot_be_changed():
    _, version = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    with pytest.raises(VersionLocked):
        version_replace_tables(version=version, tables=[TableData(number=9)])


def test_a_correction_is_a_new_version_and_the_published_one_stays_as_it_was():
    report, v1 = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    original = version_tables(version=v1)[3].cells.copy()
    v2 = version_start_correction(report=report, correction_note="更正公开03表项目支出。")
    assert (v2.number, v2.state, v2.correction_note) == (2, VersionState.DRAFT, "更正公开03表项目支出。")
    assert version_tables(version=v2)[3].cells == original
    assert v2.sections.count() == v1.sections.count()

    changed = version_tables(version=v2)[3]
    changed.set("total", "total", "1.00")
    version_replace_tables(version=v2, tables=[changed])
    assert version_tables(version=v1)[3].cells == original
    # The permanent address still shows version 1 until the correction is published.
    assert published_version(department_code=report.department.code, year=2024) == v1
    assert published_version(department_code=report.department.code, year=2024, number=1) == v1


def test_a_correction_needs_a_note_and_a_published_version():
    report, _ = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    with pytest.raises(ContentError, match="更正说明"):
        version_start_correction(report=report, correction_note="  ")
    version_start_correction(report=report, correction_note="更正")
    with pytest.raises(VersionLocked):
        version_start_correction(report=report, correction_note="再次更正")


def test_the_database_refuses_two_open_versions_of_one_report():
    report, _ = make_report(make_department(make_region()))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.create(report=report, number=2)


def test_the_database_refuses_a_published_version_without_a_date():
    report, version = make_report(make_department(make_region()))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED)


def test_a_correction_carries_attachments_and_checklist_answers_and_gets_its_own_findings():
    import io

    from django.core.management import call_command

    from disclosures.demo.loader import CAIDIAN_CODE

    call_command("load_demo", stdout=io.StringIO())
    v1 = published_version(department_code=CAIDIAN_CODE, year=2024)
    v2 = version_start_correction(report=v1.report, correction_note="更正附件")
    assert [e.total_score_stated for e in v2.evaluations.all()] == [e.total_score_stated for e in v1.evaluations.all()]
    assert sum(e.indicators.count() for e in v2.evaluations.all()) == sum(
        e.indicators.count() for e in v1.evaluations.all()
    )
    assert v2.checklist_answers.count() == v1.checklist_answers.count() == 54
    assert v2.key_work_items.count() == 4 and v2.glossary_entries.count() == v1.glossary_entries.count()
    assert v2.findings.count() == v1.findings.count() > 0
    assert v1.evaluations.count() == 3  # the published version keeps its own
