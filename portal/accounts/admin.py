from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active", "is_staff")
    list_filter = ("role", "region", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    filter_horizontal = ("departments", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (("角色与范围", {"fields": ("role", "display_name", "region", "departments")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与范围", {"fields": ("role", "display_name", "region")}),)


def _admin_only(request):
    """The Django admin is for administrators only (role admin or superuser), never for staff accountants/reviewers."""
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_portal_admin", False))


admin.site.has_permission = _admin_only
