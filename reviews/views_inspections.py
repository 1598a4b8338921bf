"""The bureau's 公开检查 at /review/inspections/: published PDFs of the region's departments,
uploaded for a year, read and checked in the background, with their results, an Excel download
and the region's printable 通报.

Who may see it: finance bureau reviewers, and only the inspections of their region (and of the
regions below it). Accountants and administrators get 403, anonymous visitors the login page,
reviewers of other regions 404 for any inspection or file of another region. Deleting a file or
checking files again is for the reviewers of the inspection's own region: a reviewer of a region
above gets 403.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from disclosures.views.workbook import xlsx_response
from portal.accounts.permissions import ReviewerRequiredMixin

from .dashboard import dashboard_default_year
from .inspections.forms import ConfirmForm, UploadForm
from .inspections.notice import inspection_notice
from .inspections.selectors import (
    inspected_files_for_user,
    inspection_files,
    inspection_may_change,
    inspection_progress,
    inspections_for_user,
    portal_publication_dates,
    region_departments,
)
from .inspections.services import (
    NoRegion,
    inspected_file_confirm,
    inspected_file_delete,
    inspected_files_recheck,
    inspection_files_add,
    inspection_for,
)
from .inspections.uploads import UploadRefused, inspection_limits, megabytes, pdf_uploads
from .inspections.workbook import inspection_workbook

REFUSALS_SHOWN = 20


def _inspection(request, pk):
    return get_object_or_404(inspections_for_user(user=request.user), pk=pk)


def _file(request, pk):
    return get_object_or_404(inspected_files_for_user(user=request.user), pk=pk)


def _changeable(request, inspection):
    if not inspection_may_change(user=request.user, inspection=inspection):
        raise PermissionDenied("只有本区域的审核人可以删除或重新检查文件")
    return inspection


class InspectionIndexView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers; their region's inspections and the upload form. Others 403."""

    template_name = "review/inspections.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        limits = inspection_limits()
        context.update(
            inspections=inspections_for_user(user=self.request.user),
            form=UploadForm(initial={"year": dashboard_default_year(user=self.request.user)}),
            file_limit=megabytes(limits.file_bytes),
            upload_limit=megabytes(settings.INSPECTION_MAX_UPLOAD_BYTES),
            files_limit=limits.files,
            pages_limit=settings.INSPECTION_MAX_PAGES,
        )
        return context


class InspectionUploadView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers (POST only, CSRF-protected): PDFs, or ZIPs of them, for a year
    of their own region's 公开检查; others 403. A body over INSPECTION_MAX_UPLOAD_BYTES is refused
    with 413 before it is read (portal/upload_limit.py)."""

    http_method_names = ["post"]
    max_request_bytes = staticmethod(lambda: settings.INSPECTION_MAX_UPLOAD_BYTES)

    def post(self, request):
        form = UploadForm(request.POST)
        files = request.FILES.getlist("files")
        if not form.is_valid():
            messages.error(request, "请选择检查的年度。")
            return redirect("review:inspections")
        if not files:
            messages.error(request, "请选择要检查的PDF文件或ZIP压缩包。")
            return redirect("review:inspections")
        try:
            inspection = inspection_for(user=request.user, year=form.cleaned_data["year"])
            uploads = pdf_uploads(files, limits=inspection_limits())
        except (NoRegion, UploadRefused) as exc:
            messages.error(request, str(exc))
            return redirect("review:inspections")
        added = inspection_files_add(inspection=inspection, uploads=uploads, user=request.user)
        if added.files:
            messages.success(request, f"已接收{len(added.files)}个PDF文件，正在逐个读取和检查。")
        if added.refused:
            shown = "；".join(str(r) for r in added.refused[:REFUSALS_SHOWN])
            more = f"；另有{len(added.refused) - REFUSALS_SHOWN}个" if len(added.refused) > REFUSALS_SHOWN else ""
            messages.warning(request, f"未接收{len(added.refused)}个文件：{shown}{more}")
        return redirect("review:inspection", inspection=inspection.pk)


class InspectionView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers of the inspection's region (or a region above it); other
    reviewers 404, other roles 403. The progress, and one row per file with its results."""

    template_name = "review/inspection.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = _inspection(self.request, kwargs["inspection"])
        files = list(inspection_files(inspection=inspection))
        counts = {}
        for file in files:
            if file.department_id:
                counts[file.department_id] = counts.get(file.department_id, 0) + 1
        for file in files:
            file.shared_department = counts.get(file.department_id, 0) > 1
        context.update(
            inspection=inspection,
            progress=inspection_progress(inspection=inspection),
            files=files,
            departments=list(region_departments(region=inspection.region)),
            to_confirm=sum(1 for f in files if f.needs_confirmation),
            may_change=inspection_may_change(user=self.request.user, inspection=inspection),
        )
        return context


class InspectionProgressView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the inspection's region (404 for others; other roles 403):
    how many of its files are checked, as JSON, for the page to poll."""

    def get(self, request, inspection):
        progress = inspection_progress(inspection=_inspection(request, inspection))
        return JsonResponse(
            {
                "total": progress.total,
                "done": progress.done,
                "failed": progress.failed,
                "open": progress.open,
                "percent": progress.percent,
                "finished": progress.open == 0,
                "label": f"已检查{progress.finished}个，共{progress.total}个",
            }
        )


class InspectionWorkbookView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the inspection's region (404 for others; other roles 403):
    its results as .xlsx, one row per file and one per finding."""

    def get(self, request, inspection):
        inspection = _inspection(request, inspection)
        files = inspection_files(inspection=inspection).prefetch_related("findings")
        dates = portal_publication_dates(departments=region_departments(region=inspection.region), year=inspection.year)
        data = inspection_workbook(inspection=inspection, files=files, portal_dates=dates)
        return xlsx_response(data, f"{inspection.region.name}{inspection.year}年度部门决算公开检查结果.xlsx")


class InspectionNoticeView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers of the inspection's region (404 for others; other roles 403):
    the region's 决算公开情况通报, a page to print."""

    template_name = "review/inspection_notice.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = _inspection(self.request, kwargs["inspection"])
        context.update(inspection=inspection, notice=inspection_notice(inspection=inspection))
        return context


class InspectedFileView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers of the file's inspection's region (404 for others; other roles
    403): what was read of one file and its findings, each linked to its page of the PDF."""

    template_name = "review/inspected_file.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = _file(self.request, kwargs["file"])
        context.update(
            file=file,
            inspection=file.inspection,
            findings=list(file.findings.all()),
            departments=list(region_departments(region=file.inspection.region)),
            may_change=inspection_may_change(user=self.request.user, inspection=file.inspection),
        )
        return context


class InspectedFilePdfView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the file's inspection's region (404 for others; other roles
    403): the stored PDF, opened in the browser (#page=N opens it at a page)."""

    def get(self, request, file):
        file = _file(request, file)
        if not file.file:
            raise Http404("文件不存在")
        response = FileResponse(file.file.open("rb"), content_type="application/pdf", filename=file.name)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class InspectedFileConfirmView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the file's inspection's region (POST only; 404 for others,
    other roles 403): the file's department and publication date as the reviewer confirms them."""

    http_method_names = ["post"]

    def post(self, request, file):
        file = _file(request, file)
        form = ConfirmForm(request.POST, departments=region_departments(region=file.inspection.region), prefix=f"f{file.pk}")
        if request.POST.get("back") == "file":
            back = reverse("review:inspected_file", kwargs={"file": file.pk})
        else:
            back = reverse("review:inspection", kwargs={"inspection": file.inspection_id}) + f"#file-{file.pk}"
        if not form.is_valid():
            messages.error(request, f"{file.name}：" + "；".join(e for errors in form.errors.values() for e in errors))
            return redirect(back)
        department = form.cleaned_data["department"]
        inspected_file_confirm(
            file=file, department=department, published_on=form.cleaned_data["published_on"], user=request.user
        )
        messages.success(request, f"{file.name}：已确认为{department.name if department else '不属于本区域的部门'}。")
        return redirect(back)


class InspectedFileDeleteView(ReviewerRequiredMixin, TemplateView):
    """Who may see it: reviewers of the inspection's own region (a reviewer of a region above 403,
    of another region 404, other roles 403). GET asks to confirm; POST (CSRF-protected) deletes
    the file, its findings and its stored PDF."""

    template_name = "review/inspected_file_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = _file(self.request, kwargs["file"])
        _changeable(self.request, file.inspection)
        context.update(file=file, inspection=file.inspection, finding_count=file.findings.count())
        return context

    def post(self, request, file):
        file = _file(request, file)
        inspection = _changeable(request, file.inspection)
        name = file.name
        inspected_file_delete(file=file, user=request.user)
        messages.success(request, f"已删除{name}及其检查结果。")
        return redirect("review:inspection", inspection=inspection.pk)


class InspectedFileRecheckView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the inspection's own region (POST only; a reviewer of a region
    above 403, of another region 404, other roles 403): the file read and checked again."""

    http_method_names = ["post"]

    def post(self, request, file):
        file = _file(request, file)
        inspection = _changeable(request, file.inspection)
        inspected_files_recheck(inspection=inspection, files=[file], user=request.user)
        messages.success(request, f"{file.name}：正在重新读取和检查。")
        return redirect(reverse("review:inspection", kwargs={"inspection": inspection.pk}) + f"#file-{file.pk}")


class InspectionRecheckView(ReviewerRequiredMixin, View):
    """Who may see it: reviewers of the inspection's own region (POST only; a reviewer of a region
    above 403, of another region 404, other roles 403): every file read and checked again."""

    http_method_names = ["post"]

    def post(self, request, inspection):
        inspection = _changeable(request, _inspection(request, inspection))
        count = inspected_files_recheck(inspection=inspection, files=list(inspection_files(inspection=inspection)), user=request.user)
        messages.success(request, f"{count}个文件正在重新读取和检查。")
        return redirect("review:inspection", inspection=inspection.pk)
