"""Role checks for views. A wrong role gets 403; an object outside a user's scope gets 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    role_check = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not getattr(request.user, self.role_check):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)


class AccountantRequiredMixin(RoleRequiredMixin):
    """Who may see it: department accountants."""

    role_check = "is_accountant"


class ReviewerRequiredMixin(RoleRequiredMixin):
    """Who may see it: finance bureau reviewers."""

    role_check = "is_reviewer"
