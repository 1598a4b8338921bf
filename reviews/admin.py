from django import forms
from django.contrib import admin

from disclosures import admin as disclosures_admin  # registered first: its ReportingYear admin is extended here
from disclosures.models import ReportingYear

from .admin_new_year import YearOpenAdminMixin
from .models import ChecklistAnswer, ChecklistItem, ChecklistTemplate, Finding, Rule, RuleSet
from .rules.engine import CompiledRule


class RuleForm(forms.ModelForm):
    """Refuses a rule whose expression does not compile, naming the position of the problem."""

    class Meta:
        model = Rule
        fields = ("code", "description", "severity", "tables", "expression", "enabled", "position")
        widgets = {"expression": forms.Textarea(attrs={"rows": 2, "cols": 100})}

    def clean(self):
        cleaned = super().clean()
        expression = cleaned.get("expression")
        if expression:
            try:
                CompiledRule.build(
                    code=cleaned.get("code") or "",
                    description=cleaned.get("description") or "",
                    severity=cleaned.get("severity") or "error",
                    expression=expression,
                    tables=cleaned.get("tables") or (),
                )
            except ValueError as exc:
                self.add_error("expression", str(exc))
        return cleaned


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleForm
    extra = 0
    fields = ("position", "code", "description", "severity", "tables", "expression", "enabled")


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("year", "name", "active", "updated_at")
    list_filter = ("year", "active")
    inlines = (RuleInline,)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    form = RuleForm
    list_display = ("code", "description", "severity", "enabled", "rule_set")
    list_filter = ("rule_set", "severity", "enabled")
    search_fields = ("code", "description", "expression")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("version", "rule_code", "severity", "rounding", "difference", "explained_at")
    list_filter = ("severity", "rounding")
    search_fields = ("rule_code", "message")
    readonly_fields = [f.name for f in Finding._meta.fields]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ("no", "group", "category", "text", "mode", "check_key")


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "publish_with_report")
    list_editable = ("publish_with_report",)
    fields = ("year", "title", "publish_with_report")
    inlines = (ChecklistItemInline,)


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(admin.ModelAdmin):
    list_display = ("version", "item", "answer", "reviewer_status")
    list_filter = ("answer", "reviewer_status")


# 开启新年度 sits on the year's calendar, and needs the rule sets and checklists of this app.
admin.site.unregister(ReportingYear)


@admin.register(ReportingYear)
class ReportingYearAdmin(YearOpenAdminMixin, disclosures_admin.ReportingYearAdmin):
    change_list_template = "admin/disclosures/reportingyear/change_list.html"
