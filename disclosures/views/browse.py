"""Browsing published reports by year, by region and through the department tree.

Who may see these pages: everyone. They list only published reports; a year, region or
department without any is 404.
"""

from html import escape
from itertools import groupby

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from portal.accounts.permissions import Audience

from ..addresses import department_addresses, report_addresses
from ..paging import KeysFirstPaginator
from ..selectors import (
    LISTING_RELATED,
    listing_versions,
    public_department,
    public_department_parent,
    public_department_tree,
    public_department_units,
    public_department_versions,
    public_listing,
    public_region_node,
    public_regions,
    public_tree_roots,
    public_years,
)
from ..public_cache import department_tags, listings_tags, region_tags, year_tags
from .public import public_cached


def year_from_query(request):
    """?year= as an int, or None when absent or not a year."""
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


@method_decorator(public_cached(listings_tags), name="dispatch")
class YearsView(TemplateView):
    """Who may see it: everyone. The years that have published reports."""

    audience = Audience.PUBLIC
    template_name = "public/years.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = public_years()
        return context


@method_decorator(public_cached(year_tags), name="dispatch")
class YearView(TemplateView):
    """Who may see it: everyone. A year's published reports, by region; 404 when there are none."""

    audience = Audience.PUBLIC
    template_name = "public/year.html"
    paginate_by = 200  # reports a page; a province publishes tens of thousands a year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        count = dict(public_years()).get(year, 0)
        if count == 0:
            raise Http404("该年度没有已公开的报告")
        rows = public_listing(year=year).order_by("region__code", "department_code").prefetch_related(*LISTING_RELATED)
        page = KeysFirstPaginator(rows, self.paginate_by, count=count).get_page(self.request.GET.get("page"))
        report_url = report_addresses()
        context["year"] = year
        context["page"] = page
        context["groups"] = [
            (region, [(version, report_url(department_code=version.report.department.code, year=year)) for version in items])
            for region, items in groupby(listing_versions(page.object_list), key=lambda v: v.report.department.region)
        ]
        context["count"] = count
        return context


@method_decorator(public_cached(listings_tags), name="dispatch")
class RegionsView(TemplateView):
    """Who may see it: everyone. The regions that have published reports, as a tree."""

    audience = Audience.PUBLIC
    template_name = "public/regions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["regions"] = public_regions()
        return context


@method_decorator(public_cached(region_tags), name="dispatch")
class RegionView(TemplateView):
    """Who may see it: everyone. A region's departments (主管部门 → 下属单位) with their
    published reports, optionally of one year; 404 when the region has none."""

    audience = Audience.PUBLIC
    template_name = "public/region.html"
    paginate_by = 50  # 主管部门 (each with its units) a page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        node = public_region_node(code=self.kwargs["code"])
        if node is None:
            raise Http404("该区域没有已公开的报告")
        region = node["region"]
        year = year_from_query(self.request)
        context["region"] = region
        context["years"] = sorted(node["years"], reverse=True)
        context["year"] = year if year in context["years"] else None
        context["page"] = ForwardPage(
            public_tree_roots(region_ids=node["ids"], year=context["year"]), self.request.GET.get("page"), self.paginate_by
        )
        context["count"] = node["years"][context["year"]] if context["year"] else node["count"]
        context["tree"] = tree_with_addresses(
            public_department_tree(region_ids=node["ids"], year=context["year"], roots=context["page"].object_list)
        )
        context["children"] = node["children"]
        return context


class ForwardPage:
    """A page of a queryset that knows whether another follows without counting them all
    (counting a province's distinct 主管部门 costs more than showing fifty of them). A page
    number that is not a number, or past the end, gives the first page."""

    def __init__(self, queryset, raw_number, per_page):
        number = int(raw_number) if str(raw_number or "").isdigit() and int(raw_number) > 0 else 1
        start = (number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        if not rows and number > 1:
            number, rows = 1, list(queryset[: per_page + 1])
        self.number = number
        self.object_list = rows[:per_page]
        self.has_next = len(rows) > per_page
        self.has_previous = number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number = number + 1
        self.previous_page_number = number - 1


def tree_with_addresses(tree):
    """The department tree with each department's line (`line`: its link and its years'
    report links) written as HTML here: a province's page shows a thousand of them, and the
    template's loop over each department's years was most of the page's time."""
    department_url, report_url = department_addresses(), report_addresses()

    def walk(nodes):
        for node in nodes:
            code, name = node["department"]["code"], node["department"]["name"]
            years = "、".join(
                f'<a href="{escape(report_url(department_code=code, year=year))}">{year}年度</a>' for year in node["years"]
            )
            node["line"] = mark_safe(
                f'<a href="{escape(department_url(code=code))}">{escape(name)}</a>'
                + (f'<span class="years">：{years}</span>' if years else "")
            )
            walk(node["units"])

    walk(tree)
    return tree


@method_decorator(public_cached(department_tags), name="dispatch")
class DepartmentView(TemplateView):
    """Who may see it: everyone. A department's published reports by year and its units with
    published reports; 404 when neither it nor its units have any."""

    audience = Audience.PUBLIC
    template_name = "public/department.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = public_department(code=self.kwargs["code"])
        if department is None:
            raise Http404("该部门没有已公开的报告")
        context["department"] = department
        context["versions"] = public_department_versions(department=department)
        context["units"] = public_department_units(department=department)
        context["parent"] = public_department_parent(department=department)
        return context
