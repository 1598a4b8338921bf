"""Sitemaps of the public site: published reports (permanent and per-version addresses) only.

`/sitemap.xml` is a sitemap index (the sitemaps protocol, Django's index view) naming one
sitemap per section and page: `/sitemap-reports.xml?p=2` and so on, at most SITEMAP_LIMIT
addresses each. A page is found by counting and cutting primary keys alone (an index walk),
then its rows are read by their key range: two narrow queries, never a join over the whole
province. Its XML is written here rather than through Django's sitemap template, and each
address comes from a pattern reversed once (disclosures.addresses): at thousands of
addresses a page, the template and reverse() were most of the time.
"""

from xml.sax.saxutils import escape as xml_escape

from django.contrib.sitemaps import Sitemap, views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone

from portal.accounts.permissions import Audience, audience

from .addresses import report_addresses, version_addresses
from .models import PublicReport, ReportVersion, VersionState
from .public_cache import listings_tags
from .selectors import public_years
from .views.public import public_cached

# Addresses per sitemap. The protocol allows 50,000; a page of 1,000 is written in about the
# time the site's other pages take, and a crawler reads the index for the rest.
SITEMAP_LIMIT = 1000


class KeyPaginator(Paginator):
    """Pages of primary keys (in key order); each page holds the rows `rows(first, last)`
    reads for its first and last key."""

    def __init__(self, keys, per_page, *, rows):
        super().__init__(keys, per_page)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        keys = list(object_list)
        return super()._get_page(self.rows(keys[0], keys[-1]) if keys else [], number, paginator)


def _newest_publication():
    return ReportVersion.objects.filter(state=VersionState.PUBLISHED).aggregate(newest=Max("published_at"))["newest"]


class PublishedReportSitemap(Sitemap):
    """The permanent address of every report with a published version (the newest one's date)."""

    changefreq = "yearly"
    priority = 0.8
    limit = SITEMAP_LIMIT

    def items(self):
        return PublicReport.objects.order_by("pk").values_list("pk", flat=True)

    @property
    def paginator(self):
        return KeyPaginator(self.items(), self.limit, rows=self.rows)

    def rows(self, first, last):
        rows = PublicReport.objects.filter(report_id__gte=first, report_id__lte=last).order_by("report_id")
        return list(rows.values_list("department_code", "year", "published_at"))

    def location(self, item):
        if not hasattr(self, "_address"):
            self._address = report_addresses()
        return self._address(department_code=item[0], year=item[1])

    def lastmod(self, item):
        return item[2]

    def get_latest_lastmod(self):
        return _newest_publication()


class PublishedVersionSitemap(Sitemap):
    """Every published version at its own address, earlier ones included (they stay public)."""

    changefreq = "never"
    priority = 0.3
    limit = SITEMAP_LIMIT

    def items(self):
        return ReportVersion.objects.filter(state=VersionState.PUBLISHED).order_by("pk").values_list("pk", flat=True)

    @property
    def paginator(self):
        return KeyPaginator(self.items(), self.limit, rows=self.rows)

    def rows(self, first, last):
        rows = ReportVersion.objects.filter(state=VersionState.PUBLISHED, pk__range=(first, last)).order_by("pk")
        return list(rows.values_list("report__department__code", "report__year", "number", "published_at"))

    def location(self, item):
        if not hasattr(self, "_address"):
            self._address = version_addresses()
        return self._address(department_code=item[0], year=item[1], number=item[2])

    def lastmod(self, item):
        return item[3]

    def get_latest_lastmod(self):
        return _newest_publication()


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


@public_cached(listings_tags)
@audience(Audience.PUBLIC)
def sitemap_index(request):
    """Who may see it: everyone. The sitemap index: one line per section and page."""
    return views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@public_cached(listings_tags)
@audience(Audience.PUBLIC)
def sitemap_section(request, section):
    """Who may see it: everyone. One page (?p=) of one section's addresses."""
    if section not in SITEMAPS:
        raise Http404("没有这个网站地图")
    site = SITEMAPS[section]()
    try:
        items = site.paginator.page(request.GET.get("p", 1)).object_list
    except (EmptyPage, PageNotAnInteger):
        raise Http404("没有这一页") from None
    base = f"{request.scheme}://{get_current_site(request).domain}"
    here = timezone.get_current_timezone()
    tail = f"<changefreq>{site.changefreq}</changefreq><priority>{site.priority}</priority></url>"
    lastmod = getattr(site, "lastmod", None)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for item in items:
        stamp = lastmod(item) if lastmod else None
        stamp = f"<lastmod>{stamp.astimezone(here).date().isoformat()}</lastmod>" if stamp else ""
        lines.append(f"<url><loc>{xml_escape(base + site.location(item))}</loc>{stamp}{tail}")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
