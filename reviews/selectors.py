"""Reads: the rules in force, a version's findings and checklist, what blocks a submission."""

from dataclasses import dataclass, field
from functools import lru_cache

from disclosures.models import ReportingYear
from disclosures.tables.spec import table_spec

from .models import ChecklistAnswer, ChecklistItem, ChecklistTemplate, Finding, Part, Rule, RuleSet, Severity
from .rules.data import file_rules
from .rules.engine import CompiledRule


@lru_cache(maxsize=4096)
def _compiled(code, description, severity, expression, tables):
    return CompiledRule.build(code=code, description=description, severity=severity, expression=expression, tables=tables)


def active_rule_set(*, year):
    return RuleSet.objects.filter(year=year, active=True).first()


def rules_for_year(*, year, profile=None):
    """The compiled, enabled rules of the year's active rule set, in order.

    Without a rule set in the database, the year's data file is used as it is. Rules the
    region's profile turns off (its [tables] rules_off) are left out.
    Returns [(Rule or None, CompiledRule)].
    """
    from disclosures.regions.tables import table_layout

    off = table_layout(profile).rules_off
    return [(rule, compiled) for rule, compiled in _rules_for_year(year=year) if compiled.code not in off]


def _rules_for_year(*, year):
    rule_set = active_rule_set(year=year)
    if rule_set is None:
        return [(None, rule) for rule in file_rules(year)]
    result = []
    for rule in Rule.objects.filter(rule_set=rule_set, enabled=True).order_by("position", "code"):
        try:
            compiled = _compiled(rule.code, rule.description, rule.severity, rule.expression, tuple(rule.tables or ()))
        except ValueError:
            continue  # refused by the admin form; a rule edited around it is skipped, not fatal
        result.append((rule, compiled))
    return result


@dataclass
class FindingGroup:
    part: str  # Part value: 表格 / 情况说明 / 附件 / 自查表 / 完整性
    findings: list = field(default_factory=list)

    @property
    def title(self):
        return Part(self.part).label

    @property
    def errors(self):
        return sum(1 for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self):
        return len(self.findings) - self.errors


def findings_for_version(*, version):
    """The version's findings grouped by part, in the order of Part (表格, 情况说明, 附件, 自查表,
    完整性); parts without a finding are left out. Within a part: errors first, then by table
    and in the order the checks found them."""
    groups = {part: FindingGroup(part=part) for part in Part.values}
    for finding in Finding.objects.filter(version=version).order_by("position"):
        groups.setdefault(finding.part, FindingGroup(part=finding.part)).findings.append(finding)
    result = [group for group in groups.values() if group.findings]
    for group in result:
        group.findings.sort(key=lambda f: (f.severity != Severity.ERROR, f.first_table or 100, f.position))
    return result


@dataclass
class SubmissionBlockers:
    errors: list
    unexplained_warnings: list

    def __bool__(self):
        return bool(self.errors or self.unexplained_warnings)

    @property
    def messages(self):
        messages = []
        if self.errors:
            messages.append(f"有{len(self.errors)}个错误须改正后才能提交")
        if self.unexplained_warnings:
            messages.append(f"有{len(self.unexplained_warnings)}个提示尚未填写说明")
        return messages


def version_submission_blockers(*, version):
    """What stops a version from being submitted: errors, and warnings without an explanation."""
    findings = list(Finding.objects.filter(version=version).order_by("position"))
    return SubmissionBlockers(
        errors=[f for f in findings if f.severity == Severity.ERROR],
        unexplained_warnings=[f for f in findings if f.needs_explanation],
    )


def checklist_template(*, year):
    return ChecklistTemplate.objects.filter(year=year).first()


@dataclass
class ChecklistRow:
    item: ChecklistItem
    answer: str
    remark: str
    evidence: str
    stored: ChecklistAnswer | None
    auto: bool

    @property
    def reviewer_status(self):
        return self.stored.reviewer_status if self.stored else ""

    @property
    def reviewer_status_label(self):
        return self.stored.get_reviewer_status_display() if self.stored else "待审核"

    @property
    def reviewer_remark(self):
        return self.stored.reviewer_remark if self.stored else ""


def checklist_for_version(*, version):
    """Every item of the year's checklist with its answer: decided from the data for auto
    items (with evidence), the accountant's stored answer for the others."""
    from .checklist.auto import auto_answers

    template = checklist_template(year=version.report.year)
    if template is None:
        return []
    items = list(template.items.all())
    stored = {a.item_id: a for a in ChecklistAnswer.objects.filter(version=version, item__template=template)}
    decided = auto_answers(version=version, items=[i for i in items if i.is_auto])
    rows = []
    for item in items:
        answer = stored.get(item.pk)
        if item.is_auto:
            result, evidence = decided[item.no]
            rows.append(ChecklistRow(item, result, answer.remark if answer else "", evidence, answer, True))
        else:
            rows.append(
                ChecklistRow(
                    item,
                    answer.answer if answer else "",
                    answer.remark if answer else "",
                    answer.evidence if answer else "",
                    answer,
                    False,
                )
            )
    return rows


# ---- reviewer's dashboard: deadlines and per-version counts ------------------------------------


@dataclass(frozen=True)
class Deadlines:
    year: int
    submit: "date"
    publish: "date"
    configured: bool  # False: the defaults, no ReportingYear row
    approval: "date | None" = None  # 批复日期, when the year's calendar gives it


def deadlines_for_year(*, year):
    """The year's submit and publish deadlines: its ReportingYear row, or by default
    9月20日 and 9月29日 of the following year."""
    return _deadlines(year, ReportingYear.objects.filter(year=year).first())


def deadlines_for_years(*, years):
    """{year: Deadlines} for several years, read in one query."""
    rows = {row.year: row for row in ReportingYear.objects.filter(year__in=set(years))}
    return {year: _deadlines(year, rows.get(year)) for year in set(years)}


def _deadlines(year, row):
    from datetime import date

    if row is not None:
        return Deadlines(
            year=year, submit=row.submit_deadline, publish=row.publish_deadline, configured=True, approval=row.approval_date
        )
    return Deadlines(year=year, submit=date(year + 1, 9, 20), publish=date(year + 1, 9, 29), configured=False)


def finding_count_subquery(*, version_ref, severity, unexplained=False):
    """A subquery counting a version's findings of one severity (0 when none), for annotations;
    `unexplained`: only those without the accountant's explanation (stored stripped)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    findings = Finding.objects.filter(version_id=OuterRef(version_ref), severity=severity)
    if unexplained:
        findings = findings.filter(explanation="")
    counts = (
        findings
        .order_by()
        .values("version_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def return_count_subquery(*, report_ref):
    """A subquery counting the returns of a report over all its versions, for annotations."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from .models import DecisionAction, ReviewDecision

    counts = (
        ReviewDecision.objects.filter(version__report_id=OuterRef(report_ref), action=DecisionAction.RETURN)
        .order_by()
        .values("version__report_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def returned_cells(*, version, table):
    """The cells of one table named by the version's last return: {(row, column): the reason}.

    Empty unless the version is editable (the accountant is fixing it)."""
    decision = last_return(version=version) if version.is_editable else None
    if decision is None:
        return {}
    cells = {}
    for reason in decision.reasons.all():
        parts = reason.cell_parts
        if parts and parts[0] == table:
            cells[(parts[1], parts[2])] = decision.reason
    return cells


def last_return(*, version):
    """The newest return decision of a version with its reasons, or None."""
    from .models import DecisionAction, ReviewDecision

    return (
        ReviewDecision.objects.filter(version=version, action=DecisionAction.RETURN)
        .select_related("reviewer")
        .prefetch_related("reasons__finding", "reasons__checklist_item")
        .order_by("-created_at", "-pk")
        .first()
    )
