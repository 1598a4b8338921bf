"""开启新年度 in the admin: the calendar and the departments, then what changes side by side with
the year copied, then the confirmation. The confirmation posts the same values again with the
preview's digest: if anything moved meanwhile, the new preview is shown instead. The reports are
then created in the background, and the run's page shows how far it got (polling its JSON)."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from disclosures.models import Department, Report, ReportingYear
from disclosures.models.calendar import calendar_problems

from .models import RuleSet, RunStatus, YearOpeningRun
from .new_year.selectors import Calendar, year_preview
from .new_year.services import YearOpenError, YearPreviewChanged, year_open
from .new_year.tasks import year_open_reports_start

ALL, SELECTED = "all", "selected"
STALLED = timedelta(minutes=2)  # a run not done that has not moved for this long may be started again


def _default_year():
    latest = max(
        (v for v in (
            Report.objects.aggregate(m=Max("year"))["m"],
            ReportingYear.objects.aggregate(m=Max("year"))["m"],
            RuleSet.objects.aggregate(m=Max("year"))["m"],
        ) if v),
        default=None,
    )
    return latest + 1 if latest else date.today().year - 1


class YearOpenForm(forms.Form):
    year = forms.IntegerField(label="新年度", min_value=2000, max_value=2100)
    source_year = forms.IntegerField(
        label="参照年度", min_value=2000, max_value=2100, help_text="复制这一年的审核规则集和自查表（新年度已有的保留不变）。"
    )
    submit_deadline = forms.DateField(label="报送截止日期", help_text="格式如 2026-05-31。")
    approval_date = forms.DateField(label="批复日期", required=False, help_text="财政部门批复部门决算的日期，可暂不填。")
    publish_deadline = forms.DateField(label="公开截止日期", help_text="须在批复后20日内。")
    scope = forms.ChoiceField(
        label="建立报告的单位",
        choices=((ALL, "全部在用单位"), (SELECTED, "选定的单位")),
        initial=ALL,
        widget=forms.RadioSelect,
    )
    departments = forms.ModelMultipleChoiceField(
        label="选定的单位",
        queryset=Department.objects.filter(active=True).order_by("code"),
        required=False,
        widget=FilteredSelectMultiple("单位", is_stacked=False),
        help_text="选“选定的单位”时，只为这里选中的单位建立报告。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = _default_year()
            self.initial.update(
                year=year,
                source_year=year - 1,
                submit_deadline=date(year + 1, 9, 20),
                publish_deadline=date(year + 1, 9, 29),
            )
        active = Department.objects.filter(active=True).count()
        self.fields["scope"].choices = ((ALL, f"全部在用单位（{active}个）"), (SELECTED, "选定的单位"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year") and cleaned.get("year") == cleaned.get("source_year"):
            self.add_error("source_year", "参照年度不能与新年度相同")
        problems = calendar_problems(
            submit_deadline=cleaned.get("submit_deadline"),
            approval_date=cleaned.get("approval_date"),
            publish_deadline=cleaned.get("publish_deadline"),
        )
        for name, message in problems.items():
            self.add_error(name, message)
        if cleaned.get("scope") == SELECTED and not cleaned.get("departments"):
            self.add_error("departments", "请选择要建立报告的单位")
        return cleaned

    @property
    def calendar(self):
        data = self.cleaned_data
        return Calendar(submit=data["submit_deadline"], publish=data["publish_deadline"], approval=data.get("approval_date"))

    @property
    def chosen_departments(self):
        return self.cleaned_data["departments"] if self.cleaned_data["scope"] == SELECTED else None


class YearOpenAdminMixin:
    """For the ReportingYear admin: 开启新年度."""

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("open/", view(self.year_open_view), name="disclosures_reportingyear_open"),
            path("open/<int:object_id>/", view(self.year_open_run_view), name="reviews_yearopeningrun_progress"),
            path("open/<int:object_id>/progress.json", view(self.year_open_run_json), name="reviews_yearopeningrun_progress_json"),
        ]
        return urls + super().get_urls()

    def _may_open(self, request):
        return self.has_add_permission(request) and request.user.has_perm("disclosures.add_report")

    def _page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "开启新年度", **context}
        return TemplateResponse(request, f"admin/disclosures/reportingyear/{template}", context)

    def year_open_view(self, request):
        """Who may see it: administrators allowed to add a year's calendar and reports."""
        if not self._may_open(request):
            raise PermissionDenied
        form = YearOpenForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return self._page(request, "open.html", form=form, media=self.media + form.media)
        data = form.cleaned_data
        arguments = {
            "year": data["year"],
            "source_year": data["source_year"],
            "calendar": form.calendar,
            "departments": form.chosen_departments,
        }
        if "confirm" not in request.POST:
            preview = year_preview(**arguments)
            return self._page(request, "open_preview.html", form=form, preview=preview, title=f"开启{data['year']}年度：核对变动")
        try:
            opening = year_open(**arguments, user=request.user, expected_digest=request.POST.get("digest"))
        except YearPreviewChanged as exc:
            return self._page(
                request, "open_preview.html", form=form, preview=exc.preview, changed=True, title=f"开启{data['year']}年度：核对变动"
            )
        except YearOpenError as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
            return self._page(request, "open.html", form=form, media=self.media + form.media)
        if opening.run is not None:
            return redirect("admin:reviews_yearopeningrun_progress", object_id=opening.run.pk)
        if opening.changed:
            messages.success(request, f"{opening.year}年度已开启：" + "；".join(opening.done) + "。")
        else:
            messages.info(request, f"{opening.year}年度此前已按这些设置开启，没有变动。")
        return redirect("admin:disclosures_reportingyear_changelist")

    def _run(self, request, object_id):
        if not self._may_open(request):
            raise PermissionDenied
        run = YearOpeningRun.objects.filter(pk=object_id).first()
        if run is None:
            raise Http404("没有这次开启新年度的记录")
        return run

    def year_open_run_view(self, request, object_id):
        """Who may see it: administrators allowed to open a year. How far creating the reports of
        an opening got; POST starts a stopped or failed run again (it creates only what is missing)."""
        run = self._run(request, object_id)
        stalled = run.status == RunStatus.FAILED or (not run.finished and timezone.now() - run.updated_at > STALLED)
        if request.method == "POST":
            if stalled:
                year_open_reports_start(run=run, restart=True)
                messages.info(request, "已重新开始建立报告；已建立的报告不会重复建立。")
            return redirect("admin:reviews_yearopeningrun_progress", object_id=run.pk)
        return self._page(
            request, "open_progress.html", run=run, label=run_label(run), stalled=stalled, title=f"开启{run.year}年度：建立报告"
        )

    def year_open_run_json(self, request, object_id):
        """Who may see it: administrators allowed to open a year. The run's progress, for its page to poll."""
        run = self._run(request, object_id)
        return JsonResponse(
            {
                "status": run.status,
                "finished": run.finished,
                "percent": run.percent,
                "label": run_label(run),
            }
        )


def run_label(run):
    if run.status == RunStatus.DONE:
        return f"已完成：新建{run.reports_created}个报告（共{run.total}个单位）"
    if run.status == RunStatus.FAILED:
        return f"出错停止：已处理{run.processed}个单位，共{run.total}个"
    return f"{run.get_status_display()}：已处理{run.processed}个单位，共{run.total}个，新建{run.reports_created}个报告"
