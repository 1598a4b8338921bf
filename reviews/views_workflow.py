"""The reviewer's decisions (return, approve) and the report's history under /review/.

Who may see it: finance bureau reviewers, for reports of their region (and departments
assigned to them); other roles 403, other reports 404, guessed ids included. The
actions are POST-only with CSRF; a refused transition shows its message with HTTP 409.
"""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View

from disclosures.models import DocumentStatus, RenderedDocument
from disclosures.pdf.services import document_request
from disclosures.selectors import reports_for_user, version_latest
from portal.accounts.permissions import ReviewerRequiredMixin

from .opinion import review_opinion_pdf
from .selectors import deadlines_for_year
from .workflow.services import blocker_problems
from .workflow.transitions import transition_sources

from .views_workspace import ReportHistoryView, refused
from .workflow import TransitionRefused, review_approve, review_return


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
        if request.POST.get("confirm") != "1":
            messages.error(request, "请勾选“确认退回给填报人修改”后再退回。")
            return redirect("review:report", pk=report.pk)
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


def _preview(version):
    return RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PREVIEW).first()


def preview_status(document):
    """What the approval page shows of the preview PDF (also its polling endpoint's answer)."""
    if document is None:
        return {"status": "", "label": "尚未生成", "done": False, "url": ""}
    done = document.status == DocumentStatus.DONE and bool(document.file)
    label = document.get_status_display()
    if document.status == DocumentStatus.FAILED:
        label += f"：{document.error}"
    elif document.status == DocumentStatus.PENDING and document.error:
        label += f"（上次尝试出错，将自动重试：{document.error}）"
    return {
        "status": document.status,
        "label": label,
        "done": done,
        "url": reverse("public:document_download", kwargs={"pk": document.pk}) if done else "",
        "size": document.size if done else 0,
    }


class ApproveView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers in scope. Approval takes a confirmation:

    - POST without `confirm` (the report page's 审核通过 button): the preview PDF is requested
      (rendered in the background; not while something blocks approval) and the confirmation
      page follows;
    - GET: the confirmation page: what still blocks approval, the preview's progress (polled
      by static/js/approve_preview.js), the publication date, and the confirm button;
    - POST with `confirm`: approves the version, refused while an error is open.
    """

    template_name = "review/approve_confirm.html"

    def _version(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        return report, version_latest(report=report)

    def get(self, request, pk):
        report, version = self._version(request, pk)
        deadlines = deadlines_for_year(year=report.year)
        problems = blocker_problems(version=version) if version.state in transition_sources("approve") else []
        context = {
            "report": report,
            "version": version,
            "can_approve": version.state in transition_sources("approve") and not problems,
            "problems": problems,
            "preview": preview_status(_preview(version)),
            "publish_deadline": deadlines.publish,
        }
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk):
        report, version = self._version(request, pk)
        if not request.POST.get("confirm"):
            # No preview of what cannot be approved: the page names what blocks it instead.
            if version.state in transition_sources("approve") and not blocker_problems(version=version):
                document_request(version=version, kind=RenderedDocument.Kind.PREVIEW)
            return redirect("review:approve", pk=report.pk)
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


class PreviewStatusView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers in scope. The preview PDF's progress as JSON, for the approval page."""

    http_method_names = ["get"]

    def get(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        return JsonResponse(preview_status(_preview(version_latest(report=report))), json_dumps_params={"ensure_ascii": False})


class ReviewHistoryView(ReviewerRequiredMixin, ReportHistoryView):
    """Who may see it: reviewers in scope."""

    back = "review:report"


class ReviewOpinionView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers whose scope covers the department (others 404, other roles 403).
    The 审核意见书 of the report's newest version as a PDF."""

    def get(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        response = HttpResponse(review_opinion_pdf(report=report, version=version), content_type="application/pdf")
        filename = f"{report.year}年度{report.department.name}部门决算公开审核意见书（第{version.number}版）.pdf"
        response["Content-Disposition"] = content_disposition_header(False, filename)
        response["Cache-Control"] = "private, no-store"
        return response
