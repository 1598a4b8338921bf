"""The steps of a sign-in: the password (SignInForm), then, for a user with an authenticator,
the code; only then is the session signed in."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django_otp import login as otp_login

from .throttle import client_ip, signin_succeeded

PENDING_KEY = "signin_pending"
PENDING_SECONDS = 5 * 60


def signin_complete(*, request, user, backend, device=None):
    """Sign the session in (and mark it verified by the device); clear the failures."""
    auth_login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    request.session.pop(PENDING_KEY, None)
    signin_succeeded(user=user, ip=client_ip(request))


def signin_pending_start(*, request, user, redirect_to):
    """The password was right; the code is still to come. Nothing is signed in yet."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": redirect_to,
        "until": time.time() + PENDING_SECONDS,
    }


def signin_pending(*, request):
    """(user, backend, next) of a sign-in waiting for its code, or None (none, or too old)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("until", 0) < time.time():
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None
    return user, pending["backend"], pending["next"]


def signin_pending_drop(*, request):
    request.session.pop(PENDING_KEY, None)
