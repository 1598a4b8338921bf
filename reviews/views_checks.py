"""Check results (findings) and the self-inspection checklist, for accountants and reviewers.

Who may see it: each view's docstring says; a wrong role gets 403, a report
outside the user's scope 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from disclosures.selectors import reports_for_user, version_latest
from portal.accounts.permissions import AccountantRequiredMixin, ReviewerRequiredMixin

from .finding_links import findings_with_links
from .models import Answer, ChecklistAnswer, Finding, ReviewerStatus
from .selectors import checklist_for_version, checklist_template, findings_for_version, version_submission_blockers
from .services import (
    ROUNDING_EXPLANATION,
    ReviewError,
    checklist_answers_save,
    checklist_review,
    finding_explain,
    findings_explain_rounding,
)


def _report_and_version(request, pk):
    report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
    return report, version_latest(report=report)


def checks_context(version, *, editor=False):
    """What the findings and checklist blocks need; `editor`: links lead to the accountant's forms."""
    groups = findings_for_version(version=version)
    return {
        "finding_groups": findings_with_links(groups, report=version.report, version=version, editor=editor),
        "blockers": version_submission_blockers(version=version),
        "checklist_rows": checklist_for_version(version=version),
        "answer_choices": Answer.values,
        "unexplained_rounding": sum(
            1 for group in groups for f in group.findings if f.severity == "warning" and f.rounding and not f.explanation
        ),
        "rounding_explanation": ROUNDING_EXPLANATION,
    }


class WorkspaceChecksView(AccountantRequiredMixin, TemplateView):
    """Who may see it: the department's accountants. The findings of the newest version with a
    form to explain each warning, and the checklist items the accountant answers."""

    template_name = "review/workspace_checks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, version = _report_and_version(self.request, self.kwargs["pk"])
        context.update(report=report, version=version, report_url=reverse("workspace:report", args=[report.pk]))
        context.update(checks_context(version, editor=True))
        return context


class FindingExplainView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants, for a warning of their newest version."""

    def post(self, request, pk, finding_id):
        report, version = _report_and_version(request, pk)
        finding = get_object_or_404(Finding, pk=finding_id, version=version)
        try:
            finding_explain(finding=finding, text=request.POST.get("explanation", ""), user=request.user)
        except ReviewError as exc:
            messages.error(request, f"{finding.rule_code}：{exc}")
        else:
            messages.success(request, f"{finding.rule_code}的说明已保存。")
        return redirect(reverse("workspace:checks", args=[report.pk]) + f"#finding-{finding.pk}")


class RoundingExplainView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants. One explanation for all unexplained 尾差 warnings."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report, version = _report_and_version(request, pk)
        try:
            count = findings_explain_rounding(version=version, text=request.POST.get("explanation", ""), user=request.user)
        except ReviewError as exc:
            messages.error(request, f"尾差说明未保存：{exc}")
        else:
            messages.success(request, f"已为{count}个尾差提示写入说明。")
        return redirect(reverse("workspace:checks", args=[report.pk]) + "#findings")


class ChecklistAnswerView(AccountantRequiredMixin, View):
    """Who may post: the department's accountants. Saves every answered item, or none when one is wrong.
    With `fill=yes` (未回答的项目全部答“是”) an item left unanswered, here and in storage, is answered 是;
    an answer the report contradicts then shows as a warning on its item (checks.checklist_evidence)."""

    def post(self, request, pk):
        report, version = _report_and_version(request, pk)
        template = checklist_template(year=report.year)
        if template is None:
            messages.error(request, f"本年度审核规则未载入（{report.year}年度没有自查表），自查表无法填写。")
            return redirect("workspace:checks", pk=report.pk)
        answers = []
        fill_yes = request.POST.get("fill") == "yes"
        stored = {a.item_id: a.answer for a in ChecklistAnswer.objects.filter(version=version)}
        for item in template.items.filter(mode="accountant"):
            answer = request.POST.get(f"answer-{item.no}", "")
            if fill_yes and not answer and not stored.get(item.pk):
                answer = Answer.YES
            remark = request.POST.get(f"remark-{item.no}", "")
            if answer or remark:
                answers.append((item, answer, remark))
        try:
            checklist_answers_save(version=version, answers=answers, user=request.user)
        except ReviewError as exc:
            for problem in getattr(exc, "problems", [str(exc)]):
                messages.error(request, problem)
            messages.error(request, "自查表未保存，请改正后重新提交。")
        else:
            messages.success(request, "自查表已保存。")
        return redirect(reverse("workspace:checks", args=[report.pk]) + "#checklist")


class ChecklistReviewView(ReviewerRequiredMixin, View):
    """Who may post: finance bureau reviewers of the report's region. Confirms or disputes one item."""

    def post(self, request, pk, no):
        report, version = _report_and_version(request, pk)
        template = checklist_template(year=report.year)
        item = get_object_or_404(template.items, no=no) if template else None
        if item is None:
            return redirect("review:report", pk=report.pk)
        status = request.POST.get("status", "")
        try:
            checklist_review(
                version=version,
                item=item,
                status=status,
                remark=request.POST.get("reviewer_remark", ""),
                user=request.user,
            )
        except ReviewError as exc:
            messages.error(request, str(exc))
        else:
            label = ReviewerStatus(status).label
            messages.success(request, f"第{item.no}项：{label}。")
        return redirect(reverse("review:report", args=[report.pk]) + f"#item-{item.no}")
