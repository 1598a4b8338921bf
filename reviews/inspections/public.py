"""The public check of one published PDF (检查一份决算公开文件): its rate limit and kept results.

Anyone may check a PDF; reading one costs a second or two of a web process, so each client
address may start PUBLIC_CHECK_PER_HOUR checks an hour. The count is kept in the database
(CheckQuota), as the sign-in lock keeps its counts (portal/accounts/throttle.py), so every web
process and machine shares it. An IPv6 client is counted by its /64 network, which one client
usually holds whole. Nothing of a check is stored unless its visitor asks to keep the result:
the page carries the result signed by the server (for an hour), and keeping it stores the
result, never the PDF, under a random token that makes its address, for PUBLIC_CHECK_KEEP_DAYS
days: an older one is no longer shown, and kept_checks_purge (beat, daily; or
`manage.py purge_kept_checks`) deletes it.
"""

import hashlib
import ipaddress
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from ..models import CheckQuota, KeptCheck
from ..published import review_published
from .checking import clean

WINDOW = timedelta(hours=1)
SIGNING_SALT = "reviews.public-check"
KEEP_SECONDS = 3600  # a result shown may be kept within this time


def client_key(address):
    """The digest a client address is counted under (an IPv6 address by its /64 network)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        text = address or "unknown"
    else:
        text = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return hashlib.sha256(f"public-check|{text}".encode()).hexdigest()


def check_allowed(*, address, now=None):
    """Count one check for the client address; False (nothing counted) when its hour's checks are used up."""
    now = now or timezone.now()
    limit = settings.PUBLIC_CHECK_PER_HOUR
    with transaction.atomic():
        CheckQuota.objects.filter(window_ends__lte=now).delete()
        quota, _ = CheckQuota.objects.select_for_update().get_or_create(
            key=client_key(address), defaults={"window_ends": now + WINDOW}
        )
        if quota.used >= limit:
            return False
        quota.used += 1
        quota.save(update_fields=["used"])
    return True


def minutes_until_allowed(*, address, now=None):
    now = now or timezone.now()
    quota = CheckQuota.objects.filter(key=client_key(address)).first()
    if quota is None:
        return 0
    return max(1, int((quota.window_ends - now).total_seconds() // 60) + 1)


def public_check(*, data, name):
    """The review_pdf result of one PDF, read within the public page's limits; PdfError when it
    cannot be read. The region's layout is chosen by the department the document names."""
    result = review_published(
        data=data,
        name=name,
        max_pages=settings.PUBLIC_CHECK_MAX_PAGES,
        deadline=time.monotonic() + settings.PUBLIC_CHECK_READ_SECONDS,
    )
    return clean(result)


def result_signed(result):
    """The result as the page carries it to be kept: signed, so a visitor cannot keep a forged one."""
    return signing.dumps(result, salt=SIGNING_SALT, compress=True)


def result_unsigned(value):
    """The result a page carried, if signed here within the hour; signing.BadSignature otherwise."""
    return signing.loads(value, salt=SIGNING_SALT, max_age=KEEP_SECONDS)


def kept_check_save(*, signed):
    """Keep the result a page carried (`signed`, see result_signed) under a new random token, or
    find it kept already (the same result is kept once); returns the KeptCheck.
    signing.BadSignature (or SignatureExpired) for anything not signed here within the hour."""
    result = result_unsigned(signed)
    digest = hashlib.sha256(signed.encode()).hexdigest()
    kept, _ = KeptCheck.objects.get_or_create(
        digest=digest,
        defaults={"token": secrets.token_urlsafe(16), "name": str(result.get("file", ""))[:160], "result": result},
    )
    return kept


def kept_until(kept):
    """The moment a kept result expires."""
    return kept.created_at + timedelta(days=settings.PUBLIC_CHECK_KEEP_DAYS)


def _expired_before(now=None):
    return (now or timezone.now()) - timedelta(days=settings.PUBLIC_CHECK_KEEP_DAYS)


def kept_check(*, token, now=None):
    """The kept result of a token, unless it has expired (None)."""
    return KeptCheck.objects.filter(token=token, created_at__gt=_expired_before(now)).first()


def kept_checks_purge(*, now=None):
    """Delete the kept results older than PUBLIC_CHECK_KEEP_DAYS; returns how many."""
    deleted, _ = KeptCheck.objects.filter(created_at__lte=_expired_before(now)).delete()
    return deleted
