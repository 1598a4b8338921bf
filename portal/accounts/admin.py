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
