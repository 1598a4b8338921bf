"""Comparisons of published figures: one department over the years, and a region's departments
side by side for a year (sortable on the server, downloadable as CSV and xlsx).

Who may see these pages: everyone. Only newest published versions are read; a department or
region without published reports is 404.
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape as html_escape

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from portal.accounts.permissions import Audience, audience

from ..addresses import report_addresses
from ..artifacts.services import comparison_download
from ..comparison import ONE_PLACE, REGION_COLUMNS
from ..paging import KeysFirstPaginator

from ..selectors import (
    MAIN_FIGURE_LABELS,
    MAIN_FIGURES,
    department_trend,
    listing_figures,
    public_department,
    public_region_node,
    region_comparison,
)
from ..tables.grid import format_wan
from ..tables.values import yuan_to_wan
from ..public_cache import department_tags, region_tags
from .public import public_cached, validated

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGION_SORT_KEYS = {key for key, _ in REGION_COLUMNS}
DEFAULT_SORT = "name"
REGION_PAGE_SIZE = 100  # departments a page; the downloads hold them all


def format_share(value):
    return "" if value is None else f"{value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)}%"


# ---- one department over the years -------------------------------------------------------------

CHART_SERIES = (("income", "#2f6690"), ("expenditure", "#d1495b"))


def _coordinate(value):
    return f"{Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)}"


def trend_chart_svg(rows):
    """A grouped bar chart of 本年收入合计 and 本年支出合计 by year, as inline SVG (万元).

    Drawn on the server with presentation attributes only (no script, no inline style); the
    table on the same page carries the figures for screen readers.
    """
    width, height, left, bottom, top = 640, 320, 90, 44, 40
    plot_height = height - bottom - top
    values = [yuan_to_wan(row["figures"][key]) for row in rows for key, _ in CHART_SERIES]
    peak = max([v for v in values if v > 0] or [Decimal(1)])
    slot = Decimal(width - left - 10) / max(len(rows), 1)
    bar = min(slot / 3, Decimal(60))
    labels = "、".join(MAIN_FIGURE_LABELS[key] for key, _ in CHART_SERIES)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="trend-title" class="trend-chart">',
        f'<title id="trend-title">{escape(labels)}（万元）逐年比较，数据见下表</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#52606d"/>',
        f'<text x="{left - 8}" y="{top}" text-anchor="end" font-size="16" fill="#52606d">{peak:,.2f}</text>',
        f'<text x="{left - 8}" y="{height - bottom}" text-anchor="end" font-size="16" fill="#52606d">0</text>',
    ]
    for i, row in enumerate(rows):
        x0 = left + slot * i + (slot - bar * len(CHART_SERIES)) / 2
        for j, (key, colour) in enumerate(CHART_SERIES):
            value = yuan_to_wan(row["figures"][key])
            h = max(Decimal(0), value) * plot_height / peak
            x = x0 + bar * j
            parts.append(
                f'<rect x="{_coordinate(x)}" y="{_coordinate(height - bottom - h)}" width="{_coordinate(bar - 2)}" '
                f'height="{_coordinate(h)}" fill="{colour}"><title>{row["year"]}年 {escape(MAIN_FIGURE_LABELS[key])} '
                f"{value:,.2f}万元</title></rect>"
            )
        parts.append(
            f'<text x="{_coordinate(left + slot * i + slot / 2)}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="17" fill="#1f2933">{row["year"]}</text>'
        )
    for j, (key, colour) in enumerate(CHART_SERIES):
        x = left + 10 + j * 190
        parts.append(f'<rect x="{x}" y="6" width="16" height="16" fill="{colour}"/>')
        parts.append(f'<text x="{x + 22}" y="20" font-size="17" fill="#1f2933">{escape(MAIN_FIGURE_LABELS[key])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


@method_decorator(public_cached(department_tags), name="dispatch")
class DepartmentTrendView(TemplateView):
    """Who may see it: everyone. One department's main figures over the years (table and chart)."""

    audience = Audience.PUBLIC
    template_name = "public/compare_department.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        department = public_department(code=self.kwargs["code"])
        rows = department_trend(department=department) if department else []
        if not rows:
            raise Http404("该部门没有已公开的报告")
        context["department"] = department
        context["columns"] = [(key, label) for key, label, *_ in MAIN_FIGURES]
        context["rows"] = [
            {**row, "cells": [format_wan(row["figures"][key], blank_zero=False) for key, *_ in MAIN_FIGURES]}
            for row in rows
        ]
        context["chart"] = trend_chart_svg(rows)
        return context


# ---- a region's departments side by side -------------------------------------------------------


def parse_sort(raw):
    """(key, descending) from ?sort=key or ?sort=-key; the default for anything unknown."""
    raw = raw or DEFAULT_SORT
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in REGION_SORT_KEYS:
        return DEFAULT_SORT, False
    return key, descending


def region_rows(*, code, year, sort=DEFAULT_SORT, descending=False):
    """The region, its comparison rows (a queryset of PublicReport, sorted) and how many;
    404 without any."""
    node = public_region_node(code=code)
    if node is None or not node["years"].get(year):
        raise Http404("该区域该年度没有已公开的报告")
    rows = region_comparison(region_ids=node["ids"], year=year, sort=sort, descending=descending)
    return node["region"], rows.prefetch_related("department"), node["years"][year]


@method_decorator(public_cached(region_tags), name="dispatch")
class RegionComparisonView(TemplateView):
    """Who may see it: everyone. A region's departments for a year: totals, 三公 and the
    basic/project split side by side, sorted on the server by ?sort=."""

    audience = Audience.PUBLIC
    template_name = "public/compare_region.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        key, descending = parse_sort(self.request.GET.get("sort"))
        region, rows, count = region_rows(code=self.kwargs["code"], year=year, sort=key, descending=descending)
        base = reverse("public:compare_region", kwargs={"code": region.code, "year": year})
        headers = []
        for column, label in REGION_COLUMNS:
            active = column == key
            next_sort = column if not active or descending else f"-{column}"
            headers.append(
                {
                    "key": column,
                    "label": label,
                    "url": f"{base}?sort={next_sort}",
                    "active": active,
                    "aria_sort": ("descending" if descending else "ascending") if active else "",
                }
            )
        paginator = KeysFirstPaginator(rows, REGION_PAGE_SIZE, count=count)
        page = paginator.get_page(self.request.GET.get("page"))
        table_rows = []
        url = report_addresses()
        for row in page.object_list:
            figures = listing_figures(row)
            cells = []
            for column, _ in REGION_COLUMNS[1:]:
                value = figures[column]
                cells.append(format_share(value) if column == "basic_share" else format_wan(value, blank_zero=False))
            address = url(department_code=row.department_code, year=row.year)
            # The row as HTML, written here: a hundred rows of nine cells through the
            # template's loops took longer than everything else on the page.
            html = f'<th scope="row"><a href="{html_escape(address)}">{html_escape(row.department.name)}</a></th>' + "".join(
                f'<td class="num">{html_escape(cell)}</td>' for cell in cells
            )
            table_rows.append(
                {"department": row.department, "figures": figures, "url": address, "cells": cells, "html": mark_safe(html)}
            )
        context.update(
            region=region,
            year=year,
            headers=headers,
            rows=table_rows,
            page=page,
            sort=f"{'-' if descending else ''}{key}",
        )
        return context


def region_download(*, code, year, kind):
    node = public_region_node(code=code)
    if node is None or not node["years"].get(year):
        raise Http404("该区域该年度没有已公开的报告")
    return node["region"], comparison_download(node=node, year=year, kind=kind)


@validated(per_visitor=False)
@public_cached(region_tags)
@audience(Audience.PUBLIC)
def region_comparison_csv(request, code, year):
    """Who may see it: everyone. The region comparison as CSV (UTF-8 with BOM, 万元), every
    department of the region; written again only after what it lists changed."""
    region, download = region_download(code=code, year=year, kind="csv")
    response = HttpResponse(download.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{region.name}{year}年度部门决算比较.csv")
    return response


@validated(per_visitor=False)
@public_cached(region_tags)
@audience(Audience.PUBLIC)
def region_comparison_xlsx(request, code, year):
    """Who may see it: everyone. The region comparison as an Excel workbook (万元), every
    department of the region; written again only after what it lists changed."""
    region, download = region_download(code=code, year=year, kind="xlsx")
    response = HttpResponse(download.content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{region.name}{year}年度部门决算比较.xlsx")
    return response
