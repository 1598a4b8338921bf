"""The admin's screens of the 公开检查 (registered from admin.py): inspections, their files, the
files' findings and the kept public check results, to look up, filtered by year and status.

What a check found is never edited here: findings and files are read-only. A file deleted here
goes through the service a reviewer's 删除 uses (audited, its stored PDF removed after commit);
an inspection is not deleted here (its files' PDFs would stay behind). A kept public result may
be deleted (an administrator taking one down before it expires).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from .inspections.public import kept_until
from .inspections.services import inspected_file_delete
from .models import InspectedFile, InspectedFinding, Inspection, KeptCheck


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InspectedFindingInline(admin.TabularInline):
    model = InspectedFinding
    fields = ("position", "rule_code", "severity", "rounding", "page", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "region", "year", "file_count", "created_by", "created_at")
    list_filter = ("year", "region")
    search_fields = ("region__name", "region__code")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region", "created_by").annotate(file_count=Count("files"))

    @admin.display(description="文件数", ordering="file_count")
    def file_count(self, obj):
        return obj.file_count


@admin.register(InspectedFile)
class InspectedFileAdmin(ReadOnlyAdmin):
    list_display = ("name", "inspection", "department", "match", "status", "errors", "warnings", "rounding", "created_at")
    list_filter = ("inspection__year", "status", "match", "inspection__region")
    search_fields = ("name", "department_name", "title", "department__name", "sha256")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in InspectedFile._meta.fields]
    inlines = (InspectedFindingInline,)
    actions = None  # a file is deleted one at a time, through the service

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("inspection__region", "department")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("reviews.delete_inspectedfile")

    def delete_model(self, request, obj):
        inspected_file_delete(file=obj, user=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # its findings go with it, though none may be deleted on its own
        return deleted, counts, perms_needed - {InspectedFinding._meta.verbose_name}, protected


@admin.register(InspectedFinding)
class InspectedFindingAdmin(ReadOnlyAdmin):
    list_display = ("file", "rule_code", "severity", "rounding", "page", "part")
    list_filter = ("file__inspection__year", "severity", "rounding", "part", "file__status")
    search_fields = ("rule_code", "message", "file__name")
    readonly_fields = [f.name for f in InspectedFinding._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("file")


@admin.register(KeptCheck)
class KeptCheckAdmin(ReadOnlyAdmin):
    list_display = ("name", "created_at", "expires", "expired")
    list_filter = ("created_at",)
    search_fields = ("name", "token")
    date_hierarchy = "created_at"
    readonly_fields = ("name", "token", "digest", "created_at", "expires", "result")
    fields = readonly_fields

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("reviews.delete_keptcheck")

    @admin.display(description="保留至")
    def expires(self, obj):
        return kept_until(obj)

    @admin.display(description="已过期", boolean=True)
    def expired(self, obj):
        return kept_until(obj) <= timezone.now()
