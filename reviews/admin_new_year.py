"""开启新年度 in the admin: the calendar and the departments, then what changes side by side with
the year copied, then the confirmation. The confirmation posts the same values again with the
preview's digest: if anything moved meanwhile, the new preview is shown instead."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from disclosures.models import Department, Report, ReportingYear
from disclosures.models.calendar import calendar_problems

from .models import RuleSet
from .new_year.selectors import Calendar, year_preview
from .new_year.services import YearOpenError, YearPreviewChanged, year_open

ALL, SELECTED = "all", "selected"


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
        urls = [path("open/", self.admin_site.admin_view(self.year_open_view), name="disclosures_reportingyear_open")]
        return urls + super().get_urls()

    def _page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "title": "开启新年度", **context}
        return TemplateResponse(request, f"admin/disclosures/reportingyear/{template}", context)

    def year_open_view(self, request):
        """Who may see it: administrators allowed to add a year's calendar and reports."""
        if not (self.has_add_permission(request) and request.user.has_perm("disclosures.add_report")):
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
        if opening.changed:
            messages.success(request, f"{opening.year}年度已开启：" + "；".join(opening.done) + "。")
        else:
            messages.info(request, f"{opening.year}年度此前已按这些设置开启，没有变动。")
        return redirect("admin:disclosures_reportingyear_changelist")
