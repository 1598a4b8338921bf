"""Rule-set revisions in the admin: the hooks that keep the state before a change to a year's
rules or checklist and make the revision after it (reviews/revisions/), and the revision history,
read-only."""

from django.contrib import admin, messages

from .models import RuleSetRevision
from .revisions.selectors import change_line
from .revisions.services import rule_set_revise, rule_set_revision_baseline


class RevisedAdminMixin:
    """For the admins of rule sets, rules and checklists: once a report of a year was submitted,
    a save or a deletion makes a new revision of that year's rules (before any submission it
    applies in place). The state before is kept first (save_model and the deletions run before
    the inlines are saved), the revision is made after everything was saved (save_related), in
    the admin's transaction."""

    def revision_year(self, obj):
        return obj.year

    def _years(self, obj):
        stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
        return {self.revision_year(o) for o in (obj, stored) if o is not None}

    def _revision_before(self, request, years):
        request.revision_years = getattr(request, "revision_years", set()) | set(years)
        for year in sorted(years):
            rule_set_revision_baseline(year=year)

    def _revision_after(self, request):
        for year in sorted(getattr(request, "revision_years", ())):
            revision = rule_set_revise(year=year, user=request.user)
            if revision is not None and revision.changes:
                messages.info(
                    request,
                    f"{year}年度已有报告提交，本次修改生成审核规则第{revision.number}版（{len(revision.changes)}处变动），"
                    f"已通知{revision.notified}位填报人，{revision.recheck_total}份报告按新规则重新审核。",
                )

    def save_model(self, request, obj, form, change):
        self._revision_before(request, self._years(obj))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._revision_after(request)

    def delete_model(self, request, obj):
        self._revision_before(request, self._years(obj))
        super().delete_model(request, obj)
        self._revision_after(request)

    def delete_queryset(self, request, queryset):
        self._revision_before(request, {self.revision_year(o) for o in queryset})
        super().delete_queryset(request, queryset)
        self._revision_after(request)


class RuleRevisedAdminMixin(RevisedAdminMixin):
    def revision_year(self, obj):
        return obj.rule_set.year

    def delete_queryset(self, request, queryset):
        queryset = queryset.select_related("rule_set")
        super().delete_queryset(request, queryset)


@admin.register(RuleSetRevision)
class RuleSetRevisionAdmin(admin.ModelAdmin):
    """The revision history: each revision's changes and its rules and checklist, read-only."""

    list_display = ("__str__", "created_at", "created_by", "change_count", "notified", "recheck_state")
    list_filter = ("year",)
    change_form_template = "admin/reviews/rulesetrevision/change_form.html"

    @admin.display(description="变动")
    def change_count(self, obj):
        return "修改前的规则（基础版本）" if obj.number == 1 and not obj.changes else f"{len(obj.changes)}处"

    @admin.display(description="重新审核")
    def recheck_state(self, obj):
        if obj.number == 1 and not obj.changes:
            return "—"
        if obj.recheck_finished_at:
            return f"已完成（{obj.rechecked}/{obj.recheck_total}份）"
        return f"进行中（{obj.rechecked}/{obj.recheck_total}份）"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                revision=obj,
                change_lines=[(change_line(c), c) for c in obj.changes],
                revision_rules=(obj.rules or {}).get("rules", []),
                revision_checklist=obj.checklist,
                previous=RuleSetRevision.objects.filter(year=obj.year, number=obj.number - 1).first(),
                following=RuleSetRevision.objects.filter(year=obj.year, number=obj.number + 1).first(),
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

