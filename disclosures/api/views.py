"""The JSON API. Who may use it: everyone, read-only; only published versions exist here.

Amounts are exact decimal strings in 元 (and, beside them, in 万元 rounded to two places as
published): JSON numbers would be read as binary floats by most clients.
"""

from functools import wraps

from django.core.paginator import EmptyPage
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from portal.accounts.permissions import Audience

from ..addresses import address_pattern, report_addresses
from ..models import Region
from ..paging import KeysFirstPaginator
from ..selectors import (
    MAIN_FIGURES,
    LISTING_RELATED,
    listing_versions,
    main_figures,
    public_listing,
    public_regions,
    public_years,
    published_version,
    region_and_descendant_ids,
    version_tables,
)
from ..tables.spec import LAYOUT_CODES, LAYOUT_LINES, TABLES, TOTAL_ROW
from ..tables.values import yuan_to_wan
from ..public_cache import listings_tags, report_tags
from ..views.public import public_cached
from .openapi import openapi

PAGE_SIZE = 100
JSON_OPTIONS = {"ensure_ascii": False}


def json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)


def api_view(tags):
    """GET/HEAD only, cached like the public pages (`tags` as for public_cached), and 404
    answered as JSON."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Http404 as exc:
                return json({"detail": str(exc) or "未找到"}, status=404)

        wrapper.audience = Audience.PUBLIC
        return require_safe(public_cached(tags)(wrapper))

    return decorator


def no_tags(kwargs):
    return []  # the same answer whatever is published


def amount(value):
    return {"yuan": f"{value:.2f}", "wan": f"{yuan_to_wan(value):.2f}"}


def department_json(department):
    region = department.region
    return {
        "code": department.code,
        "name": department.name,
        "parent_code": department.parent.code if department.parent_id else None,
        "region": {"code": region.code, "name": region.name},
    }


def absolute(request, path):
    """request.build_absolute_uri(path) for a path from the root, the origin worked out once
    per request (a list of 100 reports holds 200 addresses)."""
    if not hasattr(request, "_api_origin"):
        request._api_origin = request.build_absolute_uri("/").removesuffix("/")
    return request._api_origin + path


def version_summary(request, version):
    report = version.report
    kwargs = {"department_code": report.department.code, "year": report.year, "number": version.number}
    return {
        "number": version.number,
        "published_at": version.published_at.isoformat(),
        "correction_note": version.correction_note,
        "url": request.build_absolute_uri(reverse("api:version", kwargs=kwargs)),
        "html_url": request.build_absolute_uri(version.get_absolute_url()),
    }


def report_summary(request, version):
    report = version.report
    kwargs = {"department_code": report.department.code, "year": report.year}
    return {
        "department": department_json(report.department),
        "year": report.year,
        "current_version": version.number,
        "published_at": version.published_at.isoformat(),
        "url": absolute(request, address_pattern("api:report", department_code=str, year=int)(**kwargs)),
        "html_url": absolute(request, report_addresses()(**kwargs)),
    }


def int_param(request, name):
    raw = request.GET.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit():
        raise Http404(f"参数 {name} 必须是正整数")
    return int(raw)


@api_view(no_tags)
def openapi_document(request):
    return json(openapi(server=request.build_absolute_uri("/api/v1")))


@api_view(listings_tags)
def years(request):
    return json({"results": [{"year": year, "reports": count} for year, count in public_years()]})


def _region_node(node):
    region = node["region"]
    return {
        "code": region.code,
        "name": region.name,
        "reports": node["count"],
        "children": [_region_node(child) for child in node["children"]],
    }


@api_view(listings_tags)
def regions(request):
    return json({"results": [_region_node(node) for node in public_regions()]})


@api_view(listings_tags)
def reports(request):
    year = int_param(request, "year")
    page_number = int_param(request, "page") or 1
    region_ids = None
    if request.GET.get("region"):
        region = Region.objects.filter(code=request.GET["region"]).first()
        if region is None:
            raise Http404("没有这个区域")
        region_ids = region_and_descendant_ids(region=region)
    rows = public_listing(year=year, region_ids=region_ids)
    if request.GET.get("department"):
        rows = rows.filter(department_code=request.GET["department"])
    # The page's related rows by key, one table at a time: joined, the planner reads whole tables.
    rows = rows.prefetch_related(*LISTING_RELATED)
    paginator = KeysFirstPaginator(rows.order_by("-year", "department_code"), PAGE_SIZE)
    try:
        page = paginator.page(page_number)
    except EmptyPage:
        raise Http404("没有这一页") from None

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [report_summary(request, version) for version in listing_versions(page.object_list)],
        }
    )


def _published(department_code, year, number=None):
    version = published_version(department_code=department_code, year=year, number=number)
    if version is None:
        raise Http404("没有已公开的报告")
    return version


@api_view(report_tags)
def report(request, department_code, year):
    version = _published(department_code, year)
    data = report_summary(request, version)
    data["versions"] = [
        version_summary(request, v)
        for v in published_versions_of(version.report)
    ]
    return json(data)


def published_versions_of(report):
    return report.versions.select_related("report__department").filter(state="published").order_by("-number")


@api_view(report_tags)
def version(request, department_code, year, number):
    version = _published(department_code, year, number)
    tables = version_tables(version=version)
    figures = main_figures(tables=tables)
    data = version_summary(request, version)
    data.update(
        department=department_json(version.report.department),
        year=year,
        main_figures={key: {"label": label, **amount(figures[key])} for key, label, *_ in MAIN_FIGURES},
        sections=[
            {"key": s.key, "title": s.title, "body": s.body}
            for s in version.sections.all()
            if s.key.startswith(("overview.", "explanation.", "key_work."))
        ],
        key_work=[
            {"position": k.position, "title": k.title, "content": k.content, "status": k.status}
            for k in version.key_work_items.all()
        ],
        glossary=[{"term": g.term, "definition": g.definition} for g in version.glossary_entries.all()],
        evaluations=[
            {"project_name": e.project_name, "title": e.table_title, "total_score": e.total_score_stated and str(e.total_score_stated)}
            for e in version.evaluations.all()
        ],
        tables=[
            {
                "number": spec.number,
                "code": spec.code,
                "name": spec.name,
                "url": request.build_absolute_uri(
                    reverse(
                        "api:table",
                        kwargs={"department_code": department_code, "year": year, "number": number, "table": spec.number},
                    )
                ),
            }
            for spec in TABLES
        ],
    )
    return json(data)


def table_rows(data):
    """Every row of a table as the description names it, with its non-zero and zero amounts."""
    spec = data.spec
    names = dict(data.code_rows)
    if spec.layout == LAYOUT_LINES:
        keys = [(line.key, line.label, line.side) for line in spec.lines if not line.is_blank]
    elif spec.layout == LAYOUT_CODES:
        keys = [(TOTAL_ROW, "合计", "")] + [(code, name, "") for code, name in data.code_rows]
    else:
        keys = [(code, name, "") for code, name in data.code_rows]
        keys += [(group.total_key, group.total_label, "") for group in spec.groups]
    rows = []
    for key, label, side in keys:
        row = {"key": key, "label": label or spec.row_label(key, names.get(key, ""))}
        if spec.has_codes and key in names:
            row["code"] = key
        if side:
            row["side"] = side
        row["values"] = {c.key: amount(data.get(key, c.key)) for c in spec.columns_for_row(key)}
        rows.append(row)
    return rows


@api_view(report_tags)
def table(request, department_code, year, number, table):
    if not 1 <= table <= 9:
        raise Http404("没有这张表")
    version = _published(department_code, year, number)
    data = version_tables(version=version)[table]
    spec = data.spec
    return json(
        {
            "number": spec.number,
            "code": spec.code,
            "name": spec.name,
            "department": department_json(version.report.department),
            "year": year,
            "version": version.number,
            "unit": "元",
            "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in spec.columns],
            "rows": table_rows(data),
            "is_empty": data.is_empty,
        }
    )
