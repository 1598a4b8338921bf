from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from portal.textpolicy import TextPolicyAdminMixin

from .admin_directory import DirectoryImportAdminMixin
from .models import (
    BasicDataRow,
    BasicDataTable,
    CodeKind,
    CodeRow,
    Department,
    DepartmentEvaluation,
    DepartmentIndicator,
    EvaluationIndicator,
    GlossaryEntry,
    KeyWorkItem,
    NarrativeSection,
    ProjectEvaluation,
    ReferenceCode,
    Region,
    Report,
    ReportingYear,
    ReportVersion,
)
from .reference import ReferenceImportError, reference_codes_replace, reference_codes_revise, reference_rows_from_workbook
from .listing.services import department_listings_refresh
from .services import report_create

MAX_REFERENCE_UPLOAD = 5 * 1024 * 1024


@admin.register(Region)
class RegionAdmin(TextPolicyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")


@admin.register(ReportingYear)
class ReportingYearAdmin(admin.ModelAdmin):
    list_display = ("year", "submit_deadline", "approval_date", "publish_deadline")
    fields = ("year", "submit_deadline", "approval_date", "publish_deadline")


@admin.register(Department)
class DepartmentAdmin(DirectoryImportAdminMixin, TextPolicyAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "region", "parent", "unit_type", "primary_unit", "contact_name", "contact_email", "active")
    list_filter = ("active", "unit_type", "primary_unit", "region")
    search_fields = ("code", "name", "aliases", "contact_name", "contact_email")
    autocomplete_fields = ("parent",)
    change_list_template = "admin/disclosures/department/change_list.html"
    fieldsets = (
        (None, {"fields": ("code", "name", "region", "parent", "unit_type", "primary_unit", "active")}),
        ("联系人", {"fields": ("contact_name", "contact_phone", "contact_email")}),
        ("其他名称", {"fields": ("aliases",)}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        department_listings_refresh(departments=[obj])  # its region, 主管部门 or code may have changed


class ReferenceImportForm(forms.Form):
    kind = forms.ChoiceField(label="科目类型", choices=CodeKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    mode = forms.ChoiceField(
        label="导入方式",
        choices=(("replace", "全年科目表（替换该年度同类科目）"), ("revise", "年中修订（增补新科目、更新科目名称，其余不变）")),
        initial="replace",
        required=False,  # a full list unless said otherwise
    )
    revision = forms.CharField(label="修订名称", max_length=64, required=False, help_text="年中修订时填写，如“2024年9月修订”。")
    effective_from = forms.DateField(label="生效日期", required=False, help_text="年中修订时填写，格式如2024-09-01。")
    file = forms.FileField(label="Excel文件（.xlsx）", help_text="第一列为科目编码、其后为科目名称的官方科目表。")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "revise" and not (cleaned.get("revision") or "").strip():
            self.add_error("revision", "年中修订须填写修订名称。")
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REFERENCE_UPLOAD:
            raise forms.ValidationError("文件超过5MB，请确认是科目表。")
        return upload


@admin.register(ReferenceCode)
class ReferenceCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "year", "revision", "effective_from")
    list_filter = ("kind", "year", "revision")
    search_fields = ("code", "name")
    change_list_template = "admin/disclosures/referencecode/change_list.html"

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="disclosures_referencecode_import"),
        ]
        return urls + super().get_urls()

    def import_view(self, request):
        """Who may see it: staff with permission to add reference codes."""
        if not self.has_add_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = ReferenceImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                rows = reference_rows_from_workbook(data["file"])
                if data.get("mode") == "revise":
                    counts = reference_codes_revise(
                        kind=data["kind"],
                        year=data["year"],
                        rows=rows,
                        revision=data["revision"],
                        effective_from=data["effective_from"],
                    )
                    done = f"已导入{data['revision']}：新增 {counts['added']} 个、更名 {counts['renamed']} 个科目编码，{counts['unchanged']} 个未变。"
                else:
                    count = reference_codes_replace(kind=data["kind"], year=data["year"], rows=rows)
                    done = f"已导入 {count} 个科目编码。"
            except ReferenceImportError as exc:
                problems = exc.problems
            else:
                messages.success(request, done)
                return redirect("admin:disclosures_referencecode_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "从Excel导入科目编码",
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/disclosures/referencecode/import.html", context)


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    fields = ("number", "state", "entry_unit", "published_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # versions are made by the workflow (first one with the report, then corrections)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """A report is created here through report_create, as everywhere else: with its first draft
    version and the year's text sections. Its department and year are fixed once created."""

    list_display = ("department", "year", "created_at")
    list_filter = ("year", "department__region")
    search_fields = ("department__name", "department__code")
    inlines = [ReportVersionInline]

    def get_readonly_fields(self, request, obj=None):
        return ("department", "year", "created_at") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing of a report is edited here
        report, _ = report_create(department=obj.department, year=obj.year, user=request.user)
        obj.pk, obj.created_at = report.pk, report.created_at
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False  # a report's versions, audit record and decisions are kept


class NarrativeSectionInline(admin.StackedInline):
    model = NarrativeSection
    extra = 0


class KeyWorkItemInline(admin.TabularInline):
    model = KeyWorkItem
    extra = 0


class GlossaryEntryInline(admin.TabularInline):
    model = GlossaryEntry
    extra = 0


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """Read-only: a version's state changes only through the workflow (reviews.workflow:
    submit, return, approve, publish), which checks, audits and notifies; versions are created
    with their report or by a correction. No admin page or action can publish, approve or return."""

    list_display = ("report", "number", "state", "entry_unit", "updated_at")
    list_filter = ("state", "report__year")
    search_fields = ("report__department__name",)
    readonly_fields = tuple(
        f.name for f in ReportVersion._meta.fields if f.name != "id"
    )
    inlines = [NarrativeSectionInline, KeyWorkItemInline, GlossaryEntryInline]
    actions = None

    def save_model(self, request, obj, form, change):
        pass  # every field of the version is read-only here; only its inlines are saved

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvaluationIndicatorInline(admin.TabularInline):
    model = EvaluationIndicator
    extra = 0


@admin.register(ProjectEvaluation)
class ProjectEvaluationAdmin(admin.ModelAdmin):
    list_display = ("project_name", "version", "total_score_stated")
    inlines = [EvaluationIndicatorInline]


class DepartmentIndicatorInline(admin.TabularInline):
    model = DepartmentIndicator
    extra = 0


@admin.register(DepartmentEvaluation)
class DepartmentEvaluationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "version", "total_score_stated")
    inlines = [DepartmentIndicatorInline]


class BasicDataRowInline(admin.TabularInline):
    model = BasicDataRow
    extra = 0


@admin.register(BasicDataTable)
class BasicDataTableAdmin(admin.ModelAdmin):
    list_display = ("__str__", "version")
    inlines = [BasicDataRowInline]


@admin.register(CodeRow)
class CodeRowAdmin(admin.ModelAdmin):
    list_display = ("version", "table", "code", "name")
    list_filter = ("table",)
