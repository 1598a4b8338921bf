from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_totp import admin as totp_admin  # noqa: F401  (registers its admin, replaced below)
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_forms import UserCreateForm, UserEditForm
from .invitations import account_invitation_send
from .models import User
from .two_factor import two_factor_required
from .views import SignInView


class EmailFilter(admin.SimpleListFilter):
    """Whether a user has an e-mail address: without one, notices reach them only in the portal."""

    title = "电子邮箱"
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return (("none", "没有电子邮箱"), ("some", "有电子邮箱"))

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(email="")
        if self.value() == "some":
            return queryset.exclude(email="")
        return queryset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """One page creates an accountant, a reviewer or an administrator: the account, its role with
    its departments or region, its e-mail, and a password or an e-mailed link to set one. Django's
    permission lists are kept out of the way (portal roles do not use them)."""

    form = UserEditForm
    add_form = UserCreateForm
    add_form_template = None  # Django's says more options come after saving; here they are all on the page
    list_display = ("username", "display_name", "role", "region", "email", "is_active", "is_staff")
    list_filter = ("role", EmailFilter, "region", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    filter_horizontal = ("departments", "groups", "user_permissions")
    fieldsets = (
        ("账号", {"fields": ("username", "display_name", "email", "password")}),
        ("角色与范围", {"fields": ("role", "region", "departments", "is_active")}),
        (
            "高级权限（门户按角色授权，一般无需设置）",
            {"classes": ("collapse",), "fields": ("is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("登录记录", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        ("账号", {"fields": ("username", "display_name", "email")}),
        ("角色与范围", {"fields": ("role", "region", "departments")}),
        ("初始密码", {"fields": ("password1", "password2")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and getattr(form, "invite", False):
            protocol, domain = request.scheme, request.get_host()
            transaction.on_commit(lambda: account_invitation_send(user=obj, protocol=protocol, domain=domain))

    def response_add(self, request, obj, post_url_continue=None):
        if obj.has_usable_password():
            messages.success(request, f"已创建{obj.get_role_display()}账户“{obj.username}”，请将初始密码告知本人。")
        else:
            messages.success(request, f"已创建{obj.get_role_display()}账户“{obj.username}”，设置密码的链接已发送到 {obj.email}。")
        return super().response_add(request, obj, post_url_continue)


# Authenticators are enrolled by their owners (/accounts/two-factor/); the admin only lists them and
# removes a lost one (its owner then enrols again). It never shows a secret. django-otp names them in
# English only; the admin shows them in Chinese.
admin.site.unregister(TOTPDevice)
TOTPDevice._meta.verbose_name = TOTPDevice._meta.verbose_name_plural = "两步验证器"
for _name, _label in {"user": "用户", "name": "名称", "confirmed": "已确认", "created_at": "绑定时间", "last_used_at": "最近使用"}.items():
    TOTPDevice._meta.get_field(_name).verbose_name = _label
apps.get_app_config("otp_totp").verbose_name = "两步验证"


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
