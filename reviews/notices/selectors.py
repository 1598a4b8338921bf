"""Reads of notices: a user's own, and the accountants who cannot get notices by e-mail."""

from disclosures.selectors import departments_for_user
from portal.accounts.models import Role, User

from ..models import Notice


def notices_for_user(*, user):
    """The user's notices, newest first."""
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


def notice_for_user(*, user, pk):
    """The user's own notice `pk`, or None (someone else's is not found either)."""
    return Notice.objects.filter(user=user, pk=pk).first()


def notices_unread_count(*, user):
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def accountants_without_email(*, user):
    """The active accountants of the departments in the (reviewer) user's scope who have no
    e-mail address, so get notices only in the portal."""
    return (
        User.objects.filter(role=Role.ACCOUNTANT, is_active=True, email="", departments__in=departments_for_user(user=user))
        .distinct()
        .order_by("username")
    )
