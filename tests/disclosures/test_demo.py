"""The demo: seed 001 exactly as published, other departments in other states, demo users."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import Report, ReportVersion, VersionState
from disclosures.selectors import published_version, version_tables

pytestmark = pytest.mark.django_db

WAN = Decimal(10000)


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_caidian_report_is_published_with_its_tables_exactly_as_published(demo):
    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    assert version.report.department.name == "武汉市蔡甸区城乡居民养老保险办公室"
    assert version.entry_unit == "万元"
    tables = version_tables(version=version)
    assert tables[1].get("31", "amount") == Decimal("583.56") * WAN
    # The published slips stay: 01 shows 202.14 where 03 and 04 add up to 202.15 ...
    assert tables[1].get("39", "amount") == Decimal("202.14") * WAN
    assert tables[4].get("40", "subtotal") == Decimal("202.15") * WAN
    # ... and 06's 301 says 165.78 while its 款 add up to 165.77.
    parts = sum(amount for (row, _), amount in tables[6].cells.items() if row.startswith("301") and len(row) == 5)
    assert tables[6].get("301", "amount") == Decimal("165.78") * WAN
    assert parts == Decimal("165.77") * WAN
    assert [code for code, _ in tables[3].code_rows][0] == "2080109"
    assert tables[3].sources[("2080109", "project")] == "公开03表!E8"
    assert tables[7].is_empty and tables[8].is_empty and tables[9].is_empty


def test_every_narrative_part_and_attachment_is_there(demo):
    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    sections = {s.key: s for s in version.sections.all()}
    assert len([k for k in sections if k.startswith("explanation.")]) == 13
    assert "收、支总计 583.56 万元" in sections["explanation.overall"].body
    assert "宣传城乡居民" in sections["overview.functions"].body
    assert version.key_work_items.count() == 4
    assert version.glossary_entries.first().term == "一般公共预算财政拨款收入"
    scores = [e.total_score_stated for e in version.evaluations.all()]
    assert scores == [Decimal("98.82"), Decimal("99.99"), Decimal("92.85")]
    first = version.evaluations.first()
    assert sum(i.weight for i in first.indicators.all()) + first.execution_weight == 100


def test_other_departments_are_in_other_states(demo):
    states = set(ReportVersion.objects.exclude(report__department__code=CAIDIAN_CODE).values_list("state", flat=True))
    assert states == {VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED}


def test_demo_users_log_in_with_demo_password(demo, client):
    for username in ("accountant", "reviewer", "admin"):
        assert client.login(username=username, password="demo-password-for-tests"), username


def test_without_demo_password_one_is_generated_and_printed(monkeypatch, client):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = out.getvalue().strip().rsplit("：", 1)[1]
    assert len(password) >= 10
    assert client.login(username="accountant", password=password)


def test_loading_twice_changes_nothing(demo):
    counts = (Report.objects.count(), ReportVersion.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Report.objects.count(), ReportVersion.objects.count()) == counts


def test_the_home_page_lists_the_published_report_and_it_reads(demo, client):
    home = client.get("/").content.decode()
    assert "武汉市蔡甸区城乡居民养老保险办公室2024年度部门决算" in home
    assert "武汉市蔡甸区教育局" not in home  # submitted, not published
    page = client.get(f"/reports/{CAIDIAN_CODE}/2024/").content.decode()
    for text in ("公开01表 收入支出决算总表", "202.14", "165.78", "本单位2024年度无政府性基金预算财政拨款收入支出。", "98.82"):
        assert text in page


@pytest.mark.slow
def test_with_pdf_the_published_report_has_its_pdf_before_anyone_asks(monkeypatch, client, django_capture_on_commit_callbacks):
    from disclosures.models import DocumentStatus, RenderedDocument

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--pdf", stdout=io.StringIO())
    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    document = RenderedDocument.objects.get(version=version, kind=RenderedDocument.Kind.PDF)
    assert document.status == DocumentStatus.DONE
    response = client.get(f"/reports/{CAIDIAN_CODE}/2024/report.pdf")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline;")
    assert RenderedDocument.objects.get(pk=document.pk).finished_at == document.finished_at  # not rendered again
