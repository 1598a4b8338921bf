"""The accountant's list of reports, the report page with its workflow actions (submit,
withdraw, reply to a return, correct) and the report's history.

Who may see it: department accountants, for their own departments' reports only
(other roles 403, other departments' reports 404, guessed ids included). The actions
are POST-only with CSRF; a refused transition shows its message with HTTP 409.
"""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views import View
from django.views.generic import TemplateView

from disclosures.carry_over.selectors import carry_over_source, cell_label
from disclosures.content import version_context
from disclosures.models import VersionState
from disclosures.narrative_catalog import sections_for_report
from disclosures.pdf.selectors import PRIOR_YEAR_KEYS, PRIOR_YEAR_TITLES
from disclosures.selectors import reports_for_user, version_latest
from disclosures.tables.spec import TABLES_BY_NUMBER
from disclosures.tables.values import yuan_to_wan
from disclosures.tables_display import NineTablesTable
from portal.accounts.permissions import AccountantRequiredMixin
from portal.audit.models import AuditEvent
from portal.audit.services import audit_verify

from .finding_links import FindingLinks
from .rules.engine import cell_key_label
from .selectors import last_return, version_submission_blockers
from .workflow import (
    TransitionRefused,
    report_start_correction,
    report_submit,
    report_withdraw,
    return_reasons_reply,
)
from .workflow.selectors import return_reason_states, workspace_rows
from .workflow.services import submit_blockers
from .workflow.steps import report_steps


ACTION_LABELS = {
    "cells": "修改数据",
    "sections": "修改文字",
    "upload": "上传 Excel",
    "submit": "提交审核",
    "withdraw": "撤回提交",
    "reply": "答复退回理由",
    "return": "退回",
    "approve": "审核通过",
    "publish": "公开",
    "correction": "发起更正",
    "finding_explain": "说明审核结果",
    "checklist_answer": "填写自查表",
    "checklist_review": "审核自查表",
    "checklist_import": "导入自查表",
    "evaluation_create": "新增项目绩效自评表",
    "evaluation_update": "修改项目绩效自评表",
    "evaluation_delete": "删除项目绩效自评表",
    "evaluations_replace": "导入绩效自评表",
    "department_evaluation_save": "保存部门整体绩效自评表",
    "basic_data_save": "保存基础数据表",
    "carry_over": "从上年带入",
}


def _cell_line(change):
    spec = TABLES_BY_NUMBER.get(change["table"])
    where = f"第{change['table']}表 {change['row']} 行 {change['column']} 列"
    if spec is not None:
        try:
            row = spec.row_label(change["row"]) or change["row"]
        except KeyError:
            row = change["row"]
        column = getattr(spec.columns_by_key.get(change["column"]), "label", change["column"])
        where = f"{spec.code} {row}（{change['row']}）· {column}"
    old, new = Decimal(change["from"]), Decimal(change["to"])
    return f"{where}：{yuan_to_wan(old)} → {yuan_to_wan(new)} 万元（{old} → {new} 元）"


def _cell_parts(key):
    table, row, column = key.split(":")
    return int(table), row, column


def _event_lines(event, titles=None):
    p = event.payload or {}
    if event.action == "cells":
        return [_cell_line(c) for c in p.get("changes", [])]
    if event.action == "sections":
        return [f"修改了“{(titles or {}).get(key, key)}”" for key in p.get("keys", [])]
    if event.action == "carry_over":
        return [
            f"从{p.get('source_year', '')}年度报告第{p.get('source_number', '')}版带入",
            *(f"带入“{(titles or {}).get(key, key)}”" for key in p.get("keys", [])),
            *([f"名词解释{p['glossary']}条"] if p.get("glossary") else []),
            *(_cell_line(c) for c in p.get("changes", [])),
            *(f"已有文字，未覆盖“{(titles or {}).get(key, key)}”" for key in p.get("kept_keys", [])),
            *(f"已有数，未覆盖{cell_label(*_cell_parts(c))}" for c in p.get("kept_cells", [])),
        ]
    if event.action == "upload":
        return [f"文件 {p.get('filename', '')}：{p.get('tables', 0)}张表，{p.get('cells', 0)}个非零单元格"]
    lines = []
    if "from" in p and "to" in p:
        labels = dict(VersionState.choices)
        lines.append(f"状态：{labels.get(p['from'], p['from'])} → {labels.get(p['to'], p['to'])}")
    if p.get("reason"):
        lines.append(f"理由：{p['reason']}")
    lines += [f"审核结果：{f}" for f in p.get("findings", [])]
    lines += [f"自查表第{n}项" for n in p.get("checklist", [])]
    lines += [f"单元格：{cell_key_label(c)}" for c in p.get("cells", [])]
    if p.get("returns"):
        lines.append(f"累计退回{p['returns']}次")
    if p.get("publish_on"):
        lines.append(f"定于{p['publish_on']}公开")
    lines += [f"答复：{text}" for text in (p.get("replies") or {}).values() if text]
    if p.get("note"):
        lines.append(f"更正说明：{p['note']}")
    return lines


def history_context(*, report):
    """A report's audit events, newest first, with the whole chain's verification."""
    events = AuditEvent.objects.filter(version__report=report).select_related("version").order_by("-seq")
    titles = {s.key: s.title for s in sections_for_report(report)}
    titles.update({PRIOR_YEAR_KEYS[name]: title for name, title in PRIOR_YEAR_TITLES.items()})
    return {
        "report": report,
        "events": [
            {"event": e, "label": ACTION_LABELS.get(e.action, "其他操作"), "lines": _event_lines(e, titles)} for e in events
        ],
        "chain": audit_verify(),
    }


def refused(request, *, report, exc, back, version=None):
    """A refused transition: its message (and the problems behind it) shown with HTTP 409.

    With the `version` a submission was refused for, each blocking finding and unanswered
    checklist item is listed with a link to the place where it is fixed."""
    context = {"report": report, "problems": exc.problems, "back": back}
    if version is not None:
        blocked = submit_blockers(version=version)
        findings = blocked.findings
        links = FindingLinks(report=report, version=version, editor=True)
        for finding in (*findings.errors, *findings.unexplained_warnings):
            finding.links = links.links(finding)
        context.update(
            errors=findings.errors,
            unexplained=findings.unexplained_warnings,
            unanswered=blocked.unanswered_items,
            problems=findings.messages + blocked.reason_lines,  # the rest is listed with its links
        )
    said = str(exc)
    if context["problems"]:
        said = said.split("：", 1)[0]  # what follows is listed on the page
    messages.error(request, said.rstrip("。") + "。")
    return TemplateResponse(request, "disclosures/workflow_refused.html", context, status=409)


class WorkspaceIndexView(AccountantRequiredMixin, TemplateView):
    """Who may see it: accountants (others 403), each their own departments' reports: where each
    stands (the five steps), the deadline's countdown, what is to be done and the last return's reason."""

    template_name = "workspace/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = workspace_rows(user=self.request.user)
        context["departments"] = self.request.user.departments.all()
        return context


class WorkspaceReportView(AccountantRequiredMixin, TemplateView):
    """Who may see it: the department's accountants. The newest version's content, what still
    blocks its submission, the reasons of its last return (each answered or not) and the
    workflow buttons."""

    template_name = "workspace/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(reports_for_user(user=self.request.user), pk=self.kwargs["pk"])
        context.update(version_context(version_latest(report=report), hide_zero_rows=False))
        version = context["version"]
        context["tables_table"] = NineTablesTable.for_version(version)
        blockers = version_submission_blockers(version=version)
        context["steps"], context["countdown"] = report_steps(version=version, blockers=blockers)
        if version.is_editable:
            context["carry_over_from"] = carry_over_source(report=report)
            context["blockers"] = blockers.messages
            context["last_return"] = last_return(version=version)
            context["reason_states"] = return_reason_states(version=version)
        return context


def _replies(post):
    """{reason id: text} from the reply fields of the submit form (reply-<id>)."""
    return {
        int(name.removeprefix("reply-")): value
        for name, value in post.items()
        if name.startswith("reply-") and name.removeprefix("reply-").isdigit()
    }


class SubmitView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants. Saves the replies to the last return's
    reasons given with the form, then submits the newest version for review."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        expected = request.POST.get("expected_revision", "")
        replies = _replies(request.POST)
        try:
            if replies:
                return_reasons_reply(version=version, user=request.user, replies=replies)
            report_submit(version=version, user=request.user, expected_revision=int(expected) if expected.isdigit() else None)
        except TransitionRefused as exc:
            return refused(request, report=report, exc=exc, back="workspace:report", version=version)
        messages.success(request, f"第{version.number}版已提交审核。")
        return redirect("workspace:report", pk=report.pk)


class WithdrawView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants. Takes back a submission not yet decided."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        expected = request.POST.get("expected_revision", "")
        try:
            report_withdraw(version=version, user=request.user, expected_revision=int(expected) if expected.isdigit() else None)
        except TransitionRefused as exc:
            return refused(request, report=report, exc=exc, back="workspace:report")
        messages.success(request, f"第{version.number}版已撤回，可以继续修改后重新提交。")
        return redirect("workspace:report", pk=report.pk)


class CorrectionStartView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants, on a published report. Starts a new version with its 更正说明."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        try:
            new = report_start_correction(report=report, user=request.user, correction_note=request.POST.get("correction_note", ""))
        except TransitionRefused as exc:
            return refused(request, report=report, exc=exc, back="workspace:report")
        messages.success(request, f"已创建第{new.number}版（更正），请修改后重新提交。")
        return redirect("workspace:report", pk=report.pk)


class ReportHistoryView(TemplateView):
    """Every recorded event of a report in the user's scope, newest first (out of scope: 404)."""

    template_name = "disclosures/history.html"
    back = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(reports_for_user(user=self.request.user), pk=self.kwargs["pk"])
        context.update(history_context(report=report), back=self.back)
        return context


class WorkspaceHistoryView(AccountantRequiredMixin, ReportHistoryView):
    """Who may see it: the department's accountants."""

    back = "workspace:report"
