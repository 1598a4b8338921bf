"""Public pages. Who may see them: everyone; only published versions are ever shown.

Anything that is not published (a draft, a submitted, returned or approved version, a
department without a published report) answers 404, whatever address is guessed.
"""

import hashlib
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from portal.accounts.permissions import Audience, audience
from portal.display import display_large

from ..artifacts.services import PAGE, csv_kind, published_artifact
from ..forms.search import SearchForm
from ..search import search_backend, search_published
from ..public_cache import (
    IMMUTABLE,
    NEWEST_CACHE_CONTROL,
    PAGE_CACHE_SECONDS,
    listings_tags,
    page_caching,
    report_tags,
    search_tags,
    tags_token,
)
from ..selectors import public_regions, public_years, published_version, published_versions, region_options
from ..tables.spec import TABLES

CACHED_HEADERS = ("Content-Type", "Content-Disposition")


def public_cached(tags):
    """Cache a public view's successful answers per address, for anonymous visitors.

    `tags(kwargs)` names, from the address alone, the parts of the site the page shows
    (disclosures.public_cache); the key holds their current tokens, so a publication makes
    stale only the pages of the parts it changes. A hit reads the tokens (one cache round
    trip, or one query by primary key with a per-process cache) and nothing else. Signed-in
    users always get a fresh page (the header shows their name), and so does a request
    carrying a flash message.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or not page_caching()
                or request.user.is_authenticated
                or len(get_messages(request))
            ):
                return view(request, *args, **kwargs)
            # The host is part of the key: pages and API answers hold absolute addresses; so is
            # 长者模式, which changes the page's frame.
            mode = "large" if display_large(request) else ""
            path = f"{request.get_host()}{request.get_full_path()}\n{mode}".encode("utf-8", "surrogateescape")
            key = f"disclosures:public:page:{tags_token(tags(kwargs))}:{hashlib.sha256(path).hexdigest()}"
            cached = cache.get(key)
            if cached is not None:
                headers, content = cached
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if response.status_code == 200 and not response.streaming:
                headers = {name: response[name] for name in CACHED_HEADERS if name in response}
                cache.set(key, (headers, response.content), PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def validated(*, per_visitor):
    """An answer with a strong ETag (the SHA-256 of its bytes), answered 304 when the client
    sends it back (If-None-Match): a report's page and files, a comparison's downloads.

    At a version's own address (`number` in the URL) the answer never changes, so it may be
    kept for a year (IMMUTABLE); elsewhere (the report's address, which follows corrections)
    it is kept briefly (NEWEST_CACHE_CONTROL) and then revalidated. With `per_visitor` (a page
    whose header shows who is signed in), a signed-in user or one with a flash message gets
    a private answer without ETag. Put it outside public_cached: a cached page gets the
    same ETag as a fresh one, since it has the same bytes.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            personal = per_visitor and (request.user.is_authenticated or len(get_messages(request)))
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or request.method not in ("GET", "HEAD"):
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if personal:
                response["Cache-Control"] = "private, no-cache"
                return response
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()}"'
            response["Cache-Control"] = IMMUTABLE if kwargs.get("number") is not None else NEWEST_CACHE_CONTROL
            return get_conditional_response(request, etag=response["ETag"], response=response)

        return wrapper

    return decorator


def optional_url(name, **kwargs):
    """The address of a view another part of the portal may provide; None while it does not."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def version_address_kwargs(version, *, pinned):
    kwargs = {"department_code": version.report.department.code, "year": version.report.year}
    if pinned:
        kwargs["number"] = version.number
    return kwargs


def version_downloads(version, *, pinned):
    """Download links of a version: PDF and workbook (when provided) and one CSV per table."""
    kwargs = version_address_kwargs(version, pinned=pinned)
    suffix = "_version" if pinned else ""
    return {
        "pdf": optional_url("public:report_version_pdf" if pinned else "public:report_pdf", **kwargs),
        "xlsx": optional_url(f"public:workbook{suffix}", **kwargs),
        "csv": [
            (spec, reverse(f"public:table_csv{suffix}", kwargs={**kwargs, "table": spec.number}))
            for spec in TABLES
        ],
    }


@method_decorator(public_cached(listings_tags), name="dispatch")
class HomeView(TemplateView):
    """Who may see it: everyone. The newest published reports, and the ways to browse them."""

    audience = Audience.PUBLIC
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["versions"] = published_versions()[:50]
        context["years"] = public_years()
        context["regions"] = public_regions()
        return context


@method_decorator(validated(per_visitor=True), name="dispatch")
@method_decorator(public_cached(report_tags), name="dispatch")
class ReportView(TemplateView):
    """Who may see it: everyone, for a published version; anything else is 404.

    The report's body comes from the version's stored page artifact (built when it was
    published); the lines above it are drawn here. At a version's own address they hold
    nothing that a later correction changes (the versions up to this one, the permanent
    address), so that page never changes; the report's address lists every version."""

    audience = Audience.PUBLIC
    template_name = "public/report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.kwargs.get("number")
        version = published_version(
            department_code=self.kwargs["department_code"], year=self.kwargs["year"], number=number
        )
        if version is None:
            raise Http404("没有已公开的报告")
        report = version.report
        versions = report.versions.filter(state="published").order_by("-number")
        if number is not None:
            versions = versions.filter(number__lte=version.number)
        context.update(
            version=version,
            report=report,
            department=report.department,
            pinned=number is not None,
            versions=list(versions.only("number", "published_at", "correction_note", "report_id")),
            permanent_url=self.request.build_absolute_uri(report.get_absolute_url()),
            downloads=version_downloads(version, pinned=number is not None),
            body=mark_safe(published_artifact(version=version, kind=PAGE).content.decode("utf-8")),
        )
        return context


@method_decorator(public_cached(search_tags), name="dispatch")
class SearchView(TemplateView):
    """Who may see it: everyone. Search published reports by department name, text and codes,
    narrowed by year, region and department (GET parameters q, year, region, dept, page)."""

    audience = Audience.PUBLIC
    template_name = "public/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET, years=search_backend().years(), regions=region_options())
        raw_page = self.request.GET.get("page", "")
        page = None
        if form.is_valid():
            page = search_published(page=int(raw_page) if raw_page.isdigit() else 1, **form.filters())
        context["form"] = form
        context["region"] = form.chosen_region() if page else None
        context["page"] = page
        context["search"] = page.query if page else None
        context["query"] = page.query.text if page else ""
        context["results"] = page.hits if page else []
        return context


@validated(per_visitor=False)
@public_cached(report_tags)
@audience(Audience.PUBLIC)
def table_csv(request, department_code, year, table, number=None):
    """Who may see it: everyone, for a published version; anything else is 404.

    One of the nine tables as CSV (UTF-8 with BOM), amounts in 万元 as published: the
    version's stored artifact (disclosures.artifacts).
    """
    if not 1 <= table <= 9:
        raise Http404("没有这张表")
    version = published_version(department_code=department_code, year=year, number=number)
    if version is None:
        raise Http404("没有已公开的报告")
    spec = TABLES[table - 1]
    suffix = f"-第{version.number}版" if number is not None else ""
    filename = f"{version.report.department.name}{year}年度{spec.code}{spec.name}{suffix}.csv"
    artifact = published_artifact(version=version, kind=csv_kind(table))
    response = HttpResponse(artifact.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
