"""Entering one of the nine tables in the browser, under /workspace/reports/<pk>/tables/<n>/.

Who may see it: department accountants, for their own departments' reports only
(other roles 403, other departments' reports 404). The newest version is edited
while it is a draft or returned; otherwise the page shows the values read-only
and a POST is refused (409) with a message, nothing saved.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from portal.accounts.permissions import AccountantRequiredMixin

from ..forms.table_edit import TableEditForm, differences, reference_matches
from ..models import CodeKind
from ..providers import provided
from ..selectors import reports_for_user, version_latest, version_tables
from ..services import ContentError, StaleRevision, VersionLocked, version_replace_tables
from ..tables.spec import TABLES, TABLES_BY_NUMBER

TEMPLATE = "workspace/table_edit.html"


def _report_for(request, pk):
    return get_object_or_404(reports_for_user(user=request.user), pk=pk)


class TableEditView(AccountantRequiredMixin, View):
    """Who may see it: accountants of the report's department (others 403/404); edits only
    while the newest version is editable."""

    def _load(self, request, pk, number):
        spec = TABLES_BY_NUMBER.get(number)
        if spec is None:
            raise Http404("没有这张表")
        report = _report_for(request, pk)
        version = version_latest(report=report)
        if version is None:
            raise Http404("报告没有版本")
        return spec, report, version

    def _render(self, request, form, *, status=200, conflict=None, locked_message=""):
        report = form.version.report
        form.returned = provided("returned_cells", version=form.version, table=form.spec.number)
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        context = {
            "too_many_fields": form.editable and limit is not None and form.field_count() > limit,
            "form": form,
            "spec": form.spec,
            "report": report,
            "version": form.version,
            "tables": TABLES,
            "conflict": conflict,
            "locked_message": locked_message,
            "dirty": form.is_bound and form.editable,
            "codes_url": reverse("workspace:codes", kwargs={"pk": report.pk}),
        }
        return render(request, TEMPLATE, context, status=status)

    def get(self, request, pk, number):
        spec, _, version = self._load(request, pk, number)
        stored = version_tables(version=version)[spec.number]
        form = TableEditForm(spec=spec, version=version, stored=stored, editable=version.is_editable)
        return self._render(request, form)

    def post(self, request, pk, number):
        spec, report, version = self._load(request, pk, number)
        stored = version_tables(version=version)[spec.number]
        if not version.is_editable:
            form = TableEditForm(spec=spec, version=version, stored=stored, editable=False)
            message = f"第{version.number}版处于“{version.get_state_display()}”状态，不能修改，您提交的数据没有保存。"
            return self._render(request, form, status=409, locked_message=message)
        form = TableEditForm(spec=spec, version=version, stored=stored, data=request.POST)
        if not form.is_valid():
            return self._render(request, form)
        # A form without a readable revision cannot show it is current: treat it as stale.
        expected = form.loaded_revision if form.loaded_revision is not None else -1
        try:
            version_replace_tables(version=version, tables=[form.cleaned], user=request.user, expected_revision=expected)
        except StaleRevision:
            version.refresh_from_db()
            saved = version_tables(version=version)[spec.number]
            conflict = differences(
                spec=spec, mine=form.cleaned, theirs=saved, original=form.original, unit=version.entry_unit
            )
            # Re-submitting this page now saves the user's figures over the newer ones, after review.
            form.loaded_revision = version.revision
            form.original = saved
            return self._render(request, form, status=409, conflict=conflict)
        except VersionLocked as exc:
            version.refresh_from_db()
            form.editable = False
            return self._render(request, form, status=409, locked_message=f"{exc}，您提交的数据没有保存。")
        except ContentError as exc:
            form.general_errors.extend(exc.problems)
            return self._render(request, form)
        messages.success(request, f"已保存{spec.code} {spec.name}。")
        return redirect("workspace:table_edit", pk=report.pk, number=spec.number)


class CodeLookupView(AccountantRequiredMixin, View):
    """Reference codes matching ?q= for the 添加科目 box, as JSON.

    Who may see it: accountants, for their own departments' reports (others 403/404).
    """

    def get(self, request, pk):
        report = _report_for(request, pk)
        kind = request.GET.get("kind", CodeKind.FUNCTION)
        if kind not in CodeKind.values:
            return JsonResponse({"error": "kind 应为 function 或 economic"}, status=400)
        matches = reference_matches(kind=kind, year=report.year, query=request.GET.get("q", ""))
        return JsonResponse(
            {"results": [{"code": m.code, "name": m.name, "level": m.level} for m in matches]},
            json_dumps_params={"ensure_ascii": False},
        )

