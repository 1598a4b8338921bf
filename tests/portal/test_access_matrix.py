"""The access matrix: every URL pattern × every role × every report state, read from the URL
configuration, so a new view is covered without editing this file.

Each routed view states who may see it in `audience` (portal/accounts/permissions.py: the role
mixins set it, other views set it as an attribute or with @audience). For every pattern the
kwargs are filled from the fixture by name (KWARGS, with per-URL OVERRIDES); a kwarg name this
file does not know fails the test, so a new kind of address is mapped consciously.

Six principals ask: anonymous, an accountant of another department (same region), the
report's accountant, a reviewer of another region, the report's reviewer, an administrator.
Six report states: 草稿, 已提交, 退回, 审核通过, 已公开, and 已公开 with a correction in draft.
Every department's versions carry markers (a narrative text and a figure); a leak is

- a principal the view does not admit getting anything but 403/404/405 or the sign-in page;
- a response showing a marker of a version the principal may not see, or any unpublished
  marker on a public page (a draft's figures never appear in public);
- a refused POST that wrote anything to the database.

The matrix size and the leak count are printed (the README names this command):

    .venv/bin/python -m pytest tests/portal/test_access_matrix.py -q
"""

import io
import itertools
import logging
import traceback
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from disclosures.demo.synthetic import consistent_tables
from disclosures.models import NarrativeSection, ProjectEvaluation, RenderedDocument, VersionState
from disclosures.models.documents import DocumentStatus
from disclosures.services import version_replace_tables, version_start_correction
from portal.accounts.models import Role
from portal.accounts.permissions import Audience
from reviews.models import (
    Answer,
    ChecklistAnswer,
    FileStatus,
    Finding,
    InspectedFile,
    Inspection,
    KeptCheck,
    MatchState,
    Notice,
    NoticeKind,
    Severity,
)
from reviews.services import checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

YEAR = 2024
ROLES = ("anonymous", "accountant_other", "accountant", "reviewer_other", "reviewer", "admin")
STATES = ("draft", "submitted", "returned", "approved", "published", "published+correction")

# Views that are not ours, so cannot carry `audience`: who may see them, and why.
THIRD_PARTY = {
    "accounts:logout": (Audience.PUBLIC, "Django's LogoutView: POST only, signs the caller out, shows no data"),
}
# Patterns left out of the matrix, each with its reason. The admin has its own test below.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin: test_the_admin_is_for_administrators_only walks its patterns",
}

# kwarg name -> fixture value name. `code` names a region or a department: it must be mapped per URL.
KWARGS = {
    "pk": "report",
    "department_code": "department_code",
    "year": "year",
    "number": "version_numbers",
    "table": "table",
    "eid": "evaluation",
    "finding_id": "finding",
    "no": "checklist_item",
    "key": "narrative_key",
    "uidb64": "reset_uidb64",  # a password reset link: no valid one here, every caller sees "invalid link"
    "token": "reset_token",
    "inspection": "inspection",  # the 公开检查 of the own department's region
    "file": "inspected_file",  # a checked PDF of it, the own department's
    "notice_id": "notice",  # a notice of the report's accountant (Audience.OWNER: only theirs)
}
OVERRIDES = {
    ("public:document_download", "pk"): "document",
    ("review:document_retry", "pk"): "document",
    ("workspace:table_edit", "number"): "table",
    ("public:region", "code"): "region_code",
    ("public:compare_region", "code"): "region_code",
    ("public:compare_region_csv", "code"): "region_code",
    ("public:compare_region_xlsx", "code"): "region_code",
    ("public:department", "code"): "department_code",
    ("public:compare_department", "code"): "department_code",
    ("check:result", "token"): "kept_check",  # a kept public check: its random token is its address
    ("sitemap_section", "section"): "sitemap_sections",
}
# What a POST carries: what would make the action happen if the view let the caller through.
POST_DATA = {
    "review:dashboard_bulk": lambda w: {"action": "approve", "ids": [w.own.pk], "year": YEAR},
    "review:return": lambda w: {"reason": "矩阵退回", "confirm": "1", "findings": [w.finding.pk]},
    "review:approve": lambda w: {"confirm": "1"},
    "review:checklist_review": lambda w: {"status": "confirmed", "reviewer_remark": "矩阵"},
    "workspace:correction": lambda w: {"correction_note": "矩阵更正说明"},
    "workspace:finding_explain": lambda w: {"explanation": "矩阵说明"},
    "workspace:checklist": lambda w: {"answer-1": "是", "remark-1": "矩阵"},
    "review:inspected_file_confirm": lambda w: {f"f{w.inspected_file.pk}-department": w.own.pk, f"f{w.inspected_file.pk}-published_on": "2025-09-01"},
}

# --- the URL configuration ----------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str | None
    route: str
    params: tuple
    callback: object
    namespace: tuple

    @property
    def view_class(self):
        return getattr(self.callback, "view_class", None)

    def accepts_post(self):
        cls = self.view_class
        if cls is None:
            return True  # a function view: try it
        return hasattr(cls, "post") and "post" in cls.http_method_names


def _params(pattern):
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def endpoints(resolver=None, namespace=(), params=(), route=""):
    """Every URL pattern under the resolver, with its full name, its kwargs and its view."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        here = params + _params(entry.pattern)
        text = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from endpoints(entry, namespace + ((entry.namespace,) if entry.namespace else ()), here, text)
        elif isinstance(entry, URLPattern):
            name = ":".join(namespace + (entry.name,)) if entry.name else None
            yield Endpoint(name, text, here, entry.callback, namespace)


def audience_of(endpoint):
    if endpoint.name in THIRD_PARTY:
        return THIRD_PARTY[endpoint.name][0]
    holder = endpoint.view_class or endpoint.callback
    return getattr(holder, "audience", None)


def matrix_endpoints():
    """The endpoints the matrix walks, and the problems that stop it (unnamed, unknown kwarg, no audience)."""
    chosen, problems = [], []
    for endpoint in endpoints():
        if endpoint.namespace and endpoint.namespace[0] in SKIPPED_NAMESPACES:
            continue
        if endpoint.name is None:
            problems.append(f"{endpoint.route}: a URL pattern without a name")
            continue
        for param in endpoint.params:
            if (endpoint.name, param) not in OVERRIDES and param not in KWARGS:
                problems.append(f"{endpoint.name} ({endpoint.route}): unknown kwarg {param!r}; map it in KWARGS/OVERRIDES")
        if audience_of(endpoint) not in set(Audience):
            problems.append(f"{endpoint.name}: the view does not state who may see it (audience)")
        chosen.append(endpoint)
    names = {e.name for e in chosen}
    for name in {name for name, _ in OVERRIDES} | set(THIRD_PARTY):
        if name not in names:
            problems.append(f"{name!r} is mapped here but is not a URL any more")
    return chosen, problems


def addresses(endpoint, world):
    """The addresses of one endpoint with its kwargs filled from the world (a list: `number` has two values)."""
    choices = []
    for param in endpoint.params:
        value = world.values[OVERRIDES.get((endpoint.name, param), KWARGS.get(param))]
        choices.append([(param, v) for v in (value if isinstance(value, list) else [value])])
    return [reverse(endpoint.name, kwargs=dict(combo)) for combo in itertools.product(*choices)]


# --- the world of one state ------------------------------------------------------------------


def marker_text(department, number):
    return f"MATRIX-{department.code}-V{number}"


def marker_amount(index, number):
    """A figure only this department's version has: its 元 and its 万元 as shown."""
    yuan = Decimal(8_000_000 + index * 100_000 + number * 10_000 + 1357)
    return yuan, f"{yuan / 10000:.2f}"


def marker_lines(index, number):
    yuan, _ = marker_amount(index, number)
    return [
        ("2080109", "社会保险经办机构", "0.00", f"{yuan:.2f}"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "173500.00", "0.00"),
        ("2210201", "住房公积金", "146100.00", "0.00"),
    ]


def mark_version(version, department, index):
    NarrativeSection.objects.filter(version=version, key="overview.functions").update(
        body=marker_text(department, version.number)
    )
    document = RenderedDocument.objects.create(version=version, status=DocumentStatus.DONE, sha256="0" * 64)
    content = f"%PDF-1.4\n% {marker_text(department, version.number)}\n%%EOF\n".encode()
    document.file.save(f"matrix-{department.code}-v{version.number}.pdf", ContentFile(content), save=False)
    RenderedDocument.objects.filter(pk=document.pk).update(file=document.file.name, size=len(content))
    yuan, wan = marker_amount(index, version.number)
    return {marker_text(department, version.number), wan, f"{yuan:.2f}"}


def inspected_file(region, department):
    """A checked PDF of the region's 公开检查, found to be the department's."""
    inspection = Inspection.objects.create(region=region, year=YEAR)
    row = InspectedFile(
        inspection=inspection, name="矩阵公开文件.pdf", sha256="1" * 64, status=FileStatus.DONE, department=department,
        match=MatchState.SURE, department_name=department.name, year=YEAR, pages=1,
    )
    row.file.save("matrix-inspected.pdf", ContentFile(b"%PDF-1.4\n% matrix\n%%EOF\n"), save=False)
    row.save()
    return row


def content_kind(response):
    kind = response.get("Content-Type", "")
    for name in ("spreadsheetml", "zip", "html", "csv", "json", "xml", "pdf"):
        if name in kind:
            return name
    return kind


class World:
    """Three departments (own and a sibling in one region, one in another), each with a report in
    the given state, the six principals, and the objects the addresses name."""

    def __init__(self, state):
        self.state = state
        region, far_region = make_region("矩阵甲区"), make_region("矩阵乙区")
        self.own = make_department(region, name="矩阵本部门")
        self.sibling = make_department(region, name="矩阵同区部门")
        self.far = make_department(far_region, name="矩阵外区部门")
        published = state.startswith("published")
        self.unpublished = {}  # department pk -> markers of its versions nobody outside its scope may see
        self.newest = {}
        self.all_markers = set()
        for index, department in enumerate((self.own, self.sibling, self.far), start=1):
            report, version = make_report(
                department, state=VersionState.PUBLISHED if published else state, lines=marker_lines(index, 1)
            )
            markers = mark_version(version, department, index)
            self.all_markers |= markers
            self.unpublished[department.pk] = set() if published else markers
            if state == "published+correction":
                version = version_start_correction(report=report, correction_note="矩阵更正说明（未公开）")
                version_replace_tables(version=version, tables=consistent_tables(marker_lines(index, 2)).values())
                self.unpublished[department.pk] = mark_version(version, department, index)
                self.all_markers |= self.unpublished[department.pk]
            self.newest[department.pk] = version
        self.report = self.newest[self.own.pk].report
        newest = self.newest[self.own.pk]
        self.finding = Finding.objects.create(
            version=newest, rule_code="MATRIX", severity=Severity.WARNING, message="矩阵提示", fingerprint="matrix",
            explanation="矩阵已说明",
        )
        evaluation = ProjectEvaluation.objects.create(version=newest, project_name="矩阵项目", budget=1, executed=1)
        self.inspected_file = inspected_file(region, self.own)
        kept = KeptCheck.objects.create(token="matrix-kept-check", digest="0" * 64, name="矩阵.pdf", result={"file": "矩阵.pdf"})
        template = checklist_template_load(year=YEAR)
        ChecklistAnswer.objects.bulk_create(  # answered, so that a submission can go through
            (ChecklistAnswer(version=newest, item=item, answer=Answer.YES) for item in template.items.filter(mode="accountant")),
            ignore_conflicts=True,  # make_report may have answered them already
        )
        self.values = {
            "report": self.report.pk,
            "document": RenderedDocument.objects.get(version=newest).pk,
            "department_code": self.own.code,
            "region_code": region.code,
            "year": YEAR,
            "version_numbers": sorted({newest.number, 1}),
            "sitemap_sections": ["pages", "reports", "versions"],
            "table": 3,
            "evaluation": evaluation.pk,
            "finding": self.finding.pk,
            "checklist_item": 1,
            "narrative_key": "overview.functions",
            "inspection": self.inspected_file.inspection_id,
            "inspected_file": self.inspected_file.pk,
            "kept_check": kept.token,
            "reset_uidb64": "MQ",
            "reset_token": "matrix-not-a-token",
        }
        self.users = {
            "anonymous": None,
            "accountant_other": make_user(Role.ACCOUNTANT, departments=[self.sibling]),
            "accountant": make_user(Role.ACCOUNTANT, departments=[self.own]),
            "reviewer_other": make_user(Role.REVIEWER, region=far_region),
            "reviewer": make_user(Role.REVIEWER, region=region),
            "admin": make_user(Role.ADMIN),
        }
        self.scope = {
            "anonymous": set(),
            "accountant_other": {self.sibling.pk},
            "accountant": {self.own.pk},
            "reviewer_other": {self.far.pk},
            "reviewer": {self.own.pk, self.sibling.pk},
            "admin": {self.own.pk, self.sibling.pk, self.far.pk},
        }
        notice = Notice.objects.create(
            user=self.users["accountant"], kind=NoticeKind.RETURNED, title="矩阵通知", body=marker_text(self.own, 1),
            report=self.report,
        )
        self.values["notice"] = notice.pk
        self.clients = {}
        for role, user in self.users.items():
            client = Client(raise_request_exception=True)
            if user is not None:
                client.force_login(user)
            self.clients[role] = client

    def forbidden_markers(self, role, audience):
        """Markers the role must not see on a page of this audience: any unpublished one in public."""
        return {
            marker
            for department, markers in self.unpublished.items()
            if audience == Audience.PUBLIC or department not in self.scope[role]
            for marker in markers
        }


# --- the policy ------------------------------------------------------------------------------


def admitted(audience, role, names_object):
    """Whether the view lets this role through; names_object: the address names a report's object."""
    if audience == Audience.PUBLIC:
        return True
    if role == "anonymous":
        return False
    if audience == Audience.SIGNED_IN:
        return True
    if audience == Audience.OWNER:  # the world's only notice is the report's accountant's
        return role == "accountant" or not names_object
    role_ok = {
        Audience.ACCOUNTANT: role in ("accountant", "accountant_other"),
        Audience.REVIEWER: role in ("reviewer", "reviewer_other"),
        Audience.IN_SCOPE: True,
    }[audience]
    if not role_ok:
        return False
    # The object is the own department's: the other department's accountant and the other
    # region's reviewer are refused; without an object (an index) they see their own things.
    return not (names_object and role in ("accountant_other", "reviewer_other"))


def refused(response, login_paths):
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and urlparse(response["Location"]).path in login_paths


def body_text(response):
    """What a person could read in the response: text, an Excel workbook's cells, a zip's files."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        return workbook_text(content)
    if "zip" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                workbook_text(archive.read(n)) if n.endswith(".xlsx") else archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
            )
    if "pdf" in kind:
        return content.decode("latin-1")
    return content.decode("utf-8", "replace")


def workbook_text(content):
    """A workbook's cells as text; numbers with two places, as amounts are written (元 or 万元)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        f"{Decimal(str(value)):.2f}" if isinstance(value, (int, float, Decimal)) else str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def rows_written():
    """Rows inserted, updated or deleted so far on this connection (in this transaction on PostgreSQL)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return connection.connection.total_changes
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
            return cursor.fetchone()[0]
    raise NotImplementedError(connection.vendor)


@dataclass
class Outcome:
    requests: int = 0
    leaks: list = None
    errors: list = None
    missing_csp: list = None
    answered: set = None
    written: set = None
    marked_kinds: set = None

    def __post_init__(self):
        self.leaks, self.errors, self.missing_csp = [], [], []
        self.answered, self.written, self.marked_kinds = set(), set(), set()


def ask(world, outcome, endpoint, address, role, method, login_paths):
    client = world.clients[role]
    audience = audience_of(endpoint)
    allowed = admitted(audience, role, bool(endpoint.params))
    where = f"{world.state} {role} {method} {address} ({endpoint.name}, {audience})"
    outcome.requests += 1
    try:
        if method == "GET":
            response = client.get(address)
            changed = False
        else:
            data = POST_DATA.get(endpoint.name, lambda w: {})(world)
            with transaction.atomic():
                before = rows_written()
                response = client.post(address, data)
                changed = rows_written() != before
                transaction.set_rollback(True)
        text = body_text(response) if 200 <= response.status_code < 300 else ""
    except Exception as exc:  # the test client re-raises a view's exception: a server error
        outcome.errors.append(f"{where}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}")
        return
    finally:
        user = world.users[role]
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # a logout or a rolled-back session: sign in again
    if response.status_code >= 500:
        outcome.errors.append(f"{where}: HTTP {response.status_code}")
    if "text/html" in response.get("Content-Type", "") and "Content-Security-Policy" not in response:
        outcome.missing_csp.append(where)
    if allowed:
        if not refused(response, login_paths):
            outcome.answered.add(endpoint.name)
    elif not refused(response, login_paths):
        outcome.leaks.append(f"{where}: HTTP {response.status_code} for a caller the view does not admit")
    if changed and allowed:
        outcome.written.add(endpoint.name)
    elif changed:
        outcome.leaks.append(f"{where}: a refused POST wrote to the database")
    if any(m in text for m in world.all_markers):
        outcome.marked_kinds.add(content_kind(response))
    seen = sorted(m for m in world.forbidden_markers(role, audience) if m in text)
    if seen:
        outcome.leaks.append(f"{where}: shows {seen}")


@pytest.fixture
def quiet_cache(caplog):
    """A clean page cache; the thousands of expected 403/404 warnings are not logged."""
    caplog.set_level(logging.ERROR, logger="django.request")
    cache.clear()
    yield
    cache.clear()


def test_every_url_answers_every_role_in_every_state_as_its_view_states(capsys, quiet_cache):
    chosen, problems = matrix_endpoints()
    assert not problems, "\n".join(problems)
    login_paths = {reverse("login"), reverse("admin:login")}
    outcome = Outcome()
    for state in STATES:
        with transaction.atomic():
            cache.clear()  # pages cached for another state's data must not answer here
            world = World(state)
            for endpoint in chosen:
                methods = ("GET", "POST") if endpoint.accepts_post() else ("GET",)
                for address in addresses(endpoint, world):
                    for role in ROLES:
                        for method in methods:
                            ask(world, outcome, endpoint, address, role, method, login_paths)
            transaction.set_rollback(True)
    never = sorted({e.name for e in chosen} - outcome.answered)
    with capsys.disabled():
        print(
            f"\naccess matrix: {len(chosen)} URL patterns × {len(ROLES)} roles × {len(STATES)} report states"
            f" = {outcome.requests} requests (GET, and POST where a view takes it);"
            f" leaks {len(outcome.leaks)}, server errors {len(outcome.errors)},"
            f" HTML without CSP {len(outcome.missing_csp)}"
        )
    assert not outcome.leaks, f"{len(outcome.leaks)} leaks:\n" + "\n".join(outcome.leaks[:60])
    assert not outcome.errors, f"{len(outcome.errors)} server errors:\n" + "\n".join(outcome.errors[:10])
    assert not outcome.missing_csp, "HTML without Content-Security-Policy:\n" + "\n".join(outcome.missing_csp[:20])
    # Every address answered someone it admits, in some state: the fixture reaches every view.
    assert not never, f"never answered anyone it admits (wrong kwargs mapping?): {never}"
    # The checks can see: the write counter moves for admitted POSTs, and the markers are found
    # in every kind of answer the portal gives.
    assert {"workspace:submit", "review:approve", "review:return"} <= outcome.written, outcome.written
    assert {"html", "csv", "json", "spreadsheetml", "pdf"} <= outcome.marked_kinds, outcome.marked_kinds


def test_an_unknown_kwarg_or_a_view_without_audience_stops_the_matrix(settings):
    import types

    from django.urls import path
    from django.views import View

    import portal.urls

    class Unstated(View):
        def get(self, request, widget_id):
            raise AssertionError("never called")

    urlconf = types.ModuleType("matrix_probe_urls")
    urlconf.urlpatterns = portal.urls.urlpatterns + [
        path("matrix-probe/<int:widget_id>/", Unstated.as_view(), name="matrix_probe")
    ]
    settings.ROOT_URLCONF = urlconf
    _, problems = matrix_endpoints()
    assert any("matrix_probe" in p and "unknown kwarg 'widget_id'" in p for p in problems), problems
    assert any("matrix_probe" in p and "audience" in p for p in problems), problems


# --- the Django admin ------------------------------------------------------------------------

ADMIN_OPEN = {
    "admin:login": "the admin's sign-in form: shows no data",
    "admin:logout": "Django's admin sends anyone but an administrator to the admin index, which asks to sign in",
}


def admin_model(endpoint):
    """The model an admin URL name such as admin:disclosures_report_change is about, or None."""
    if not endpoint.name:
        return None
    _, name = endpoint.name.split(":", 1)
    for model in apps.get_models():
        if name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def admin_address(endpoint, world):
    """An admin address with real ids: the first row of the model the URL name is about."""
    if endpoint.name is None:  # the admin's final catch-all pattern
        return "/admin/no-such-page/"
    kwargs = {}
    for param in endpoint.params:
        if param == "app_label":
            kwargs[param] = "disclosures"
        elif param in ("object_id", "id"):
            model = admin_model(endpoint)
            row = model.objects.order_by("pk").first() if model else world.report
            kwargs[param] = str(row.pk) if row else "1"
        elif param == "content_type_id":
            kwargs[param] = ContentType.objects.get_for_model(world.report).pk
        elif param == "url":
            kwargs[param] = "no-such-page/"
        else:
            pytest.fail(f"admin URL {endpoint.name} ({endpoint.route}): unknown kwarg {param!r}")
    return reverse(endpoint.name, kwargs=kwargs)


def test_the_admin_is_for_administrators_only(capsys, quiet_cache):
    world = World("published+correction")
    admin_endpoints = [e for e in endpoints() if e.namespace[:1] == ("admin",)]
    login_paths = {reverse("login"), reverse("admin:login")}
    leaks, errors, requests = [], [], 0
    for endpoint in admin_endpoints:
        address = admin_address(endpoint, world)
        for role in ROLES:
            for method in ("GET", "POST") if role != "admin" else ("GET",):
                requests += 1
                client = world.clients[role]
                with transaction.atomic():
                    before = rows_written()
                    response = client.get(address) if method == "GET" else client.post(address, {"post": "yes"})
                    changed = role != "admin" and rows_written() != before
                    transaction.set_rollback(True)
                user = world.users[role]
                if user is not None and "_auth_user_id" not in client.session:
                    client.force_login(user)
                where = f"{role} {method} {address} ({endpoint.name})"
                if response.status_code >= 500:
                    errors.append(where)
                if role != "admin" and endpoint.name not in ADMIN_OPEN and not refused(response, login_paths):
                    leaks.append(f"{where}: HTTP {response.status_code}")
                if changed:
                    leaks.append(f"{where}: changed the database")
    with capsys.disabled():
        print(f"\nadmin matrix: {len(admin_endpoints)} admin URL patterns × {len(ROLES)} roles = {requests} requests; leaks {len(leaks)}")
    assert not leaks, "\n".join(leaks[:40])
    assert not errors, "\n".join(errors[:20])
