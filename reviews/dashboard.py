"""The reviewer's dashboard: one row per department in the reviewer's scope for a year,
including departments with no report yet, with the newest version's state, its findings,
the report's returns, the dates and the deadlines.

The rows are one annotated Department queryset, so the FilterSet filters it and the
django-tables2 table sorts it in SQL; the Excel download reuses the same filtered, sorted rows.
"""

from datetime import datetime, time, timedelta
from io import BytesIO

import django_filters
import django_tables2 as tables
from django.db.models import Case, Count, F, FilteredRelation, Min, OuterRef, Q, Subquery, Value, When
from django.db.models import BooleanField as BooleanOutput
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from disclosures.models import Report, ReportVersion, VersionState
from disclosures.selectors import departments_for_user
from portal.untrusted import excel_append

from .models import Severity
from .selectors import deadlines_for_year, finding_count_subquery, return_count_subquery

NO_REPORT = "none"
NO_REPORT_LABEL = "未填报"
SUBMITTED_STATES = (VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED)
STATE_LABELS = dict(VersionState.choices)


def dashboard_years(*, user):
    """Years with reports in the user's scope, newest first."""
    return list(
        Report.objects.filter(department__in=departments_for_user(user=user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def dashboard_default_year(*, user, today=None):
    """The latest year with reports in the user's scope; without any, last year."""
    years = dashboard_years(user=user)
    if years:
        return years[0]
    return (today or timezone.localdate()).year - 1


def _day_after(day):
    """The first instant after a deadline day, in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def dashboard_rows(*, user, year, today=None):
    """The departments in the user's scope, annotated for the year:
    version_id, report_pk, state ("" without a report), submitted_at (newest version),
    first_submitted_at, first_published_at, errors, warnings, returns, submit_late,
    publish_late, late, tree_key (sorts units under their 主管部门).

    Late: not submitted after the submit deadline has passed, or submitted after it; the
    same for publication. `today` is injectable for tests.

    The year's report is a join (one report per department and year), so each annotation is
    one small correlated subquery on an index of the report's versions, findings or
    decisions; none nests the search for the report. The database filters, sorts, counts and
    cuts the page; only the page's rows are read.
    """
    today = today or timezone.localdate()
    deadlines = deadlines_for_year(year=year)
    rows = (
        departments_for_user(user=user)
        .select_related("parent", "region")
        .annotate(year_report=FilteredRelation("reports", condition=Q(reports__year=year)))
        .annotate(report_pk=F("year_report__id"), tree_key=Coalesce(F("parent__code"), F("code")))
    )
    versions = ReportVersion.objects.filter(report_id=OuterRef("report_pk"))
    newest = versions.order_by("-number")
    first = versions.order_by().values("report_id")
    rows = rows.annotate(
        version_id=Subquery(newest.values("pk")[:1]),
        version_number=Subquery(newest.values("number")[:1]),
        state=Coalesce(Subquery(newest.values("state")[:1]), Value("")),
        submitted_at=Subquery(newest.values("submitted_at")[:1]),
        first_submitted_at=Subquery(first.annotate(first=Min("submitted_at")).values("first")[:1]),
        first_published_at=Subquery(first.annotate(first=Min("published_at")).values("first")[:1]),
        returns=return_count_subquery(report_ref="report_pk"),
    ).annotate(
        errors=finding_count_subquery(version_ref="version_id", severity=Severity.ERROR),
        warnings=finding_count_subquery(version_ref="version_id", severity=Severity.WARNING),
    )
    not_submitted = Q(first_submitted_at__isnull=True) & ~Q(state__in=SUBMITTED_STATES)
    submit_late = Q(first_submitted_at__gte=_day_after(deadlines.submit))
    if today > deadlines.submit:
        submit_late |= not_submitted
    publish_late = Q(first_published_at__gte=_day_after(deadlines.publish))
    if today > deadlines.publish:
        publish_late |= Q(first_published_at__isnull=True)
    return rows.annotate(
        submit_late=Case(When(submit_late, then=Value(True)), default=Value(False), output_field=BooleanOutput()),
        publish_late=Case(When(publish_late, then=Value(True)), default=Value(False), output_field=BooleanOutput()),
        late=Case(
            When(submit_late | publish_late, then=Value(True)), default=Value(False), output_field=BooleanOutput()
        ),
    ).order_by("tree_key", "code")


def dashboard_totals(*, rows):
    """{"total", "late"} of the (filtered) rows, counted by the database in one query."""
    counts = dict(rows.order_by().values_list("late").annotate(n=Count("pk")).values_list("late", "n"))
    return {"total": sum(counts.values()), "late": counts.get(True, 0)}


class DashboardFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="状态", choices=[(NO_REPORT, NO_REPORT_LABEL), *VersionState.choices], method="filter_state", empty_label="全部"
    )
    late = django_filters.BooleanFilter(
        label="仅显示逾期", method="filter_late", widget=django_filters.widgets.forms.CheckboxInput
    )
    q = django_filters.CharFilter(label="部门名称", method="filter_name")

    def filter_state(self, queryset, name, value):
        return queryset.filter(state="" if value == NO_REPORT else value)

    def filter_late(self, queryset, name, value):
        return queryset.filter(late=True) if value else queryset

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(parent__name__icontains=value))


def state_label(record):
    return STATE_LABELS.get(record.state, NO_REPORT_LABEL)


def days_left(deadline, done, today):
    """Days to a deadline while it is not met yet; None once it is met."""
    return None if done else (deadline - today).days


def days_text(days):
    if days is None:
        return "—"
    if days < 0:
        return f"逾期{-days}天"
    return f"剩{days}天"


class SelectColumn(tables.CheckBoxColumn):
    """A checkbox per row for the bulk actions; the header is a word (no select-all without JS)."""

    @property
    def header(self):
        return "选择"


class DashboardTable(tables.Table):
    """Rows: dashboard_rows(). The deadlines and today come from the view."""

    select = SelectColumn(
        accessor="pk",
        attrs={"input": {"name": "ids"}, "td__input": {"aria-label": lambda record: f"选择{record.name}"}},
        orderable=False,
    )
    department = tables.Column(verbose_name="部门", accessor="name", order_by=("tree_key", "code"))
    state = tables.Column(verbose_name="状态", empty_values=(), order_by=("state", "tree_key", "code"))
    errors = tables.Column(verbose_name="错误", attrs={"td": {"class": "num"}})
    warnings = tables.Column(verbose_name="提示", attrs={"td": {"class": "num"}})
    returns = tables.Column(verbose_name="退回次数", attrs={"td": {"class": "num"}})
    submitted_at = tables.Column(verbose_name="提交时间")
    submit_days = tables.Column(verbose_name="距报送截止", empty_values=(), order_by=("first_submitted_at",))
    publish_days = tables.Column(verbose_name="距公开截止", empty_values=(), order_by=("first_published_at",))
    late = tables.Column(verbose_name="逾期", empty_values=(), order_by=("-late", "tree_key", "code"))

    class Meta:
        attrs = {"class": "list dashboard"}
        empty_text = "所辖范围内没有符合条件的部门。"
        template_name = "django_tables2/table.html"
        order_by_field = "sort"
        row_attrs = {"class": lambda record: "late" if record.late else ""}

    def __init__(self, *args, deadlines, today, **kwargs):
        self.deadlines = deadlines
        self.today = today
        super().__init__(*args, **kwargs)

    def render_department(self, value, record):
        name = format_html('<a href="{}">{}</a>', reverse("review:report", args=[record.report_pk]), value) if (
            record.report_pk
        ) else value
        if record.parent_id:
            return format_html('<span class="dept-parent">{} ›</span> {}', record.parent.name, name)
        return name

    def render_submitted_at(self, value):
        return date_format(timezone.localtime(value), "Y-m-d H:i")

    def render_state(self, record):
        return format_html('<span class="state state-{}">{}</span>', record.state or NO_REPORT, state_label(record))

    def render_submit_days(self, record):
        return days_text(self.days_to_submit(record))

    def render_publish_days(self, record):
        return days_text(self.days_to_publish(record))

    def render_late(self, record):
        parts = [label for flag, label in ((record.submit_late, "报送"), (record.publish_late, "公开")) if flag]
        return format_html('<strong class="late-mark">逾期（{}）</strong>', "、".join(parts)) if parts else "—"

    def days_to_submit(self, record):
        done = record.first_submitted_at is not None or record.state in SUBMITTED_STATES
        return days_left(self.deadlines.submit, done, self.today)

    def days_to_publish(self, record):
        return days_left(self.deadlines.publish, record.first_published_at is not None, self.today)


EXCEL_HEADERS = (
    "主管部门",
    "部门",
    "单位代码",
    "状态",
    "错误",
    "提示",
    "退回次数",
    "提交时间",
    "公开时间",
    "报送截止日期",
    "距报送截止（天）",
    "公开截止日期",
    "距公开截止（天）",
    "逾期",
)


def dashboard_workbook(*, table, year):
    """The table's rows (as filtered and sorted) as .xlsx bytes, Chinese headers, real dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年度审核情况"
    excel_append(sheet, EXCEL_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    deadlines = table.deadlines
    for row in table.rows:
        record = row.record
        late = [label for flag, label in ((record.submit_late, "报送"), (record.publish_late, "公开")) if flag]
        excel_append(
            sheet,
            [
                record.parent.name if record.parent_id else "",
                record.name,
                record.code,
                state_label(record),
                record.errors,
                record.warnings,
                record.returns,
                _local(record.submitted_at),
                _local(record.first_published_at),
                deadlines.submit,
                table.days_to_submit(record),
                deadlines.publish,
                table.days_to_publish(record),
                "逾期（" + "、".join(late) + "）" if late else "",
            ]
        )
    for column, width in zip("ABCDEFGHIJKLMN", (28, 34, 16, 8, 6, 6, 8, 17, 17, 12, 10, 12, 10, 14)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for index in (7, 8):
            row[index].number_format = "yyyy-mm-dd hh:mm"
        for index in (9, 11):
            row[index].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(moment):
    """A stored datetime as a naive local datetime (Excel has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None
