"""Role checks for views. A wrong role gets 403; an object outside a user's scope gets 404.

Every routed view states who may see it in `audience`: the role mixins below set it, other
views set it as a class attribute or with @audience(...). The access matrix
(tests/portal/test_access_matrix.py) reads it for every URL pattern.
"""

from enum import StrEnum

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class Audience(StrEnum):
    PUBLIC = "public"  # everyone, signed in or not; only published versions are ever shown
    SIGNED_IN = "signed_in"  # any signed-in user, whatever the role
    ACCOUNTANT = "accountant"  # accountants, for their own departments' objects only
    REVIEWER = "reviewer"  # reviewers, for the departments of their region (and assigned ones) only
    IN_SCOPE = "in_scope"  # accountants, reviewers and administrators whose scope holds the object
    OWNER = "owner"  # any signed-in user, for their own objects only (a notice): others' are not found


def audience(who):
    """Who may see a function view: @audience(Audience.PUBLIC)."""

    def mark(view):
        view.audience = who
        return view

    return mark


class RoleRequiredMixin(LoginRequiredMixin):
    role_check = None
    audience = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not getattr(request.user, self.role_check):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)


class AccountantRequiredMixin(RoleRequiredMixin):
    """Who may see it: department accountants."""

    role_check = "is_accountant"
    audience = Audience.ACCOUNTANT


class ReviewerRequiredMixin(RoleRequiredMixin):
    """Who may see it: finance bureau reviewers."""

    role_check = "is_reviewer"
    audience = Audience.REVIEWER
