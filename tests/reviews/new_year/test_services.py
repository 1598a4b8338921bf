"""开启新年度: the calendar, last year's rule set and checklist, the code lists and a report with
its version 1 for each department; twice is once."""

from datetime import date

import pytest

from disclosures.models import Department, ReferenceCode, Report, ReportingYear, ReportVersion, VersionState
from portal.audit.models import AuditEvent
from reviews.models import ChecklistTemplate, Finding, Rule, RuleSet
from reviews.new_year.selectors import Calendar, year_preview
from reviews.new_year.services import YearOpenError, year_open
from reviews.services import checklist_template_load, rule_set_load
from tests.factories import make_department, make_region

pytestmark = pytest.mark.django_db

CALENDAR = Calendar(submit=date(2026, 5, 31), approval=date(2026, 6, 20), publish=date(2026, 7, 10))


def _snapshot():
    return {
        "years": list(ReportingYear.objects.values()),
        "rule_sets": list(RuleSet.objects.values("id", "year", "name", "active")),
        "rules": Rule.objects.count(),
        "checklists": list(ChecklistTemplate.objects.values("id", "year", "title")),
        "codes": ReferenceCode.objects.count(),
        "reports": list(Report.objects.values("id", "department_id", "year")),
        "versions": list(ReportVersion.objects.values("id", "report_id", "number", "state", "revision")),
        "findings": Finding.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_opening_a_year_from_an_empty_database_copies_last_years_files_and_creates_every_report():
    region = make_region()
    departments = [make_department(region) for _ in range(3)]
    retired = make_department(region)
    retired.active = False
    retired.save()
    opening = year_open(year=2025, source_year=2024, calendar=CALENDAR)
    stored = ReportingYear.objects.get(year=2025)
    assert (stored.submit_deadline, stored.approval_date, stored.publish_deadline) == (date(2026, 5, 31), date(2026, 6, 20), date(2026, 7, 10))
    rule_set = RuleSet.objects.get(year=2025, active=True)
    assert rule_set.name == "2025年度部门决算公开审核规则" and rule_set.rules.count() == 80
    assert rule_set.rules.get(code="R01-027").expression == "公开01表 第27行 = 公开01表 第1行至第8行之和"
    checklist = ChecklistTemplate.objects.get(year=2025)
    assert checklist.items.count() == 54 and checklist.items.filter(mode="auto").exists() and checklist.publish_with_report
    assert ReferenceCode.objects.filter(year=2024).count() == 407 + 87  # 2025 uses 2024's lists
    assert sorted(opening.reports_queued) == sorted(d.code for d in departments)
    assert (opening.run.status, opening.run.total, opening.run.reports_created) == ("done", 3, 3)
    assert not Report.objects.filter(department=retired).exists()  # an inactive unit gets no report
    for department in departments:
        version = ReportVersion.objects.get(report__department=department, report__year=2025)
        assert (version.number, version.state) == (1, VersionState.DRAFT)
        assert version.sections.exists()
        assert not Finding.objects.filter(version=version, rule_code="C-RULES").exists()  # the year has its rules
    event = AuditEvent.objects.get(action="year_open")
    assert event.payload["year"] == 2025 and len(event.payload["reports_queued"]) == 3 and event.payload["run"] == opening.run.pk
    created = AuditEvent.objects.get(action="year_open_reports")
    assert sorted(created.payload["reports_created"]) == sorted(d.code for d in departments)


def test_opening_the_same_year_twice_changes_nothing():
    make_department(make_region())
    year_open(year=2025, source_year=2024, calendar=CALENDAR)
    before = _snapshot()
    opening = year_open(year=2025, source_year=2024, calendar=CALENDAR)
    assert not opening.changed and opening.done == []
    assert _snapshot() == before


def test_last_years_rules_as_the_bureau_edited_them_are_copied_not_the_file():
    rule_set, _ = rule_set_load(year=2024)
    Rule.objects.filter(rule_set=rule_set, code="R01-027").update(description="本年收入合计等于各项收入之和（本局改写）", enabled=False)
    template = checklist_template_load(year=2024)
    template.items.filter(no=1).update(text="本局改写的第1项")
    year_open(year=2025, source_year=2024, calendar=CALENDAR)
    copied = Rule.objects.get(rule_set__year=2025, code="R01-027")
    assert (copied.description, copied.enabled) == ("本年收入合计等于各项收入之和（本局改写）", False)
    assert ChecklistTemplate.objects.get(year=2025).items.get(no=1).text == "本局改写的第1项"


def test_a_year_that_has_its_own_rules_keeps_them_and_the_preview_shows_the_differences_side_by_side():
    rule_set_load(year=2024)
    own = RuleSet.objects.create(year=2025, name="2025年度本局规则", active=True)
    Rule.objects.create(rule_set=own, code="R01-027", description="新写法", expression="公开01表 第27行 = 公开01表 第1行至第8行之和", tables=[1])
    preview = year_preview(year=2025, source_year=2024, calendar=CALENDAR)
    rules = preview.row("rules")
    assert rules.change == "已有本年度规则集，保留不变"
    changed = {d.key: (d.left, d.right) for d in rules.differences}
    assert changed["R01-027"][1].startswith("新写法｜错误｜")
    assert changed["R01-031"][1] == "（无）" and len(changed) == 80
    year_open(year=2025, source_year=2024, calendar=CALENDAR)
    assert list(RuleSet.objects.filter(year=2025).values_list("name", flat=True)) == ["2025年度本局规则"]
    assert own.rules.count() == 1


def test_only_the_selected_departments_get_a_report():
    region = make_region()
    chosen, other = make_department(region), make_department(region)
    year_open(year=2025, source_year=2024, calendar=CALENDAR, departments=Department.objects.filter(pk=chosen.pk))
    assert list(Report.objects.filter(year=2025).values_list("department", flat=True)) == [chosen.pk]
    preview = year_preview(year=2025, source_year=2024, calendar=CALENDAR)
    assert preview.row("reports").listing == [(other.code, other.name)]
    assert preview.row("rules").change == "已有本年度规则集，保留不变"


def test_a_publication_deadline_beyond_twenty_days_of_approval_is_refused_and_nothing_is_written():
    make_department(make_region())
    late = Calendar(submit=date(2026, 5, 31), approval=date(2026, 6, 20), publish=date(2026, 7, 11))
    with pytest.raises(YearOpenError) as caught:
        year_open(year=2025, source_year=2024, calendar=late)
    assert caught.value.problems == ["公开截止日期须在批复后20日内，即不晚于2026-07-10"]
    assert not ReportingYear.objects.exists() and not Report.objects.exists() and not RuleSet.objects.exists()


def test_a_changed_calendar_is_the_only_change_of_a_second_opening():
    make_department(make_region())
    year_open(year=2025, source_year=2024, calendar=CALENDAR)
    later = Calendar(submit=date(2026, 6, 15), approval=None, publish=date(2026, 9, 29))
    assert year_preview(year=2025, source_year=2024, calendar=later).row("calendar").change == "更新年度时间安排"
    opening = year_open(year=2025, source_year=2024, calendar=later)
    assert opening.done == ["年度时间安排：报送截止 2026-06-15；批复 —；公开截止 2026-09-29"]
    assert ReportingYear.objects.get(year=2025).submit_deadline == date(2026, 6, 15)
