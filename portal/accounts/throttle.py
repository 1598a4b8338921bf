"""Sign-in lock, shared by every way in (the portal's sign-in, the admin's, the two-factor step).

The authentication backend (backends.py) consults it before checking any password, so whatever
calls `authenticate()` is throttled. Failures are counted in the database (SignInCounter), so all
processes and machines see the same counts. Three counters:

- the name typed, NFKC-normalised and case-folded (``ｒeviewer2``, ``Reviewer2`` and ``reviewer2``
  are one name), from one address;
- the account the name resolves to, from one address;
- the address alone, whatever the names, with a higher limit (one address trying many names).
"""

import hashlib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import SignInCounter

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
LOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试。"


def address_max_failures():
    return getattr(settings, "SIGNIN_ADDRESS_MAX_FAILURES", 30)


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def normalised_name(username):
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _account_pk(username):
    """The account the sign-in form would resolve the name to (its field applies NFKC)."""
    model = get_user_model()
    name = unicodedata.normalize("NFKC", username or "")
    return model._default_manager.filter(**{model.USERNAME_FIELD: name}).values_list("pk", flat=True).first()


def _digest(text):
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _counters(*, username, ip, account_pk=None):
    """(key digest, limit) of every counter a sign-in attempt touches."""
    counters = [(_digest(f"name|{normalised_name(username)}|{ip}"), MAX_FAILURES)]
    account_pk = account_pk if account_pk is not None else _account_pk(username)
    if account_pk is not None:
        counters.append((_digest(f"account|{account_pk}|{ip}"), MAX_FAILURES))
    if ip:
        counters.append((_digest(f"address|{ip}"), address_max_failures()))
    return counters


def signin_locked(*, username, ip):
    """Whether an attempt for this name from this address is refused now."""
    keys = [key for key, _ in _counters(username=username, ip=ip)]
    return SignInCounter.objects.filter(key__in=keys, locked_until__gt=timezone.now()).exists()


def signin_failed(*, username, ip):
    """Count a failure on each counter; a counter reaching its limit within the window locks."""
    now = timezone.now()
    with transaction.atomic():
        SignInCounter.objects.filter(expires_at__lte=now).delete()
        for key, limit in _counters(username=username, ip=ip):
            counter, _ = SignInCounter.objects.select_for_update().get_or_create(
                key=key, defaults={"window_ends": now + timedelta(seconds=WINDOW_SECONDS), "expires_at": now}
            )
            if counter.window_ends <= now:
                counter.failures = 0
                counter.window_ends = now + timedelta(seconds=WINDOW_SECONDS)
            counter.failures += 1
            if counter.failures >= limit:
                counter.locked_until = now + timedelta(seconds=LOCK_SECONDS)
                counter.failures = 0
            counter.expires_at = max(counter.window_ends, counter.locked_until or counter.window_ends)
            counter.save()


def signin_succeeded(*, user, ip):
    """A completed sign-in clears the name's and the account's failures from that address (not the
    address's own counter: one right password among many guessed names must not reset it)."""
    keys = [key for key, limit in _counters(username=user.get_username(), ip=ip, account_pk=user.pk)]
    address_key = _digest(f"address|{ip}")
    SignInCounter.objects.filter(key__in=[key for key in keys if key != address_key]).delete()
