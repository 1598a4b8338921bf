"""Entering the performance self-evaluation tables (绩效自评, 第六部分 附件) under
/workspace/reports/<pk>/performance/: the list with computed against stated scores and the
findings, a project table's form, the whole-department table's form, the workbook's download
and its import.

Who may see it: department accountants, for their own departments' reports, while the newest
version is editable (草稿 or 退回). Other roles get 403, other departments' reports 404, and a
version that is submitted, approved or published 403.
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from portal.accounts.permissions import AccountantRequiredMixin

from ..excel.problems import WorkbookError
from ..models import DepartmentEvaluation
from ..performance import excel
from ..performance.checks import run_checks
from ..performance.forms import (
    ADD_ROW,
    LEVEL1_LIST,
    IndicatorFormSet,
    LayoutForm,
    formset_data_with_one_more_row,
    indicator_initial,
    indicator_row,
    template_hint,
)
from ..performance.layout import DEPARTMENT_FIELDS, PROJECT_FIELDS
from ..performance.scoring_templates import TemplateError, template_choices, template_for
from ..performance.services import (
    department_evaluation_save,
    evaluation_delete,
    evaluation_save,
    evaluations_replace,
)
from ..selectors import reports_for_user, version_latest
from ..services import VersionLocked

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class EditableVersionMixin(AccountantRequiredMixin):
    """Who may see it: accountants of the report's department while its newest version is editable."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and getattr(user, "is_accountant", False):
            self.report = get_object_or_404(reports_for_user(user=user), pk=kwargs["pk"])
            self.version = version_latest(report=self.report)
            if self.version is None:
                raise Http404("报告没有版本")
            if not self.version.is_editable:
                raise PermissionDenied(f"{self.version.get_state_display()}状态的报告不能填报绩效自评表。")
        return super().dispatch(request, *args, **kwargs)

    def index_url(self):
        return reverse("workspace:performance", kwargs={"pk": self.report.pk})


class PerformanceIndexView(EditableVersionMixin, View):
    """Who may see it: accountants of the department while the version is editable (others 403/404)."""

    def get(self, request, pk):
        evaluations = list(self.version.evaluations.prefetch_related("indicators"))
        department = DepartmentEvaluation.objects.filter(version=self.version).first()
        try:
            findings = run_checks(version=self.version)
            template_error = ""
        except TemplateError as exc:
            findings, template_error = [], str(exc)
        context = {
            "report": self.report,
            "version": self.version,
            "evaluations": evaluations,
            "department_evaluation": department,
            "findings": findings,
            "template_error": template_error,
        }
        return render(request, "workspace/performance/index.html", context)


class EvaluationEditView(EditableVersionMixin, View):
    """Who may see it: accountants of the department while the version is editable (others 403/404).
    Creates a project table (no eid) or edits one."""

    layout, kind = PROJECT_FIELDS, "project"

    def _instance(self, eid):
        if eid is None:
            return None
        return get_object_or_404(self.version.evaluations, pk=eid)

    def _render(self, request, form, formset, instance, status=200, adding=False):
        score = instance.score() if instance is not None and instance.pk else None
        # the computed score of each stored row, beside it while the rows shown are the stored ones
        computed = list(score.indicators) if score is not None and not formset.is_bound else []
        keys = [key for key, _ in template_choices(kind=self.kind)]
        context = {
            "report": self.report,
            "version": self.version,
            "form": form,
            "formset": formset,
            # each indicator row with its computed score (rows as stored, in order)
            "indicator_rows": [indicator_row(f, computed[i] if i < len(computed) else None) for i, f in enumerate(formset)],
            "empty_row": indicator_row(formset.empty_form),
            "show_computed": bool(computed),
            "instance": instance,
            "kind": self.kind,
            "score": score,
            "adding": adding,  # “添加一行” without JavaScript: the rows as typed, not yet checked
            "level1_list": LEVEL1_LIST,
            "level1_choices": form.template.level1_choices,
            "template_hint": template_hint(form.template),
            # per template: its 预算执行分值 and its hint, for the page's script when the template changes
            "template_data": {
                key: {"execution_weight": str(template_for(key).execution_weight), "hint": template_hint(template_for(key))}
                for key in keys
            },
        }
        return render(request, "workspace/performance/edit.html", context, status=status)

    def _form(self, data=None, instance=None, template_key=None):
        if template_key not in dict(template_choices(kind=self.kind)):
            template_key = None  # an unknown key in the address or the post: the table's own, or the first
        return LayoutForm(
            data, layout=self.layout, kind=self.kind, instance=instance, template_key=template_key,
            department=self.report.department,
        )  # fmt: skip

    def get(self, request, pk, eid=None):
        instance = self._instance(eid)
        form = self._form(instance=instance, template_key=request.GET.get("template"))
        formset = IndicatorFormSet(prefix="ind", initial=indicator_initial(instance))
        return self._render(request, form, formset, instance)

    def post(self, request, pk, eid=None):
        instance = self._instance(eid)
        data = request.POST
        if ADD_ROW in data:  # without JavaScript: the same page, one more row, nothing saved
            data = formset_data_with_one_more_row(data, prefix="ind")
        form = self._form(data, instance=instance, template_key=data.get("template_key"))
        formset = IndicatorFormSet(data, prefix="ind")
        if ADD_ROW in data:
            return self._render(request, form, formset, instance, adding=True)
        if not (form.is_valid() and formset.is_valid()):
            return self._render(request, form, formset, instance, status=400)
        fields = {f.name: form.cleaned_data[f.name] for f in self.layout}
        try:
            saved = self.save(fields, formset.rows(), instance)
        except VersionLocked as exc:
            raise PermissionDenied(str(exc)) from None
        messages.success(request, f"已保存《{saved.table_title or saved.project_name}》。")
        return redirect(self.index_url())

    def save(self, fields, rows, instance):
        return evaluation_save(version=self.version, fields=fields, indicators=rows, evaluation=instance, user=self.request.user)


class DepartmentEvaluationEditView(EvaluationEditView):
    """Who may see it: accountants of the department while the version is editable (others 403/404).
    The whole-department table (部门整体支出绩效自评表), one per version."""

    layout, kind = DEPARTMENT_FIELDS, "department"

    def _instance(self, eid):
        return DepartmentEvaluation.objects.filter(version=self.version).first()

    def save(self, fields, rows, instance):
        return department_evaluation_save(version=self.version, fields=fields, indicators=rows, user=self.request.user)


class EvaluationDeleteView(EditableVersionMixin, View):
    """Who may see it: accountants of the department while the version is editable (others 403/404). POST only."""

    def post(self, request, pk, eid):
        evaluation = get_object_or_404(self.version.evaluations, pk=eid)
        evaluation_delete(evaluation=evaluation, user=self.request.user)
        messages.success(request, f"已删除《{evaluation.table_title or evaluation.project_name}》。")
        return redirect(self.index_url())


class WorkbookDownloadView(EditableVersionMixin, View):
    """Who may see it: accountants of the department while the version is editable (others 403/404).
    The workbook of the version's tables, a blank template when there is none yet."""

    def get(self, request, pk):
        response = HttpResponse(excel.workbook_bytes(version=self.version), content_type=XLSX)
        filename = f"{self.report.department.code}-{self.report.year}-绩效自评表.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


class WorkbookImportView(EditableVersionMixin, View):
    """Who may see it: accountants of the department while the version is editable (others 403/404).
    POST a workbook; all of it is written, or nothing and every problem is shown."""

    def post(self, request, pk):
        upload = request.FILES.get("workbook")
        if upload is None:
            messages.error(request, "请选择要导入的工作簿。")
            return redirect(self.index_url())
        try:
            projects, department = excel.read_workbook(upload, filename=upload.name)
            evaluations_replace(version=self.version, projects=projects, department=department, user=self.request.user)
        except WorkbookError as exc:
            for problem in exc.problems:
                messages.error(request, str(problem))
            messages.error(request, "导入失败，未写入任何数据。")
            return redirect(self.index_url())
        except VersionLocked as exc:
            raise PermissionDenied(str(exc)) from None
        messages.success(request, f"已导入{len(projects)}张项目自评表{'和部门整体自评表' if department else ''}。")
        return redirect(self.index_url())
