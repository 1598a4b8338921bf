"""从上年带入 (disclosures/carry_over/): a new year's report takes last year's text, 名词解释,
totals and opening balances where it has none of its own, in one audited write."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from disclosures.carry_over.selectors import carry_over_plan, carry_over_source
from disclosures.carry_over.services import version_carry_over
from disclosures.demo.synthetic import consistent_tables
from disclosures.models import GlossaryEntry, NarrativeSection, Region, ReportVersion, VersionState
from disclosures.selectors import version_tables
from disclosures.services import (
    ContentError,
    VersionLocked,
    report_create,
    report_published_version_refresh,
    version_replace_tables,
    version_sections_save,
)
from disclosures.tables.values import TableData
from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from tests.factories import COMPLETE_TEXT, GOOD_LINES, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

FUND_ROWS = [("212", "城乡社区支出"), ("21208", "国有土地使用权出让收入安排的支出"), ("2120801", "征地和拆迁补偿支出")]


def last_years_tables():
    """Consistent tables that close the year with balances: 01 line 60, 04 lines 61-62, 07's closing column."""
    tables = consistent_tables(GOOD_LINES)
    tables[1].set("60", "amount", "50000.00")
    tables[4].set("60", "subtotal", "35000.00")
    tables[4].set("61", "subtotal", "30000.00")
    tables[4].set("61", "general", "30000.00")
    tables[4].set("62", "subtotal", "5000.00")
    tables[4].set("62", "fund", "5000.00")
    fund = TableData(number=7, code_rows=list(FUND_ROWS))
    for row in ("212", "21208", "2120801", "total"):
        fund.set(row, "closing", "5000.00")
    tables[7] = fund
    return tables


def last_year(department, *, published=True):
    report, version = make_report(department, year=2023)
    version_replace_tables(version=version, tables=last_years_tables().values())
    GlossaryEntry.objects.create(version=version, position=1, term="财政拨款收入", definition="指本级财政当年拨付的资金。")
    GlossaryEntry.objects.create(version=version, position=2, term="三公经费", definition="指因公出国（境）费等。")
    if published:
        ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
        report_published_version_refresh(report=report)
    version.refresh_from_db()
    return version


@pytest.fixture
def department():
    return make_department(make_region())


def test_the_text_名词解释_and_opening_balances_are_carried_where_the_new_report_has_none(department):
    source = last_year(department)
    _, version = report_create(department=department, year=2024)
    version_sections_save(version=version, sections={"overview.functions": "本年新写的主要职能。"})

    plan = version_carry_over(version=version, user=None)

    assert carry_over_source(report=version.report) == source
    bodies = dict(NarrativeSection.objects.filter(version=version).values_list("key", "body"))
    assert bodies["overview.functions"] == "本年新写的主要职能。" and plan.kept_sections == ["overview.functions"]
    assert bodies["overview.composition"] == COMPLETE_TEXT and bodies["explanation.overall"] == COMPLETE_TEXT
    assert bodies["key_work.summary"] == ""  # 重点工作 is each year's own
    assert not any(key.startswith("prior_year.") for key in bodies)  # last year's is published: read from it
    assert list(version.glossary_entries.values_list("term", flat=True)) == ["财政拨款收入", "三公经费"]

    tables = version_tables(version=version)
    assert tables[1].get("29", "amount") == Decimal("50000.00") and tables[1].get("31", "amount") == Decimal("50000.00")
    assert (tables[4].get("29", "amount"), tables[4].get("30", "amount")) == (Decimal("30000.00"), Decimal("5000.00"))
    assert tables[4].get("28", "amount") == Decimal("35000.00") and tables[4].get("32", "amount") == Decimal("35000.00")
    assert tables[7].code_rows == FUND_ROWS
    assert {row: tables[7].get(row, "opening") for row in ("212", "21208", "2120801", "total")} == dict.fromkeys(
        ("212", "21208", "2120801", "total"), Decimal("5000.00")
    )
    assert not tables[7].get("total", "closing")  # this year's closing is this year's to enter

    (event,) = AuditEvent.objects.filter(version=version, action="carry_over")
    assert event.payload["source"] == source.pk and event.payload["source_year"] == 2023
    assert "overview.composition" in event.payload["keys"] and event.payload["kept_keys"] == ["overview.functions"]
    assert event.payload["glossary"] == 2
    assert {(c["table"], c["row"], c["column"], c["to"]) for c in event.payload["changes"]} >= {
        (1, "29", "amount", "50000.00"), (1, "31", "amount", "50000.00"), (4, "28", "amount", "35000.00"),
        (7, "2120801", "opening", "5000.00"),
    }  # fmt: skip

    again = version_carry_over(version=version)
    assert again.is_empty and again.kept_sections == ["overview.functions"] and not (again.kept_glossary or again.kept_cells)
    assert tables[1].get("31", "amount") == version_tables(version=version)[1].get("31", "amount")
    assert AuditEvent.objects.filter(version=version, action="carry_over").count() == 1


def test_an_amount_already_entered_is_kept_and_its_totals_left_alone(department):
    last_year(department)
    _, version = report_create(department=department, year=2024)
    tables = consistent_tables(GOOD_LINES)
    tables[1].set("29", "amount", "123.00")
    tables[1].set("31", "amount", str(tables[1].get("31", "amount") + Decimal("123.00")))
    version_replace_tables(version=version, tables=tables.values())
    before = version_tables(version=version)[1].get("31", "amount")
    plan = version_carry_over(version=version)
    assert (1, "29", "amount") in plan.kept_cells
    after = version_tables(version=version)
    assert after[1].get("29", "amount") == Decimal("123.00") and after[1].get("31", "amount") == before
    assert after[4].get("29", "amount") == Decimal("30000.00")  # the other openings still come over


def test_an_unpublished_last_year_gives_its_totals_for_the_text_too(department):
    last_year(department, published=False)
    _, version = report_create(department=department, year=2024)
    plan = version_carry_over(version=version)
    total = version_tables(version=plan.source)[1].get("31", "amount")
    bodies = dict(NarrativeSection.objects.filter(version=version).values_list("key", "body"))
    assert Decimal(bodies["prior_year.total"]) * 10000 == total
    assert Decimal(bodies["prior_year.fiscal_total"]) * 10000 == version_tables(version=plan.source)[4].get("32", "amount")


def test_a_region_printing_08s_balances_gets_its_opening_column_and_others_do_not():
    shanghai = Region.objects.create(code="310107", name="普陀区")
    for region, printed in ((shanghai, True), (make_region(), False)):
        department = make_department(region)
        source = last_year(department)
        capital = TableData(number=8, code_rows=[("223", "国有资本经营预算支出")])
        for row in ("223", "total"):
            capital.set(row, "closing", "800.00")
        ReportVersion.objects.filter(pk=source.pk).update(state=VersionState.DRAFT)
        version_replace_tables(version=source, tables=[capital])
        ReportVersion.objects.filter(pk=source.pk).update(state=VersionState.PUBLISHED)
        _, version = report_create(department=department, year=2024)
        version_carry_over(version=version)
        assert bool(version_tables(version=version)[8].get("total", "opening")) is printed, region


def test_without_last_years_report_or_on_a_locked_version_nothing_is_written(department):
    _, version = report_create(department=department, year=2024)
    with pytest.raises(ContentError, match="没有2023年度的报告"):
        version_carry_over(version=version)
    last_year(department)
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
    version.refresh_from_db()
    with pytest.raises(VersionLocked):
        version_carry_over(version=version)
    assert not NarrativeSection.objects.filter(version=version).exclude(body="").exists()
    assert not AuditEvent.objects.filter(version=version, action="carry_over").exists()


# ---- the button on the report page


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_report_page_offers_it_and_the_post_says_what_was_carried_and_kept(client, department):
    last_year(department)
    report, version = report_create(department=department, year=2024)
    version_sections_save(version=version, sections={"overview.functions": "本年新写的主要职能。"})
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    client.force_login(accountant)
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert "从上年带入" in page and "把2023年度报告（第1版，已公开）" in page
    response = client.post(f"/workspace/reports/{report.pk}/carry-over/", follow=True)
    said = _messages(response)
    assert said[0].startswith("已从2023年度报告（第1版，已公开）带入：") and "名词解释2条" in said[0]
    assert "公开01表第29行“年初结转和结余”" in said[0] and "文字中的数字仍是上年的" in said[0]
    assert said[1] == "以下内容本报告已填写，未覆盖：一、部门主要职能。"
    history = client.get(f"/workspace/reports/{report.pk}/history/").content.decode()
    assert "从上年带入" in history and "从2023年度报告第1版带入" in history and "带入“二、部门决算单位构成”" in history
    assert "已有文字，未覆盖“一、部门主要职能”" in history
    again = _messages(client.post(f"/workspace/reports/{report.pk}/carry-over/", follow=True))
    assert again == ["2023年度报告（第1版，已公开）没有可带入的内容，或已全部带入。", "以下内容本报告已填写，未覆盖：一、部门主要职能。"]


def test_only_the_departments_accountant_may_carry_over(client, department):
    last_year(department)
    report, version = report_create(department=department, year=2024)
    url = f"/workspace/reports/{report.pk}/carry-over/"
    client.force_login(make_user(Role.ACCOUNTANT, departments=[make_department(make_region())]))
    assert client.post(url).status_code == 404
    for role in (Role.REVIEWER, Role.ADMIN):
        client.force_login(make_user(role, region=department.region))
        assert client.post(url).status_code == 403
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action="carry_over").exists()


def test_no_button_without_last_years_report(client, department):
    report, _ = report_create(department=department, year=2024)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    assert "从上年带入" not in client.get(f"/workspace/reports/{report.pk}/").content.decode()
    response = client.post(f"/workspace/reports/{report.pk}/carry-over/", follow=True)
    assert _messages(response) == ["本部门没有2023年度的报告，无可带入的内容，未带入任何内容。"]


def test_the_plan_reads_without_writing(department):
    source = last_year(department)
    _, version = report_create(department=department, year=2024)
    plan = carry_over_plan(version=version, source=source)
    assert plan.cells and plan.glossary and plan.sections
    assert not version.glossary_entries.exists() and not version_tables(version=version)[1].cells
