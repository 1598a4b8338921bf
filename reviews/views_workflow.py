"""The reviewer's decisions (return, approve) and the report's history under /review/.

Who may see it: finance bureau reviewers, for reports of their region (and departments
assigned to them); other roles 403, other reports 404, guessed ids included. The
actions are POST-only with CSRF; a refused transition shows its message with HTTP 409.
"""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from disclosures.selectors import reports_for_user, version_latest
from disclosures.views.workflow import ReportHistoryView, refused
from disclosures.workflow import TransitionRefused, review_approve, review_return
from portal.accounts.permissions import ReviewerRequiredMixin


def _expected(request):
    revision = request.POST.get("expected_revision", "")
    return {
        "expected_state": request.POST.get("expected_state") or None,
        "expected_revision": int(revision) if revision.isdigit() else None,
    }


def _ids(values):
    return [int(v) for v in values if str(v).isdigit()]


class ReturnView(ReviewerRequiredMixin, View):
    """Who may post: reviewers in scope. Returns the submitted version with reasons."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        cells = request.POST.get("cells", "").replace("，", "\n").replace(",", "\n").splitlines()
        try:
            review_return(
                version=version,
                user=request.user,
                reason=request.POST.get("reason", ""),
                findings=_ids(request.POST.getlist("findings")),
                checklist_items=_ids(request.POST.getlist("checklist_items")),
                cells=[c for c in cells if c.strip()],
                **_expected(request),
            )
        except TransitionRefused as exc:
            return refused(request, report=report, exc=exc, back="review:report")
        messages.success(request, f"第{version.number}版已退回填报人。")
        return redirect("review:report", pk=report.pk)


class ApproveView(ReviewerRequiredMixin, View):
    """Who may post: reviewers in scope. Approves the submitted version, optionally with a publication date."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        raw = request.POST.get("publish_on", "").strip()
        try:
            publish_on = date.fromisoformat(raw) if raw else None
        except ValueError:
            return refused(request, report=report, exc=TransitionRefused(f"公开日期“{raw}”无效，应为 年-月-日。"), back="review:report")
        try:
            review_approve(version=version, user=request.user, publish_on=publish_on, **_expected(request))
        except TransitionRefused as exc:
            return refused(request, report=report, exc=exc, back="review:report")
        messages.success(request, f"第{version.number}版已审核通过。")
        return redirect("review:report", pk=report.pk)


class ReviewHistoryView(ReviewerRequiredMixin, ReportHistoryView):
    """Who may see it: reviewers in scope."""

    back = "review:report"
