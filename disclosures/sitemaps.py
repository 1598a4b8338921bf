"""Sitemaps of the public site: published reports (permanent and per-version addresses) only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import ReportVersion, VersionState
from .selectors import public_years, published_versions


class PublishedReportSitemap(Sitemap):
    """The permanent address of every report with a published version (the newest one's date)."""

    changefreq = "yearly"
    priority = 0.8
    limit = 5000

    def items(self):
        return published_versions().order_by("report__year", "report__department__code")

    def location(self, version):
        return version.report.get_absolute_url()

    def lastmod(self, version):
        return version.published_at


class PublishedVersionSitemap(Sitemap):
    """Every published version at its own address, earlier ones included (they stay public)."""

    changefreq = "never"
    priority = 0.3
    limit = 5000

    def items(self):
        return (
            ReportVersion.objects.filter(state=VersionState.PUBLISHED)
            .select_related("report__department")
            .order_by("report__year", "report__department__code", "number")
        )

    def lastmod(self, version):
        return version.published_at


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["public:home", "public:years", "public:regions"] + [("public:year", year) for year, _ in public_years()]

    def location(self, item):
        if isinstance(item, tuple):
            return reverse(item[0], kwargs={"year": item[1]})
        return reverse(item)


SITEMAPS = {"pages": PublicPagesSitemap, "reports": PublishedReportSitemap, "versions": PublishedVersionSitemap}
