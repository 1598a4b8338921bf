"""The nine tables as Excel: upload into a draft, download a version or a blank template.

Who may see what is stated on each view; a report outside the user's scope is 404.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View

from portal.accounts.permissions import AccountantRequiredMixin, Audience, ReviewerRequiredMixin

from ..artifacts.services import XLSX as XLSX_ARTIFACT
from ..artifacts.services import published_artifact
from ..excel.problems import Problem, WorkbookError
from ..excel.writer import template_write, workbook_write
from ..providers import provided
from ..regions import region_profile
from ..selectors import published_version, reports_for_user, version_latest, version_tables
from ..services import DepartmentMismatch, VersionLocked, version_import_workbook
from .public import validated

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data, filename):
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def workbook_filename(version):
    report = version.report
    return f"{report.year}年度{report.department.name}部门决算公开表（第{version.number}版）.xlsx"


def version_workbook_response(version):
    report = version.report
    data = workbook_write(
        tables=version_tables(version=version),
        department_name=report.department.name,
        year=report.year,
        profile=region_profile(region=report.department.region),
    )
    return xlsx_response(data, workbook_filename(version))


def template_response(report):
    data = template_write(department=report.department, year=report.year)
    return xlsx_response(data, f"{report.year}年度{report.department.name}部门决算公开表模板.xlsx")


class WorkbookUploadView(AccountantRequiredMixin, View):
    """Who may see it: accountants of the report's department (others 404, other roles 403).

    Replaces all nine tables of the newest version from an uploaded workbook, all or
    nothing; every problem is listed and nothing is written when there is any. A workbook
    whose 编制单位 is another unit shows both names and is imported only when sent again
    with the confirmation (the field `confirm_department` holding the workbook's name).
    """

    template_name = "workspace/upload.html"

    def _context(self, report, **extra):
        return {"report": report, "version": version_latest(report=report), **extra}

    def get(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        return render(request, self.template_name, self._context(report))

    def post(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        version = version_latest(report=report)
        upload = request.FILES.get("file")
        if upload is None:
            problems = [Problem(message="请选择要上传的 Excel 工作簿（.xlsx）")]
        else:
            notes = []
            try:
                version_import_workbook(
                    version=version,
                    fileobj=upload,
                    filename=upload.name,
                    user=request.user,
                    notes=notes,
                    confirmed_department=request.POST.get("confirm_department") or None,
                )
            except DepartmentMismatch as exc:
                context = self._context(report, mismatch=exc, filename=upload.name)
                return render(request, self.template_name, context, status=409)
            except WorkbookError as exc:
                problems = exc.problems
            except VersionLocked as exc:
                problems = [Problem(message=str(exc))]
            else:
                messages.success(request, f"已从“{upload.name}”导入九张公开表。{_open_findings_text(version)}")
                for note in notes:
                    messages.info(request, f"说明：{note}")
                return redirect("workspace:report", pk=report.pk)
        context = self._context(report, problems=problems, filename=getattr(upload, "name", ""))
        return render(request, self.template_name, context, status=400)


def _open_findings_text(version):
    """What the upload left to do, as the accountant reads it after the redirect."""
    found = provided("findings", version=version)
    errors = sum(1 for f in found if f.severity == "error")
    warnings = len(found) - errors
    if not found:
        return "审核未发现问题。"
    parts = [f"{errors}个错误" if errors else "", f"{warnings}个提示" if warnings else ""]
    return f"现有{'、'.join(p for p in parts if p)}待处理，见“审核结果与自查表”。"


class ReportWorkbookView(View):
    """The newest version's tables of a report in the user's scope (out of scope: 404)."""

    def get(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        return version_workbook_response(version_latest(report=report))


class ReportTemplateView(View):
    """A blank template for the year of a report in the user's scope (out of scope: 404)."""

    def get(self, request, pk):
        report = get_object_or_404(reports_for_user(user=request.user), pk=pk)
        return template_response(report)


class WorkspaceWorkbookView(AccountantRequiredMixin, ReportWorkbookView):
    """Who may see it: accountants of the report's department."""


class WorkspaceTemplateView(AccountantRequiredMixin, ReportTemplateView):
    """Who may see it: accountants of the report's department."""


class ReviewWorkbookView(ReviewerRequiredMixin, ReportWorkbookView):
    """Who may see it: reviewers whose scope holds the report."""


class ReviewTemplateView(ReviewerRequiredMixin, ReportTemplateView):
    """Who may see it: reviewers whose scope holds the report."""


@method_decorator(validated(per_visitor=False), name="dispatch")
class PublicWorkbookView(View):
    """Who may see it: everyone, for a published version only; anything else is 404.

    The version's workbook as stored when it was published (disclosures.artifacts)."""

    audience = Audience.PUBLIC

    def get(self, request, department_code, year, number=None):
        version = published_version(department_code=department_code, year=year, number=number)
        if version is None:
            raise Http404("没有已公开的报告")
        return xlsx_response(published_artifact(version=version, kind=XLSX_ARTIFACT).content, workbook_filename(version))
