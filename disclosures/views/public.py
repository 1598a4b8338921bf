"""Public pages. Who may see them: everyone; only published versions are ever shown."""

from django.http import Http404
from django.views.generic import TemplateView

from ..selectors import published_version, published_versions
from .content import version_context


class HomeView(TemplateView):
    """Who may see it: everyone. The newest published reports."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = published_versions()[:50]
        return context


class ReportView(TemplateView):
    """Who may see it: everyone, for a published version; anything else is 404."""

    template_name = "public/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = published_version(
            department_code=self.kwargs["department_code"],
            year=self.kwargs["year"],
            number=self.kwargs.get("number"),
        )
        if version is None:
            raise Http404("没有已公开的报告")
        context.update(version_context(version))
        context["other_versions"] = (
            version.report.versions.filter(state="published").exclude(pk=version.pk).order_by("-number")
        )
        return context
