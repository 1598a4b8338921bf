"""The standard-format PDF: downloads and the reviewer's retry button.

The files never change once done; a correction is a new version with its own PDF.
"""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from portal.accounts.permissions import Audience, ReviewerRequiredMixin

from ..models import DocumentStatus, RenderedDocument
from ..pdf.services import DocumentNotFailed, document_mark_failed, document_render_now, document_retry
from ..selectors import departments_for_user, published_version

logger = logging.getLogger(__name__)


def _download_name(version):
    report = version.report
    suffix = f"（第{version.number}版）" if version.number > 1 else ""
    return f"{report.year}年度{report.department.name}部门决算公开{suffix}.pdf"


def _pdf_response(document, request):
    """The PDF opens in the browser (自查表第53项: 公开文件可直接打开); ?download=1 saves it."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=request.GET.get("download") == "1",
        filename=_download_name(document.version),
        content_type="application/pdf",
    )
    response["ETag"] = f'"{document.sha256}"'
    response["Cache-Control"] = "public, max-age=86400" if document.version.is_published else "private, no-store"
    return response


def _documents_in_scope(user):
    return RenderedDocument.objects.select_related("version__report__department").filter(
        version__report__department__in=departments_for_user(user=user)
    )


class DocumentDownloadView(LoginRequiredMixin, View):
    """Who may see it: reviewers whose region (or assignment) covers the department, the
    department's accountants and administrators, in any state of the version; everyone else
    gets 404. The public downloads published PDFs through PublicReportPdfView."""

    audience = Audience.IN_SCOPE

    def get(self, request, pk):
        document = get_object_or_404(_documents_in_scope(request.user), pk=pk)
        if document.status != DocumentStatus.DONE or not document.file:
            raise Http404("PDF 尚未生成")
        return _pdf_response(document, request)


class DocumentRetryView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers whose region (or assignment) covers the department (POST only);
    other roles get 403, reviewers of other regions 404. Queues a failed PDF again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        document = get_object_or_404(_documents_in_scope(request.user), pk=pk)
        try:
            document = document_retry(document=document)
        except DocumentNotFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已重新提交 PDF 生成任务。")
        return redirect("review:report", pk=document.version.report_id)


class PublicReportPdfView(View):
    """Who may see it: everyone, for a published version; anything else is 404.

    A published version whose PDF is not rendered yet (the queue has not reached it) is
    rendered here once, synchronously, through the same service as the task; the file is
    then kept and served unchanged. A PDF that failed is not retried here (a reviewer does
    that): the public gets a clear 404 page pointing to the web version.
    """

    audience = Audience.PUBLIC

    def get(self, request, department_code, year, number=None):
        version = published_version(department_code=department_code, year=year, number=number)
        if version is None:
            raise Http404("没有已公开的报告")
        document = RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).first()
        if document is None or (document.status == DocumentStatus.PENDING):
            try:
                document = document_render_now(version=version)
            except Exception as exc:  # the page must answer; the error is kept for the reviewer
                logger.exception("PDF rendering failed for version %s", version.pk)
                if document is None:
                    document = RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).first()
                if document is not None:
                    document_mark_failed(document_id=document.pk, error=f"{type(exc).__name__}: {exc}")
                document = None
        if document is None or document.status != DocumentStatus.DONE or not document.file:
            return render(
                request,
                "pdf/unavailable.html",
                {"version": version, "report": version.report, "document": document},
                status=404,
            )
        return _pdf_response(document, request)
