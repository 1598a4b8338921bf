"""Writes that happen outside the portal's services, audited where Django reports them:
sign-ins and failed sign-ins (django.contrib.auth signals) and every change made in the admin
(its LogEntry rows; the admin's bulk delete action is audited in admin_actions.py)."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.accounts.throttle import client_ip

from .services import audit_record

ADMIN_FLAGS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


def printable(text, *, limit=150):
    """A name typed by anyone, made safe to store: control characters (NUL included, which
    PostgreSQL's JSON refuses) written as escapes, and at most `limit` characters."""
    text = str(text or "")[:limit]
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


def _address(request):
    return client_ip(request) if request is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(action="login", actor=user, payload={"username": printable(user.get_username()), "address": _address(request)})


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    # Only the name tried: Django masks the password in `credentials`, and it is never stored.
    username = credentials.get(get_user_model().USERNAME_FIELD, credentials.get("username", ""))
    audit_record(action="login_failed", payload={"username": printable(username), "address": _address(request)})


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log_entry")
def audit_admin_change(sender, instance, created, **kwargs):
    if not created:
        return
    admin_change_record(entry=instance)


def admin_change_record(*, entry):
    content_type = entry.content_type
    audit_record(
        action="admin",
        actor=entry.user,
        payload={
            "operation": ADMIN_FLAGS.get(entry.action_flag, str(entry.action_flag)),
            "model": f"{content_type.app_label}.{content_type.model}" if content_type else "",
            "object_id": str(entry.object_id or ""),
            "object": entry.object_repr,
            "message": str(entry.get_change_message()),
        },
    )
