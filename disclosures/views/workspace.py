"""The accountant's area under /workspace/.

Who may see it: department accountants, and only their own departments' reports;
other roles get 403, other departments' reports 404.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from portal.accounts.permissions import AccountantRequiredMixin

from ..selectors import reports_for_user, version_latest
from ..tables_display import NineTablesTable, WorkspaceReportTable
from .content import version_context


class WorkspaceIndexView(AccountantRequiredMixin, TemplateView):
    template_name = "workspace/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = list(reports_for_user(user=self.request.user).prefetch_related("versions"))
        context["rows"] = [(report, version_latest(report=report)) for report in reports]
        context["table"] = WorkspaceReportTable([{"report": r, "version": v} for r, v in context["rows"]])
        context["departments"] = self.request.user.departments.all()
        return context


class WorkspaceReportView(AccountantRequiredMixin, TemplateView):
    template_name = "workspace/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(reports_for_user(user=self.request.user), pk=self.kwargs["pk"])
        context.update(version_context(version_latest(report=report), hide_zero_rows=False))
        version = context["version"]
        context["tables_table"] = NineTablesTable.for_version(version)
        if version.is_editable:
            from reviews.selectors import last_return, version_submission_blockers

            context["blockers"] = version_submission_blockers(version=version).messages
            context["last_return"] = last_return(version=version)
        return context
