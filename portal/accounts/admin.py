from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp import admin as totp_admin  # noqa: F401  (registers its admin, replaced below)
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .two_factor import two_factor_required
from .views import SignInView


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "region", "is_active", "is_staff")
    list_filter = ("role", "region", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    filter_horizontal = ("departments", "groups", "user_permissions")
    fieldsets = BaseUserAdmin.fieldsets + (("角色与范围", {"fields": ("role", "display_name", "region", "departments")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("角色与范围", {"fields": ("role", "display_name", "region")}),)


# Authenticators are enrolled by their owners (/accounts/two-factor/); the admin only lists them and
# removes a lost one (its owner then enrols again). It never shows a secret.
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    search_fields = ("user__username", "user__display_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _is_administrator(user):
    return bool(user.is_active and user.is_staff and getattr(user, "is_portal_admin", False))


def _admin_only(request):
    """The Django admin is for administrators only (role admin or superuser), never for staff
    accountants/reviewers; with OTP_REQUIRED_FOR_ADMINS, only in a session verified by a code."""
    user = request.user
    if not _is_administrator(user):
        return False
    return not two_factor_required(user=user) or user.is_verified()


def _admin_login(request, extra_context=None):
    """The admin's sign-in is the portal's (one form, one lock, the code step); an administrator
    signed in without a code, where one is required, is sent to enrol or enter one."""
    user = request.user
    target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    if user.is_authenticated and _is_administrator(user) and not _admin_only(request):
        messages.warning(request, "进入系统管理需要两步验证：请绑定验证器，或输入验证器上的6位验证码。")
        return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': target})}")
    if request.method == "GET" and _admin_only(request):
        return redirect("admin:index")
    view = SignInView.as_view(
        redirect_authenticated_user=False,
        next_page="admin:index",
        extra_context={"title": "系统管理登录", **(extra_context or {})},
    )
    return view(request)


admin.site.has_permission = _admin_only
admin.site.login = _admin_login
# The admin carries the portal's name, in Chinese (never “Django 管理”).
admin.site.site_header = "部门决算公开平台 · 系统管理"
admin.site.site_title = "部门决算公开平台"
admin.site.index_title = "系统管理"
