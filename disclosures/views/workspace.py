"""The accountant's area under /workspace/ (the report page, which shows the workflow, is
reviews.views_workspace).

Who may see it: department accountants, and only their own departments' reports;
other roles get 403, other departments' reports 404.
"""

from django.views.generic import TemplateView

from portal.accounts.permissions import AccountantRequiredMixin

from ..selectors import reports_for_user, version_latest
from ..tables_display import WorkspaceReportTable


class WorkspaceIndexView(AccountantRequiredMixin, TemplateView):
    template_name = "workspace/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = list(reports_for_user(user=self.request.user).prefetch_related("versions"))
        context["rows"] = [(report, version_latest(report=report)) for report in reports]
        context["table"] = WorkspaceReportTable([{"report": r, "version": v} for r, v in context["rows"]])
        context["departments"] = self.request.user.departments.all()
        return context
