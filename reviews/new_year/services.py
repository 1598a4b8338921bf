"""开启新年度, written in one transaction and audited. Doing it twice changes nothing: what the
new year already has (its calendar as given, its rule set, its checklist, its reports) stays.

The reports (a report_create each: about 20 ms, most of it the new report's first findings) are
created in the background by a YearOpeningRun (reports.py, tasks.py), whose page shows the
progress; with the test settings they are created at once, in this transaction."""

from dataclasses import dataclass, field

from django.db import transaction

from disclosures.models import ReportingYear
from disclosures.models.calendar import calendar_problems
from disclosures.reference import reference_codes_load_files
from portal.audit.services import audit_record

from ..models import ChecklistItem, ChecklistTemplate, Rule, RuleSet, YearOpeningRun
from ..services import checklist_template_load, rule_set_load, year_findings_refresh
from .content import checklist_values, rule_set_name, rule_set_values
from .selectors import COPY, LOAD_FILE, year_preview
from .tasks import year_open_reports_start


class YearOpenError(ValueError):
    """The year cannot be opened as asked; nothing was written. `problems` in Chinese."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("；".join(self.problems))


class YearPreviewChanged(YearOpenError):
    """What opening the year would do is no longer what the preview showed."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__(["预览之后数据已有变动，开启新年度将做的事与预览不同；请核对新的预览后再确认"])


@dataclass
class YearOpening:
    year: int
    source_year: int
    done: list = field(default_factory=list)  # what was changed, in Chinese, one line each
    reports_queued: list = field(default_factory=list)  # codes of the units whose report is to be created
    run: YearOpeningRun | None = None  # creating those reports, in the background

    @property
    def changed(self):
        return bool(self.done)


def _copy_rule_set(*, year, source_year):
    source = rule_set_values(year=source_year)
    RuleSet.objects.filter(year=year, active=True).update(active=False)
    rule_set = RuleSet.objects.create(year=year, name=rule_set_name(source.name, year=year, source_year=source_year), active=True)
    Rule.objects.bulk_create(
        Rule(
            rule_set=rule_set,
            code=r.code,
            description=r.description,
            severity=r.severity,
            tables=list(r.tables),
            expression=r.expression,
            enabled=r.enabled,
            position=r.position,
        )
        for r in source.rules
    )
    return f"审核规则集“{rule_set.name}”：复制{source_year}年度的{len(source.rules)}条规则"


def _copy_checklist(*, year, source_year):
    source = checklist_values(year=source_year)
    template = ChecklistTemplate.objects.create(year=year, title=source.title, publish_with_report=source.publish_with_report)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            template=template,
            no=i.no,
            group=i.group,
            category=i.category,
            text=i.text,
            parent_text=i.parent_text,
            mode=i.mode,
            check_key=i.check_key,
        )
        for i in source.items
    )
    return f"自查表：复制{source_year}年度的{len(source.items)}项"


def year_open(*, year, source_year, calendar, departments=None, user=None, expected_digest=None):
    """Open `year` from `source_year`: set its calendar (a selectors.Calendar), copy the rule set
    and the checklist it lacks (its own data files first, else `source_year`'s, from the database or
    its files), load `source_year`'s code lists from the repo when the database has none for either
    year, and create the missing reports (each with version 1) of `departments` (default: every
    active department) in the background, by a YearOpeningRun (`opening.run`). Returns a
    YearOpening; raises YearOpenError (nothing written), or YearPreviewChanged when
    `expected_digest` is not the digest of what would now be done."""
    problems = list(
        calendar_problems(submit_deadline=calendar.submit, approval_date=calendar.approval, publish_deadline=calendar.publish).values()
    )
    if year == source_year:
        problems.insert(0, "新年度不能与参照年度相同")
    if problems:
        raise YearOpenError(problems)
    opening = YearOpening(year=year, source_year=source_year)
    with transaction.atomic():
        stored = ReportingYear.objects.select_for_update().filter(year=year).first()  # one opening of a year at a time
        preview = year_preview(year=year, source_year=source_year, calendar=calendar, departments=departments)
        if expected_digest is not None and preview.digest() != expected_digest:
            raise YearPreviewChanged(preview)
        if preview.row("calendar").action == COPY:
            fields = {"submit_deadline": calendar.submit, "approval_date": calendar.approval, "publish_deadline": calendar.publish}
            if stored is None:
                ReportingYear.objects.create(year=year, **fields)
            else:
                ReportingYear.objects.filter(pk=stored.pk).update(**fields)
            opening.done.append(f"年度时间安排：{calendar.describe()}")
        rules = preview.row("rules").action
        if rules == LOAD_FILE:
            rule_set, _ = rule_set_load(year=year)
            opening.done.append(f"审核规则集“{rule_set.name}”：载入本年度的规则文件")
        elif rules == COPY:
            opening.done.append(_copy_rule_set(year=year, source_year=source_year))
        checklist = preview.row("checklist").action
        if checklist == LOAD_FILE:
            checklist_template_load(year=year)
            opening.done.append("自查表：载入本年度的自查表文件")
        elif checklist == COPY:
            opening.done.append(_copy_checklist(year=year, source_year=source_year))
        for row in preview.rows:
            if row.key.startswith("codes:") and row.action == LOAD_FILE:
                loaded = reference_codes_load_files(year=source_year, kind=row.key.split(":", 1)[1])
                opening.done.append(f"{row.item}：载入{source_year}年科目表（{sum(loaded.values())}个）")
        if COPY in (rules, checklist) or LOAD_FILE in (rules, checklist):
            year_findings_refresh(year=year)  # the year's reports opened before see their rules
        opening.reports_queued = [d.code for d in preview.departments]
        if opening.reports_queued:
            opening.done.append(f"决算报告：新建{len(opening.reports_queued)}个（各含第1版草稿）")
            opening.run = YearOpeningRun.objects.create(
                year=year,
                source_year=source_year,
                departments=[d.pk for d in preview.departments],
                total=len(preview.departments),
                done=opening.done,
                created_by=user,
            )
        if opening.changed:
            audit_record(
                action="year_open",
                actor=user,
                payload={
                    "year": year,
                    "source_year": source_year,
                    "done": opening.done,
                    "reports_queued": opening.reports_queued,
                    "run": opening.run.pk if opening.run else None,
                },
            )
        if opening.run is not None:
            year_open_reports_start(run=opening.run)
    if opening.run is not None:
        opening.run.refresh_from_db()
    return opening
