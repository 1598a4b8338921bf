from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .throttle import LOCKED_MESSAGE, client_ip, signin_locked


class SignInForm(AuthenticationForm):
    """Username and password. The lock itself is in the authentication backend; the form only
    tells a locked caller so, instead of 'wrong password'."""

    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED_MESSAGE}
    locked = False

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and self.cleaned_data.get("password"):
            self.locked = signin_locked(username=username, ip=client_ip(self.request))
        try:
            return super().clean()
        except ValidationError:
            if self.locked:
                raise ValidationError(self.error_messages["locked"], code="locked") from None
            raise


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="验证码",
        regex=r"^\s*\d{6}\s*$",
        max_length=16,
        error_messages={"invalid": "请输入验证器上显示的6位数字。", "required": "请输入验证器上显示的6位数字。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()
