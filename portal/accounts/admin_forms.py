"""The user forms of the admin, in Chinese: role and scope on the same page as the account."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import UserChangeForm

from portal.textpolicy import TextPolicyFormMixin

from .models import Role, User


def role_scope_problems(*, role, region, departments):
    """{field: message} when a role's scope is missing or does not fit it."""
    problems = {}
    if role == Role.ACCOUNTANT:
        if not departments:
            problems["departments"] = "部门会计须至少指定一个负责填报的部门"
        if region is not None:
            problems["region"] = "部门会计按部门填报，不设所辖区域"
    elif role == Role.REVIEWER and region is None and not departments:
        problems["region"] = "财政局审核人须指定所辖区域或负责的部门"
    elif not role:
        problems["role"] = "请选择角色"
    return problems


EMPTY_CHOICE = "——请选择——"


class _RoleScopeMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"].empty_label = EMPTY_CHOICE  # Django's own is not translated
            self.fields["region"].help_text = "财政局审核人：所辖区域（含下级区域）的全部单位。"

    def clean(self):
        cleaned = super().clean()
        problems = role_scope_problems(
            role=cleaned.get("role"), region=cleaned.get("region"), departments=cleaned.get("departments")
        )
        for name, message in problems.items():
            if name in self.fields:
                self.add_error(name, message)
        return cleaned


class UserCreateForm(_RoleScopeMixin, TextPolicyFormMixin, forms.ModelForm):
    """One page: the account, its role with its departments or region, its e-mail, and a password
    or (left empty) an e-mailed link to set one."""

    password1 = forms.CharField(
        label="初始密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="留空则向电子邮箱发送设置密码的链接（推荐）。",
    )
    password2 = forms.CharField(
        label="再次输入初始密码",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("username", "display_name", "email", "role", "region", "departments")
        labels = {"email": "电子邮箱"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["display_name"].required = True
        self.fields["role"].required = True
        self.fields["role"].choices = [("", EMPTY_CHOICE), *Role.choices]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("已有使用这个电子邮箱的账户")
        return email

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if (first or second) and first != second:
            raise forms.ValidationError("两次输入的密码不一致")
        return second

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password2")
        if password:
            try:
                password_validation.validate_password(password, self.instance)
            except forms.ValidationError as error:
                self.add_error("password2", error)

    @property
    def invite(self):
        """True when no password was given: the user sets one through the e-mailed link."""
        return not self.cleaned_data.get("password1")

    def save(self, commit=True):
        user = super().save(commit=False)
        if self.invite:
            user.set_unusable_password()
        else:
            user.set_password(self.cleaned_data["password1"])
        user.is_staff = user.role == Role.ADMIN
        if commit:
            user.save()
            self.save_m2m()
        return user


class UserEditForm(_RoleScopeMixin, TextPolicyFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
        labels = {"email": "电子邮箱"}
