"""The reviewer's area under /review/.

Who may see it: finance bureau reviewers, and only reports of their region
(and departments assigned to them); other roles get 403, other reports 404.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from disclosures.selectors import reports_for_user, version_latest
from disclosures.content import version_context
from portal.accounts.permissions import ReviewerRequiredMixin

from .models import CommonReason
from .views_checks import checks_context


# The index of /review/ is the reviewer's dashboard (views_dashboard.DashboardView).
from .views_dashboard import DashboardView as ReviewIndexView  # noqa: E402, F401


class ReviewReportView(ReviewerRequiredMixin, TemplateView):
    template_name = "review/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(reports_for_user(user=self.request.user), pk=self.kwargs["pk"])
        context.update(version_context(version_latest(report=report), hide_zero_rows=False))
        context.update(checks_context(context["version"]), review_form=True, report_url="")
        context["common_reasons"] = CommonReason.objects.filter(active=True)
        return context
