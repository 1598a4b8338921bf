"""Login throttling: too many failed sign-ins for one username from one address are refused for a while."""

import hashlib

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.cache import cache

from .permissions import Audience

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
LOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试。"


def _key(kind, username, ip):
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login-{kind}:{digest}"


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def login_locked(*, username, ip):
    return bool(cache.get(_key("lock", username, ip)))


def login_failed(*, username, ip):
    """Count a failure; the fifth within the window locks the pair."""
    key = _key("fail", username, ip)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(_key("lock", username, ip), 1, timeout=LOCK_SECONDS)
        cache.delete(key)


def login_succeeded(*, username, ip):
    cache.delete(_key("fail", username, ip))


class ThrottledLoginView(auth_views.LoginView):
    """Who may see it: anyone. Sign-in, refused for 15 minutes after 5 failures (per username and address)."""

    audience = Audience.PUBLIC
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if login_locked(username=username, ip=client_ip(request)):
            # An unbound form: the password is not even checked while locked.
            messages.error(request, LOCKED_MESSAGE)
            form = self.get_form_class()(request, initial={"username": username})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failed(username=self.request.POST.get("username", ""), ip=client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        login_succeeded(username=form.get_user().get_username(), ip=client_ip(self.request))
        return super().form_valid(form)
