from django.contrib import admin

from disclosures import admin as disclosures_admin  # registered first: its ReportingYear admin is extended here
from disclosures.models import ReportingYear

from . import admin_inspections  # noqa: F401  (registers the 公开检查's models)
from .admin_new_year import YearOpenAdminMixin
from .admin_revisions import RevisedAdminMixin, RuleRevisedAdminMixin, RuleSetRevisionAdmin  # noqa: F401  (registers it)
from .admin_rules import RuleAdminMixin, RuleForm
from .models import ChecklistAnswer, ChecklistItem, ChecklistTemplate, CommonReason, Finding, Rule, RuleSet

RULE_JS = ("js/rule_check.js",)


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleForm
    extra = 0
    fields = ("position", "code", "description", "severity", "tables", "expression", "enabled")


@admin.register(RuleSet)
class RuleSetAdmin(RevisedAdminMixin, admin.ModelAdmin):
    list_display = ("year", "name", "active", "updated_at")
    change_form_template = "admin/reviews/ruleset/change_form.html"
    list_filter = ("year", "active")
    inlines = (RuleInline,)

    class Media:
        js = RULE_JS


@admin.register(Rule)
class RuleAdmin(RuleRevisedAdminMixin, RuleAdminMixin, admin.ModelAdmin):
    form = RuleForm
    list_display = ("code", "description", "severity", "enabled", "rule_set")
    list_filter = ("rule_set", "severity", "enabled")
    search_fields = ("code", "description", "expression")
    change_form_template = "admin/reviews/rule/change_form.html"

    class Media:
        js = RULE_JS


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
class ChecklistTemplateAdmin(RevisedAdminMixin, admin.ModelAdmin):
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


@admin.register(CommonReason)
class CommonReasonAdmin(admin.ModelAdmin):
    list_display = ("text", "position", "active")
    list_editable = ("position", "active")
