"""Reads of the workflow: how often a version was returned, whether each reason of its last
return has been answered (the gate of a resubmission), and the accountant's list of reports."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from disclosures.models import ReportVersion, VersionState
from disclosures.selectors import reports_for_user, version_tables
from portal.audit.models import AuditEvent

from ..models import DecisionAction, ReasonKind, ReturnReason, ReviewDecision, Severity
from ..selectors import deadlines_for_years, finding_count_subquery, last_return
from .steps import steps_for


def return_count(*, version):
    """How many times this version was returned."""
    return ReviewDecision.objects.filter(version=version, action=DecisionAction.RETURN).count()


@dataclass
class ReasonState:
    reason: object  # ReturnReason
    changed: bool  # a returned cell whose value was changed since the return

    @property
    def answered(self):
        return self.changed or bool(self.reason.reply.strip())


def _changed_cells(*, version, since):
    """{"表:行:列"} of the cells edited in the browser since `since`, from the audit record."""
    changed = set()
    events = AuditEvent.objects.filter(version=version, action="cells", created_at__gte=since)
    for event in events.only("payload"):
        for change in (event.payload or {}).get("changes", ()):
            changed.add(f"{change.get('table')}:{change.get('row')}:{change.get('column')}")
    return changed


def return_reason_states(*, version):
    """[ReasonState] of the version's last return, in the order the reviewer gave them; []
    when the version was never returned. A reason is answered by a written reply, or (for a
    returned cell) by the cell's value now differing from its value at the return."""
    decision = last_return(version=version)
    if decision is None:
        return []
    reasons = list(decision.reasons.all())
    edited = _changed_cells(version=version, since=decision.created_at) if any(r.cell for r in reasons) else set()
    tables = version_tables(version=version) if any(r.cell_value is not None for r in reasons) else None
    states = []
    for reason in reasons:
        changed = False
        if reason.kind == ReasonKind.CELL and reason.cell_parts:
            number, row, column = reason.cell_parts
            if reason.cell_value is not None:
                changed = tables[number].get(row, column) != reason.cell_value
            else:  # returned before values were kept with the reason: the audit record decides
                changed = reason.cell in edited
        states.append(ReasonState(reason=reason, changed=changed))
    return states


def return_reasons_unanswered(*, version):
    return [s.reason for s in return_reason_states(version=version) if not s.answered]


# ---- the accountant's list of reports (/workspace/) ---------------------------------------------


RETURN_SUMMARY_LENGTH = 40


@dataclass(frozen=True)
class WorkspaceRow:
    """One report of the accountant's list: where it stands and what is to be done."""

    report: object  # Report, annotated by workspace_rows
    steps: list  # [steps.Step]
    countdown: object  # steps.Countdown or None
    todo: list  # what is to be done, in words, most pressing first
    return_reason: str  # the last return's reason in one line, when the report is returned
    return_details: int  # how many findings, checklist items and cells the return names besides

    @property
    def state_label(self):
        return VersionState(self.report.state).label

    @property
    def current_step(self):
        return next((s.label for s in self.steps if s.status == "current"), "")


def _one_line(text, limit=RETURN_SUMMARY_LENGTH):
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _todo(report):
    errors, unexplained = report.errors, report.unexplained
    fixes = ([f"有{errors}个错误待改"] if errors else []) + ([f"有{unexplained}个提示待说明"] if unexplained else [])
    state = report.state
    if state == VersionState.RETURNED:
        reason = _one_line(report.last_return_reason)
        return ["已退回：" + reason if reason else "已退回", *(fixes or ["待修改后重新提交"])]
    if state == VersionState.DRAFT:
        return fixes or ["待提交"]
    return [{VersionState.SUBMITTED: "审核中", VersionState.APPROVED: "已审核通过，待公开", VersionState.PUBLISHED: "已公开"}.get(state, "")]


def workspace_rows(*, user, today=None):
    """[WorkspaceRow] of the reports in the user's scope, newest year first: each report with its
    newest version's number, state and time, its open errors and unexplained warnings, its last
    return, the five steps and the deadline's countdown (reviews.workflow.steps).

    A fixed number of queries whatever the number of reports: one for the reports with every
    figure as a subquery of their newest version, one for the years' deadlines."""
    newest = ReportVersion.objects.filter(report_id=OuterRef("pk")).order_by("-number")
    returns = ReviewDecision.objects.filter(version_id=OuterRef("latest_version_id"), action=DecisionAction.RETURN).order_by(
        "-created_at", "-pk"
    )
    details = (
        ReturnReason.objects.filter(decision_id=OuterRef("last_return_id")).exclude(kind=ReasonKind.TEXT).order_by()
        .values("decision_id").annotate(n=Count("pk")).values("n")
    )  # fmt: skip
    reports = list(
        reports_for_user(user=user)
        .annotate(
            version_number=Subquery(newest.values("number")[:1]),
            state=Subquery(newest.values("state")[:1]),
            updated_at=Subquery(newest.values("updated_at")[:1]),
            last_return_id=Subquery(returns.values("pk")[:1]),
            last_return_reason=Subquery(returns.values("reason")[:1]),
            last_return_at=Subquery(returns.values("created_at")[:1]),
            errors=finding_count_subquery(version_ref="latest_version_id", severity=Severity.ERROR),
            unexplained=finding_count_subquery(version_ref="latest_version_id", severity=Severity.WARNING, unexplained=True),
        )
        .annotate(return_details=Coalesce(Subquery(details, output_field=IntegerField()), Value(0)))
        .filter(latest_version_id__isnull=False)
        .order_by("-year", "department__code")
    )
    today = today or timezone.localdate()
    deadlines = deadlines_for_years(years=[r.year for r in reports])
    rows = []
    for report in reports:
        steps, countdown = steps_for(
            state=report.state, blocked=bool(report.errors or report.unexplained), deadlines=deadlines[report.year], today=today
        )
        returned = report.state == VersionState.RETURNED
        rows.append(
            WorkspaceRow(
                report=report,
                steps=steps,
                countdown=countdown,
                todo=_todo(report),
                return_reason=(report.last_return_reason or "") if returned else "",
                return_details=report.return_details if returned else 0,
            )
        )
    return rows
