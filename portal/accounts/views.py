import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView
from django_otp import login as otp_login

from .forms import CodeForm, SignInForm
from .permissions import Audience, audience
from .signin import signin_complete, signin_pending, signin_pending_drop, signin_pending_start
from .throttle import LOCKED_MESSAGE, client_ip, signin_failed, signin_locked
from .two_factor import (
    two_factor_device,
    two_factor_enrol,
    two_factor_new_key,
    two_factor_setup,
    two_factor_verify,
)

WRONG_CODE = "验证码不正确或已过期，请重试。"


@login_required
@audience(Audience.SIGNED_IN)
def home(request):
    """Who may see it: any signed-in user; sends each role to its own area."""
    user = request.user
    if user.is_portal_admin:
        return redirect("admin:index")
    if user.is_reviewer:
        return redirect("review:index")
    if user.is_accountant:
        return redirect("workspace:index")
    return redirect("public:home")


class SignInView(auth_views.LoginView):
    """Who may see it: anyone. Username and password, behind the shared sign-in lock; a user with
    an authenticator is then asked for its code (SignInCodeView) before the session is signed in.
    The admin's sign-in (/admin/login/) is this view too (portal/accounts/admin.py)."""

    audience = Audience.PUBLIC
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_device(user=user) is not None:
            signin_pending_start(request=self.request, user=user, redirect_to=self.get_success_url())
            return redirect("accounts:signin_code")
        signin_complete(request=self.request, user=user, backend=user.backend)
        return redirect(self.get_success_url())


@method_decorator(never_cache, name="dispatch")
class SignInCodeView(FormView):
    """Who may see it: anyone; only a caller whose password was just accepted gets the form. The
    second step of signing in: the 6-digit code of the user's authenticator. A wrong code counts
    as a failed sign-in on the same lock as a wrong password."""

    audience = Audience.PUBLIC
    form_class = CodeForm
    template_name = "registration/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        self.pending = signin_pending(request=request)
        if self.pending is None:
            return render(request, self.template_name, {"expired": True})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user, backend, redirect_to = self.pending
        ip = client_ip(self.request)
        if not signin_locked(username=user.get_username(), ip=ip):
            device = two_factor_verify(user=user, token=form.cleaned_data["code"])
            if device is not None:
                signin_complete(request=self.request, user=user, backend=backend, device=device)
                return redirect(redirect_to)
            signin_failed(username=user.get_username(), ip=ip)
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username(), "otp_token": "********"}, request=self.request
            )
            if not signin_locked(username=user.get_username(), ip=ip):
                form.add_error("code", WRONG_CODE)
                return self.form_invalid(form)
        signin_pending_drop(request=self.request)
        messages.error(self.request, LOCKED_MESSAGE)
        return redirect("login")


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


class TwoFactorView(LoginRequiredMixin, View):
    """Who may see it: any signed-in user, for their own account. Enrols an authenticator app
    (TOTP): shows its QR code and secret, and stores it once its first code is entered; after
    that, signing in asks for a code. With an authenticator already enrolled, a session not yet
    verified by a code (the admin asks for one) enters a code here."""

    audience = Audience.SIGNED_IN
    template_name = "registration/two_factor.html"
    SESSION_KEY = "two_factor_key"

    def context(self, form):
        user = self.request.user
        context = {"form": form, "next": _safe_next(self.request), "device": two_factor_device(user=user)}
        if context["device"] is None:
            key = self.request.session.get(self.SESSION_KEY)
            if not key:
                key = self.request.session[self.SESSION_KEY] = two_factor_new_key()
            setup = two_factor_setup(user=user, key=key)
            context.update(setup, qr=segno.make(setup["uri"], error="m").svg_data_uri(scale=4))
        else:
            context["verified"] = user.is_verified()
        return context

    def get(self, request):
        return render(request, self.template_name, self.context(CodeForm()))

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            user, code = request.user, form.cleaned_data["code"]
            key = request.session.get(self.SESSION_KEY)
            if two_factor_device(user=user) is not None:
                device = two_factor_verify(user=user, token=code)
                done = "本次登录已通过两步验证。"
            else:
                device = two_factor_enrol(user=user, key=key, token=code) if key else None
                done = "已启用两步验证：以后登录时，输入密码后还需输入验证器上的6位验证码。"
            if device is not None:
                otp_login(request, device)
                request.session.pop(self.SESSION_KEY, None)
                messages.success(request, done)
                return redirect(_safe_next(request) or reverse("accounts:two_factor"))
            form.add_error("code", WRONG_CODE)
        return render(request, self.template_name, self.context(form))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Who may see it: any signed-in user, for their own password."""

    audience = Audience.SIGNED_IN
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Who may see it: any signed-in user."""

    audience = Audience.SIGNED_IN


class PasswordResetView(auth_views.PasswordResetView):
    """Who may see it: anyone. Sends a reset link to the address of an active account, and answers
    the same whether or not an account has that address."""

    audience = Audience.PUBLIC
    success_url = reverse_lazy("accounts:password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """Who may see it: anyone."""

    audience = Audience.PUBLIC


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Who may see it: anyone holding a valid link from the reset e-mail (others see 'invalid link')."""

    audience = Audience.PUBLIC
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """Who may see it: anyone."""

    audience = Audience.PUBLIC
