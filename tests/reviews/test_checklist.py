"""The self-inspection checklist: 54 items as data, auto items decided from the report with evidence."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from disclosures.demo.loader import seed_tables
from disclosures.models import EntryUnit, ReportingYear, ReportVersion, VersionState
from disclosures.services import version_replace_tables
from disclosures.tables.values import TableData
from portal.accounts.models import Role
from reviews.models import ChecklistAnswer, ReviewerStatus
from reviews.selectors import checklist_for_version
from reviews.services import ReviewError, checklist_answer_save, checklist_review, checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
AUTO_ITEMS = {5, 7, 8, 9, 10, 11, 12, 13, 41, 42, 44, 45}


@pytest.fixture
def template():
    return checklist_template_load(year=2024)


def _rows(version):
    return {row.item.no: row for row in checklist_for_version(version=version)}


def test_the_template_has_54_items_and_the_auto_ones_from_the_mapping(template):
    assert template.items.count() == 54
    assert set(template.items.filter(mode="auto").values_list("no", flat=True)) == AUTO_ITEMS


def test_a_consistent_report_meets_the_data_items_with_evidence(template):
    _, version = make_report(make_department(make_region()))
    rows = _rows(version)
    for no in (5, 7, 8, 9, 10, 11, 12, 13, 42):
        assert rows[no].answer == "是", (no, rows[no].evidence)
    assert "公开07表为空表，附说明“本单位2024年度无政府性基金预算财政拨款收入支出。”" in rows[12].evidence
    assert "公开01表第39、40、50行有数据" in rows[8].evidence
    assert rows[41].answer == "是" and "被退回0次" in rows[41].evidence  # counted from the review decisions
    assert rows[44].answer == "" and "尚未首次报送" in rows[44].evidence


def test_seed_001_rounding_warnings_make_item_42_no_until_explained(template):
    _, version = make_report(make_department(make_region()))
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    row = _rows(version)[42]
    assert row.answer == "否" and "尾差5个" in row.evidence


def test_a_report_with_a_missing_detail_level_fails_item_9(template):
    _, version = make_report(make_department(make_region()))
    t3 = TableData(number=3, code_rows=[("208", "社会保障和就业支出")])
    t3.set("208", "total", "100.00")
    t3.set("total", "total", "100.00")
    version_replace_tables(version=version, tables=[t3])
    row = _rows(version)[9]
    assert row.answer == "否" and "208" in row.evidence


def test_dates_are_checked_against_the_deadlines(template):
    _, version = make_report(make_department(make_region()))
    ReportVersion.objects.filter(pk=version.pk).update(
        state=VersionState.PUBLISHED,
        submitted_at=datetime(2025, 9, 18, 10, 0, tzinfo=SHANGHAI),
        published_at=datetime(2025, 9, 29, 16, 30, tzinfo=SHANGHAI),
    )
    version.refresh_from_db()
    rows = _rows(version)
    assert rows[44].answer == "是" and "2025-09-18 10:00" in rows[44].evidence
    assert rows[45].answer == "否" and "2025-09-29 16:30" in rows[45].evidence


def test_dates_are_checked_against_the_years_calendar_when_it_is_set(template):
    ReportingYear.objects.create(year=2024, submit_deadline=date(2025, 9, 10), approval_date=date(2025, 9, 20),
                                 publish_deadline=date(2025, 10, 9))
    _, version = make_report(make_department(make_region()))
    ReportVersion.objects.filter(pk=version.pk).update(
        state=VersionState.PUBLISHED,
        submitted_at=datetime(2025, 9, 18, 10, 0, tzinfo=SHANGHAI),
        published_at=datetime(2025, 10, 9, 17, 0, tzinfo=SHANGHAI),
    )
    version.refresh_from_db()
    rows = _rows(version)
    assert rows[44].answer == "否" and "期限 2025-09-10 23:59" in rows[44].evidence
    assert rows[45].answer == "是" and "期限 2025-10-09 23:59" in rows[45].evidence


def test_the_accountant_answers_and_the_reviewer_confirms_or_disputes(template):
    _, version = make_report(make_department(make_region()))
    item = template.items.get(no=1)
    accountant, reviewer = make_user(Role.ACCOUNTANT), make_user(Role.REVIEWER)
    with pytest.raises(ReviewError, match="请在备注中说明原因"):
        checklist_answer_save(version=version, item=item, answer="否", remark="", user=accountant)
    with pytest.raises(ReviewError, match="自动判定"):
        checklist_answer_save(version=version, item=template.items.get(no=7), answer="是", user=accountant)
    checklist_answer_save(version=version, item=item, answer="是", remark="", user=accountant)
    assert _rows(version)[1].answer == "是"
    with pytest.raises(ReviewError, match="写明理由"):
        checklist_review(version=version, item=item, status=ReviewerStatus.DISPUTED, remark="", user=reviewer)
    checklist_review(version=version, item=item, status=ReviewerStatus.DISPUTED, remark="顺序不符", user=reviewer)
    answer = ChecklistAnswer.objects.get(version=version, item=item)
    assert (answer.answer, answer.reviewer_status, answer.reviewer_remark) == ("是", "disputed", "顺序不符")
    checklist_review(version=version, item=template.items.get(no=7), status=ReviewerStatus.CONFIRMED, user=reviewer)
    assert ChecklistAnswer.objects.get(version=version, item__no=7).evidence.startswith("公开01表至公开09表")
