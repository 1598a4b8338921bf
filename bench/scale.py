"""Province scale: N published reports and a reviewer with 2,000 departments, page by page.

    .venv/bin/python bench/scale.py --reports 20000 [--departments 2000] [--json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_scale .venv/bin/python bench/scale.py --reports 20000

What it does:
1. a fresh database: without DATABASE_URL a SQLite file (--sqlite, default in a temporary
   folder); with DATABASE_URL a PostgreSQL database, dropped and created again (its name must
   contain "scale" or "bench", so the portal's own database is never touched). --reuse keeps
   a database this script filled before with the same --reports and --departments;
2. migrates it and loads the demo (seed 001's published report of 蔡甸区 and its users);
3. adds, with set-based SQL (INSERT … SELECT, not the per-report services), N published
   reports in all: each a copy of the demo report's content (nine tables, text, key work,
   glossary, self-evaluations) under a department name of its own, over the districts of
   湖北省 and the years 2022–2024, a few with a published correction (v2) or a correction in
   progress; and, in 蔡甸区, --departments departments for the demo reviewer, whose 2024 reports
   are in every state (40% published, part of N), with findings and returns;
4. measures in process (Django's test client, page cache off, DEBUG as set) each public page,
   the API, the reviewer's dashboard and search: median and p99 of --runs requests, the median
   CPU time of this process (the web process's own work, which the load of a shared machine
   inflates far less than the wall time), the number of queries and the bytes of one answer,
   beside the issue's goal for it; and what a cached hit costs in queries. The report pages are measured with their version's stored
   artifacts built first (as a publication builds them), at the version's own address and at
   the report's, and a 304 answer to If-None-Match; the comparison's downloads once written;
   and how long writing the artifacts of one version and a comparison download takes;
5. with --server (default on), starts gunicorn (DEBUG=0, sync workers, page cache off) and
   drives some pages from threads for --duration seconds each: requests per second beside the
   trivial view (`/bench/trivial/`, bench/scale_site.py), the anchor of every ratio.

Figures are printed, never asserted. With --json one object per line:
{"page", "kind", "reports", "p50_ms", "p99_ms", "cpu_p50_ms", "queries", "bytes", "status",
"goal_ms"} (and "rps", "rps_vs_trivial" for the pages driven through gunicorn; "cached": true
for the cached-hit lines; "kind": "build" for the one-off writes).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "bench.scale_site"
YEARS = (2024, 2023, 2022)
DASHBOARD_YEAR = 2024
REVIEWER_REGION = "420114"  # 蔡甸区, the demo reviewer's region
PUBLISHED_SHARE_IN_SCOPE = 0.4
WUHAN_DISTRICTS = (
    ("420102", "江岸区"), ("420103", "江汉区"), ("420104", "硚口区"), ("420105", "汉阳区"), ("420106", "武昌区"),
    ("420107", "青山区"), ("420111", "洪山区"), ("420112", "东西湖区"), ("420113", "汉南区"), ("420115", "江夏区"),
    ("420116", "黄陂区"), ("420117", "新洲区"),
)
CITIES = (
    ("420200", "黄石市", ("黄石港区", "西塞山区", "下陆区", "铁山区", "阳新县", "大冶市")),
    ("420300", "十堰市", ("茅箭区", "张湾区", "郧阳区", "郧西县", "竹山县", "丹江口市")),
    ("420500", "宜昌市", ("西陵区", "伍家岗区", "点军区", "猇亭区", "夷陵区", "远安县")),
    ("420600", "襄阳市", ("襄城区", "樊城区", "襄州区", "南漳县", "谷城县", "老河口市")),
    ("420800", "荆门市", ("东宝区", "掇刀区", "沙洋县", "钟祥市", "京山市")),
    ("420900", "孝感市", ("孝南区", "孝昌县", "大悟县", "云梦县", "应城市", "安陆市")),
    ("421000", "荆州市", ("沙市区", "荆州区", "公安县", "江陵县", "石首市", "洪湖市")),
    ("421100", "黄冈市", ("黄州区", "团风县", "红安县", "罗田县", "英山县", "麻城市")),
)
TOPICS = (
    "人力资源和社会保障局", "教育局", "卫生健康局", "民政局", "农业农村局", "住房和城乡建设局",
    "交通运输局", "文化和旅游局", "生态环境局", "水务和湖泊局", "财政局", "医疗保障局",
)
UNITS_PER_PARENT = 4
STATES_IN_SCOPE = ("published", "submitted", "returned", "approved", "draft")
SEARCH_WORDS = ("社保", "养老保险", "义务教育", "城乡居民", "绩效自评", "公务接待", "不存在的词")
# Issue #20's goals at 20,000 reports, p50 in process, uncached (ms), by kind of page; the
# dashboard's Excel export holds every department and has none.
GOALS_MS = {"public": 50, "api": 50, "search": 100, "dashboard": 300}
NO_GOAL = {"/review/dashboard.xlsx"}


# ---- the database ------------------------------------------------------------------------------


def postgres_recreate(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "scale" not in name and "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'scale' or 'bench'")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_database(args):
    """Point DATABASE_URL at the database to fill; returns True when it must be filled."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        if not args.reuse:
            postgres_recreate(url)
        return True
    path = Path(args.sqlite or Path(tempfile.gettempdir()) / f"portal-scale-{args.reports}-{args.departments}.sqlite3")
    if not args.reuse:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return True


def django_setup():
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("DEBUG", "1")
    # One key in process and in gunicorn, so that the reviewer's session is valid in both.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DEMO_PASSWORD", "scale-bench-password")
    sys.path.insert(0, str(ROOT))
    django.setup()


# ---- generation --------------------------------------------------------------------------------

# Tables holding a version's content, cloned from the demo report: (model, text fields renamed).
# Children of a cloned row are cloned after it, matched by their parent's position.


def content_models():
    from disclosures.models import (
        BasicDataRow,
        BasicDataTable,
        CodeRow,
        DepartmentEvaluation,
        DepartmentIndicator,
        EvaluationIndicator,
        GlossaryEntry,
        KeyWorkItem,
        NarrativeSection,
        ProjectEvaluation,
        TableCell,
    )

    parents = (CodeRow, TableCell, NarrativeSection, KeyWorkItem, GlossaryEntry, ProjectEvaluation,
               DepartmentEvaluation, BasicDataTable)
    children = ((EvaluationIndicator, ProjectEvaluation, "evaluation"), (DepartmentIndicator, DepartmentEvaluation, "evaluation"),
                (BasicDataRow, BasicDataTable, "table"))
    return parents, children


def _text_columns(model):
    from django.db import models

    return {
        f.column
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) or (isinstance(f, models.CharField) and (f.max_length or 0) >= 128)
    }


def _columns(model, *, exclude):
    return [f.column for f in model._meta.concrete_fields if not f.primary_key and f.name != exclude]


def clone_content(*, template, version_ids, old_name):
    """Copy the template version's content to each version of `version_ids` in a few statements,
    its department's name put in place of the template's in the longer text fields."""
    from django.db import connection

    from disclosures.models import Department, Report, ReportVersion

    parents, children = content_models()
    q = connection.ops.quote_name
    version_table, report_table, department_table = (
        ReportVersion._meta.db_table, Report._meta.db_table, Department._meta.db_table
    )
    with connection.cursor() as cursor:
        for start in range(0, len(version_ids), 2000):
            chunk = ",".join(str(pk) for pk in version_ids[start : start + 2000])
            for model in parents:
                columns = _columns(model, exclude="version")
                texts = _text_columns(model)
                select = ", ".join(f"REPLACE(t.{q(c)}, %s, d.name)" if c in texts else f"t.{q(c)}" for c in columns)
                params = [old_name] * sum(1 for c in columns if c in texts)
                cursor.execute(
                    f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)}, version_id) "
                    f"SELECT {select}, v.id FROM {q(model._meta.db_table)} t, {q(version_table)} v "
                    f"JOIN {q(report_table)} r ON r.id = v.report_id JOIN {q(department_table)} d ON d.id = r.department_id "
                    f"WHERE t.version_id = %s AND v.id IN ({chunk})",
                    [*params, template.pk],
                )
            for model, parent, link in children:
                columns = _columns(model, exclude=link)
                fk = model._meta.get_field(link).column
                positioned = any(f.name == "position" for f in parent._meta.concrete_fields)
                match = " AND np.position = tp.position" if positioned else ""
                cursor.execute(
                    f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)}, {q(fk)}) "
                    f"SELECT {', '.join('c.' + q(c) for c in columns)}, np.id FROM {q(model._meta.db_table)} c "
                    f"JOIN {q(parent._meta.db_table)} tp ON tp.id = c.{q(fk)} "
                    f"JOIN {q(parent._meta.db_table)} np ON np.version_id IN ({chunk}){match} "
                    f"WHERE tp.version_id = %s",
                    [template.pk],
                )


def search_documents(*, template, old_name, say):
    """The search document of every report with a published version, as the database engine
    builds it (disclosures.search_database.documents_build), from the template's: its folded
    text with the department's folded name in place of the template's, its codes, and the
    grams of that text put together from the grams of the pieces between the names and of the
    codes (computed once) and of the name and its borders. On PostgreSQL the GIN index is made
    again after the insert, not kept up to date row by row."""
    from django.db import connection

    from disclosures.models import ReportVersion, SearchDocument
    from disclosures.search_database import document_field, documents_build
    from disclosures.search_text import GRAM_SEPARATOR, INDEXED_RUN, document_grams, fold

    started = time.monotonic()
    model = documents_build([template])[0]
    old_name = fold(old_name)
    pieces = model.text.split(old_name)
    piece_grams = document_grams(*pieces, model.codes)
    known = set(piece_grams.split(GRAM_SEPARATOR))

    def grams_of(title, name):
        """The pieces' and codes' grams, then those of the title and the name's borders they
        lack (the same set as document_grams(title, text, codes), in another order)."""
        extra = set(document_grams(title).split(GRAM_SEPARATOR))
        for left, right in zip(pieces, pieces[1:]):
            for a, b in ((left[-1:], name[:1]), (name[-1:], right[:1])):
                if a and b and INDEXED_RUN.fullmatch((a + b).lower()):
                    extra.add((a + b).lower())
        return GRAM_SEPARATOR.join([piece_grams, *sorted(extra - known - {""})])

    versions = ReportVersion.objects.filter(newest_published_of__isnull=False).select_related("report__department")
    documents = []
    for version in versions.iterator(chunk_size=2000):
        department = version.report.department
        name = fold(department.name)
        title = document_field([department.name, *department.alias_list()])
        text = model.text.replace(old_name, name) if version.pk != template.pk else model.text
        grams = grams_of(title, name) if version.pk != template.pk else model.grams
        documents.append(SearchDocument(report_id=version.report_id, version_id=version.pk, year=version.report.year,
                                        department_code=department.code, published_at=version.published_at,
                                        title=title, text=text, codes=model.codes, grams=grams))
    say(f"  {len(documents)} search documents built in {time.monotonic() - started:.1f} s")
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            cursor.execute("DROP INDEX IF EXISTS search_document_grams")
        SearchDocument.objects.all().delete()
        SearchDocument.objects.bulk_create(documents, batch_size=500)
        if postgresql:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred key checks first
            cursor.execute("CREATE INDEX search_document_grams ON disclosures_searchdocument USING gin (grams_vector)")


def _department_tree(region, prefix, count, start=0):
    """`count` departments of a region: 主管部门 with up to four 下属单位 each (unsaved)."""
    from disclosures.models import Department

    made, n = [], start
    while len(made) < count:
        topic = TOPICS[n % len(TOPICS)]
        parent = Department(region=region, code=f"{prefix}{n:05d}", name=f"{region.name}{topic}")
        if n >= len(TOPICS):
            parent.name = f"{region.name}{topic}（{n // len(TOPICS) + 1}）"
        made.append((parent, None))
        for u in range(UNITS_PER_PARENT):
            if len(made) >= count:
                break
            made.append((Department(region=region, code=f"{parent.code}{u + 1:03d}", name=f"{parent.name}第{u + 1}服务中心"), parent))
        n += 1
    return made


def _save_departments(pairs):
    from disclosures.models import Department

    Department.objects.bulk_create([d for d, parent in pairs if parent is None], batch_size=2000)
    for d, parent in pairs:
        if parent is not None:
            d.parent = parent
    Department.objects.bulk_create([d for d, parent in pairs if parent is not None], batch_size=2000)
    return [d for d, _ in pairs]


def generate(*, reports, departments, say):
    """Fill the database (the demo loaded) with `reports` published reports in all and the
    reviewer's `departments`; returns what the measurements need."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.models import Region, Report, ReportVersion
    from disclosures.services import report_published_pointers_refresh
    from reviews.models import DecisionAction, Finding, Part, ReviewDecision, Severity
    from portal.accounts.models import User

    template = ReportVersion.objects.select_related("report__department").get(
        report__department__code=CAIDIAN_CODE, report__year=DASHBOARD_YEAR, state="published"
    )
    old_name = template.report.department.name
    reviewer = User.objects.get(username="reviewer")
    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        hubei = Region.objects.create(code="420000", name="湖北省")
        wuhan = Region.objects.get(code="420100")
        wuhan.parent = hubei
        wuhan.save(update_fields=["parent"])
        caidian = Region.objects.get(code=REVIEWER_REGION)
        districts = [Region(code=code, name=name, parent=wuhan) for code, name in WUHAN_DISTRICTS]
        for code, name, names in CITIES:
            city = Region.objects.create(code=code, name=name, parent=hubei)
            districts += [Region(code=f"{code[:4]}{i + 2:02d}", name=f"{name}{n}", parent=city) for i, n in enumerate(names)]
        districts = Region.objects.bulk_create(districts)

        # The reviewer's scope: `departments` in 蔡甸区 (the demo's four among them).
        in_scope = max(0, departments - 4)
        scope_departments = _save_departments(_department_tree(caidian, REVIEWER_REGION + "9", in_scope))
        published_in_scope = min(int(in_scope * PUBLISHED_SHARE_IN_SCOPE), max(0, reports - 1))
        elsewhere = max(0, reports - 1 - published_in_scope)
        per_district = -(-elsewhere // (len(YEARS) * len(districts))) if elsewhere else 0
        other_departments = []
        for district in districts:
            other_departments += _save_departments(_department_tree(district, district.code + "9", per_district))

        # Reports: (department, year, state). Published ones are the N - 1 besides the demo's.
        plan = []
        states_cycle = [s for s in STATES_IN_SCOPE if s != "published"]
        for i, department in enumerate(scope_departments):
            if i < published_in_scope:
                plan.append((department, DASHBOARD_YEAR, "published"))
            elif i % 20 != 19:  # one in twenty has no report yet
                plan.append((department, DASHBOARD_YEAR, states_cycle[i % len(states_cycle)]))
        left = elsewhere
        for year in YEARS:
            for department in other_departments:
                if left == 0:
                    break
                plan.append((department, year, "published"))
                left -= 1
        report_rows = Report.objects.bulk_create([Report(department=d, year=y) for d, y, _ in plan], batch_size=2000)

        versions, content_of = [], []
        for i, (report, (_, _, state)) in enumerate(zip(report_rows, plan)):
            published_at = now - timedelta(minutes=7 * i)
            stamps = dict(submitted_at=published_at - timedelta(days=30))
            if state in ("approved", "published"):
                stamps["approved_at"] = published_at - timedelta(days=1)
            if state == "published":
                stamps["published_at"] = published_at
                if i % 20 == 7:  # a published correction: v1 and v2 both public
                    versions.append(ReportVersion(report=report, number=1, state="published", **stamps))
                    stamps = {**stamps, "published_at": published_at + timedelta(days=3)}
                    versions.append(ReportVersion(report=report, number=2, state="published", correction_note="更正数据", **stamps))
                    continue
                versions.append(ReportVersion(report=report, number=1, state="published", **stamps))
                if i % 25 == 3:  # a correction being drafted
                    versions.append(ReportVersion(report=report, number=2, state="draft", correction_note="更正中"))
                continue
            versions.append(ReportVersion(report=report, number=1, state=state, **stamps))
        versions = ReportVersion.objects.bulk_create(versions, batch_size=2000)
        published_ids = [v.pk for v in versions if v.state == "published"]
        say(f"  {len(report_rows)} reports, {len(versions)} versions in {time.monotonic() - started:.1f} s")

        clone_content(template=template, version_ids=published_ids, old_name=old_name)
        say(f"  content of {len(published_ids)} published versions copied in {time.monotonic() - started:.1f} s")
        report_published_pointers_refresh()
        search_documents(template=template, old_name=old_name, say=say)
        say(f"  search documents written in {time.monotonic() - started:.1f} s")

        findings, decisions = [], []
        for i, version in enumerate(v for v in versions if v.state != "published" and v.report.department.region_id == caidian.pk):
            for n in range(i % 4):
                findings.append(Finding(version=version, rule_code=f"R{n:03d}", severity=Severity.ERROR, part=Part.TABLES,
                                        message="合计不等于分项之和", fingerprint=f"R{n:03d}", position=n))
            for n in range(i % 3):
                findings.append(Finding(version=version, rule_code=f"N{n:02d}", severity=Severity.WARNING, part=Part.TABLES,
                                        message="尾差", fingerprint=f"N{n:02d}", position=10 + n))
            if version.state == "returned" or i % 7 == 0:
                decisions.append(ReviewDecision(version=version, action=DecisionAction.RETURN, reviewer=reviewer, reason="请核对"))
        Finding.objects.bulk_create(findings, batch_size=5000)
        ReviewDecision.objects.bulk_create(decisions, batch_size=5000)
    analyze()
    say(f"  generated in {time.monotonic() - started:.1f} s")


def analyze():
    """Planner statistics, and on PostgreSQL the visibility map too (VACUUM), so that the
    listings' index-only scans read no table pages, as autovacuum leaves a live database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def scale_counts():
    from disclosures.models import Department, Report, ReportVersion

    return {
        "published_reports": Report.objects.filter(versions__state="published").distinct().count(),
        "reviewer_departments": Department.objects.filter(region__code=REVIEWER_REGION).count(),
        "versions": ReportVersion.objects.count(),
    }


# ---- in process --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Revalidate:
    """A GET of `path` sending back the ETag its answer carries (If-None-Match): a 304."""

    path: str

    def __str__(self):
        return f"{self.path} (304)"


def page_sets(*, reports, departments):
    """The addresses measured, by kind, chosen from the data."""
    from disclosures.models import Report
    from disclosures.sitemaps import PublishedReportSitemap, PublishedVersionSitemap

    newest = Report.objects.filter(versions__state="published", versions__number=2).select_related("department").first()
    plain = (
        Report.objects.filter(versions__state="published", department__region__code=REVIEWER_REGION)
        .exclude(department__code__startswith="420114001")
        .select_related("department")
        .order_by("department__code")
        .first()
    ) or Report.objects.filter(versions__state="published").select_related("department").first()
    report = newest or plain
    parent = report.department.parent or report.department
    name = plain.department.name
    code, year = report.department.code, report.year
    number = report.versions.filter(state="published").order_by("-number").first().number
    pinned = f"/reports/{code}/{year}/v{number}/"
    compare, province = f"/compare/regions/{REVIEWER_REGION}/{DASHBOARD_YEAR}/", f"/compare/regions/420000/{DASHBOARD_YEAR}/"
    report_pages = PublishedReportSitemap().paginator.num_pages
    version_pages = PublishedVersionSitemap().paginator.num_pages
    public = [
        "/", "/years/", f"/years/{DASHBOARD_YEAR}/", "/regions/", f"/regions/{REVIEWER_REGION}/", "/regions/420000/",
        f"/reports/{code}/{year}/", pinned, f"/reports/{code}/{year}/v1/", Revalidate(pinned), Revalidate(f"/reports/{code}/{year}/"),
        f"/reports/{code}/{year}/tables/3.csv", f"/reports/{code}/{year}/tables.xlsx",
        f"/departments/{parent.code}/", f"/compare/departments/{code}/",
        compare, f"{compare}?sort=-expenditure&page=2", f"{province}?sort=-basic_share",
        f"{compare}compare.csv", f"{compare}compare.xlsx", f"{province}compare.xlsx",
        "/sitemap.xml", f"/sitemap-reports.xml?p={max(1, report_pages // 2)}", f"/sitemap-versions.xml?p={version_pages}",
    ]
    api = [
        "/api/v1/years/", "/api/v1/regions/", "/api/v1/reports/", f"/api/v1/reports/?year={DASHBOARD_YEAR}&region={REVIEWER_REGION}",
        f"/api/v1/reports/?page={max(1, min(20, reports // 100))}", f"/api/v1/reports/{code}/{year}/", f"/api/v1/reports/{code}/{year}/versions/1/",
        f"/api/v1/reports/{code}/{year}/versions/1/tables/3/",
    ]
    dashboard = [
        "/review/", "/review/?sort=-errors", "/review/?late=on", "/review/?state=submitted", f"/review/?q={quote('服务中心')}",
        f"/review/?page={max(1, min(10, departments // 50))}", f"/review/?sort=state&page={max(1, min(3, departments // 50))}", "/review/dashboard.xlsx",
    ]
    search = [f"/search/?q={quote(w)}" for w in SEARCH_WORDS[:3]] + [
        f"/search/?q={quote(name)}", f"/search/?q={quote('社保')}&page=3", f"/search/?q={quote('不存在的词')}",
        f"/search/?q={quote('三公经费')}", "/search/?q=2080505",
        f"/search/?q={quote('社保')}&year={DASHBOARD_YEAR}&region={REVIEWER_REGION}",
        f"/search/?q={quote('养老保险')}&year=2023&region=420000&dept={quote('服务中心')}",
    ]
    public = list(dict.fromkeys(public))  # with no correction published, the newest version is v1
    return {"trivial": ["/bench/trivial/"], "public": public, "api": api, "dashboard": dashboard, "search": search}


def one_off_writes(*, pages, say):
    """What a publication writes once and the pages then read: the measured reports' artifacts
    (built here first, as their publication would have), and how long that takes for a
    version; the comparisons' downloads written afresh (their first request after a
    publication in the region). Returns result lines of kind "build"."""
    from django.test import Client, override_settings

    from disclosures.artifacts.services import version_artifacts_build
    from disclosures.models import ComparisonDownload, PublishedArtifact, ReportVersion

    lines = []
    codes = {str(p).split("/")[2] for p in pages.get("public", []) if str(p).startswith("/reports/")}
    measured = ReportVersion.objects.filter(state="published", report__department__code__in=codes)
    spare = ReportVersion.objects.filter(state="published", artifacts__isnull=True).exclude(pk__in=measured)[:5]
    for version in list(spare):
        started = time.perf_counter()
        version_artifacts_build(version=version)
        lines.append({"page": f"artifacts of one version ({version.report.department.code} v{version.number})", "kind": "build",
                      "p50_ms": round((time.perf_counter() - started) * 1000, 1)})
    for version in measured:
        version_artifacts_build(version=version)
    say(f"  {PublishedArtifact.objects.values('version').distinct().count()} versions have their artifacts built")
    downloads = [p for p in pages.get("public", []) if isinstance(p, str) and p.endswith(("compare.csv", "compare.xlsx"))]
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        client = Client()
        for path in downloads:
            client.get(path)  # warm: imports, templates
            ComparisonDownload.objects.filter(region__code=path.split("/")[3]).delete()
            started = time.perf_counter()
            response = client.get(path)
            lines.append({"page": f"{path} (written afresh)", "kind": "build", "status": response.status_code,
                          "p50_ms": round((time.perf_counter() - started) * 1000, 1), "bytes": len(response.content)})
    return lines


class QueryLog(list):
    """The SQL of every query run inside the block (a list of strings)."""

    def __enter__(self):
        from django.db import connection

        def log(execute, sql, params, many, context):
            self.append(sql)
            return execute(sql, params, many, context)

        self._wrapper = connection.execute_wrapper(log)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)


def measure(client, page, *, runs, budget):
    path, headers, expected = page, {}, 200
    if isinstance(page, Revalidate):
        path, expected = page.path, 304
        headers = {"If-None-Match": client.get(path)["ETag"]}
    response = client.get(path, headers=headers)  # warm: templates, connections
    if response.status_code != expected:
        raise SystemExit(f"{page}: status {response.status_code}")
    with QueryLog() as queries:
        response = client.get(path, headers=headers)
    size = len(response.content) if not response.streaming else sum(len(c) for c in response.streaming_content)
    times, cpu, deadline = [], [], time.perf_counter() + budget
    for n in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if n >= 2 and time.perf_counter() > deadline:
            break
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 2), "p99_ms": round(p99, 2),
            "cpu_p50_ms": round(statistics.median(cpu), 2), "queries": len(queries),
            "bytes": size, "runs": len(times), "status": response.status_code}


def cached_hit_queries(path):
    """Queries a cached hit costs: the page fetched twice with the page cache on (local memory)."""
    from django.test import Client, override_settings

    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                               "LOCATION": "scale-bench"}}):
        client = Client()
        client.get(path)
        with QueryLog() as queries:
            response = client.get(path)
        aggregates = sum(1 for sql in queries if any(word in sql.upper() for word in ("COUNT(", "MAX(", "MIN(")))
        return {"queries": len(queries), "aggregate_queries": aggregates, "bytes": len(response.content)}


def in_process(*, pages, runs, budget, reviewer_session):
    from django.test import Client, override_settings

    results = []
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        anonymous, reviewer = Client(), Client()
        reviewer.cookies["sessionid"] = reviewer_session
        for kind, paths in pages.items():
            for path in paths:
                client = reviewer if kind == "dashboard" else anonymous
                results.append({"page": str(path), "kind": kind, "goal_ms": None if path in NO_GOAL else GOALS_MS.get(kind),
                                **measure(client, path, runs=runs, budget=budget)})
    return results


def reviewer_session_key():
    from django.test import Client

    from portal.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="reviewer"))
    return client.cookies["sessionid"].value


# ---- through gunicorn --------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(*, workers, workdir):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DEBUG="0",
        AUDIT_KEY=secrets.token_urlsafe(48),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(workdir / "static"),
        CACHE_URL="dummycache://",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "portal.wsgi:application", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/bench/trivial/", timeout=2) as response:
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer in time")


def drive(base, paths, *, duration, connections, cookie=None):
    """Threads with keep-alive connections for `duration` seconds: requests per second."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    counts, errors = [0] * connections, [0] * connections
    stop = time.monotonic() + duration
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}

    def run(n):
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        i = n
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[n] += 1
                else:
                    counts[n] += 1
            except OSError:
                errors[n] += 1
                conn = http.client.HTTPConnection(host, int(port), timeout=30)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started), sum(errors)


def through_server(*, pages, duration, connections, workers, reviewer_session):
    workdir = Path(tempfile.mkdtemp(prefix="scale_bench_"))
    server, base = start_server(workers=workers, workdir=workdir)
    try:
        rates = {}
        for kind, paths in pages.items():
            for path in paths:
                cookie = reviewer_session if kind == "dashboard" else None
                rate, errors = drive(base, [path], duration=duration, connections=connections, cookie=cookie)
                rates[path] = (rate, errors)
        return rates
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


# ---- main --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="published reports in all (the demo's included)")
    parser.add_argument("--departments", type=int, default=2000, help="departments in the reviewer's scope")
    parser.add_argument("--runs", type=int, default=20, help="requests per page in process")
    parser.add_argument("--budget", type=float, default=15.0, help="seconds per page in process at most (3 runs at least)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--sqlite", help="SQLite file to use without DATABASE_URL (default: in the temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="measure a database this script filled before")
    parser.add_argument("--server", action=argparse.BooleanOptionalAction, default=True, help="also drive gunicorn")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per page through gunicorn")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", choices=("trivial", "public", "api", "dashboard", "search"), action="append",
                        help="measure only these kinds (repeatable)")
    args = parser.parse_args()

    def say(text):
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    prepare_database(args)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.reuse:
        say(f"{connection.vendor}: migrating, loading the demo, generating {args.reports} published reports "
            f"and {args.departments} departments for the reviewer …")
        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))
        generate(reports=args.reports, departments=args.departments, say=say)
    else:
        call_command("migrate", "--noinput", verbosity=0)  # a database filled by an earlier schema
    counts = scale_counts()
    say(f"{connection.vendor} ({connection.settings_dict['NAME']}): {counts['published_reports']} published reports, "
        f"{counts['reviewer_departments']} departments in the reviewer's region, {counts['versions']} versions; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    pages = page_sets(reports=args.reports, departments=args.departments)
    if args.only:
        pages = {kind: paths for kind, paths in pages.items() if kind in args.only or kind == "trivial"}
    builds = one_off_writes(pages=pages, say=say) if "public" in pages else []
    session = reviewer_session_key()
    results = in_process(pages=pages, runs=args.runs, budget=args.budget, reviewer_session=session)
    cached = [
        {"page": path, "kind": kind, "cached": True, **cached_hit_queries(path)}
        for kind in ("public", "api", "search")
        for path in [p for p in pages.get(kind, []) if isinstance(p, str)][:3]
        + [p for p in pages.get(kind, []) if isinstance(p, str) and p.startswith("/reports/") and "/v" in p][:1]
    ]
    rates = {}
    if args.server:
        driven = {kind: paths[:3] for kind, paths in pages.items()}
        rates = through_server(pages=driven, duration=args.duration, connections=args.connections,
                               workers=args.workers, reviewer_session=session)
    trivial_rate = rates.get("/bench/trivial/", (0, 0))[0]
    for row in results:
        if row["page"] in rates:
            row["rps"] = round(rates[row["page"]][0], 1)
            row["rps_vs_trivial"] = round(rates[row["page"]][0] / trivial_rate, 4) if trivial_rate else None
            row["server_errors"] = rates[row["page"]][1]

    if args.json:
        for row in results + cached + builds:
            print(json.dumps({"reports": counts["published_reports"], **row}, ensure_ascii=False))
        return
    trivial = next((r["p50_ms"] for r in results if r["kind"] == "trivial"), None)
    print(f"\n{'page':<58} {'kind':<9} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>7} {'p50/triv':>9} {'queries':>7} "
          f"{'bytes':>9} {'goal':>7} {'req/s':>7} {'rps/triv':>9}")
    for row in results:
        ratio = f"{row['p50_ms'] / trivial:.0f}" if trivial else "—"
        rps = f"{row['rps']:.0f}" if "rps" in row else ""
        rps_ratio = f"{row['rps_vs_trivial']:.3f}" if row.get("rps_vs_trivial") else ""
        goal = f"≤{row['goal_ms']} {'✓' if row['p50_ms'] <= row['goal_ms'] else '✗'}" if row.get("goal_ms") else ""
        goal = "anchor" if row["kind"] == "trivial" else goal
        print(f"{row['page'][:58]:<58} {row['kind']:<9} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['cpu_p50_ms']:>7.1f} "
              f"{ratio:>9} {row['queries']:>7} {row['bytes']:>9} {goal:>7} {rps:>7} {rps_ratio:>9}")
    print("\ncached hits (page cache on, local memory): queries and aggregate queries per hit")
    for row in cached:
        print(f"  {row['page'][:70]:<70} {row['queries']} queries, {row['aggregate_queries']} aggregate")
    print("\nwritten once (a publication's artifacts; a comparison download after a publication in its region)")
    for row in builds:
        print(f"  {row['page'][:78]:<78} {row['p50_ms']:>8.1f} ms")
    speed_goals()


def speed_goals():
    """Issue #20's other goals, each measured by its own bench in a process of its own (on its
    own SQLite file): the import, a command's start, the PDF. Their last line is JSON."""
    print("\nimport, command start and PDF (bench/import_speed.py, command_start.py, render_pdf.py):")
    for script, args in (
        ("import_speed.py", ["--runs", "15"]),
        ("command_start.py", ["--runs", "5"]),
        ("render_pdf.py", ["--runs", "3", "--batch", "0", "--plain", "3"]),
    ):
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        done = subprocess.run([PYTHON, str(ROOT / "bench" / script), *args, "--json"], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            print(f"  {script}: failed ({done.returncode}): {done.stderr.strip()[-300:]}")
            continue
        goal = json.loads(lines[-1])
        for line in lines[:-1]:
            if "goal" in line or line.startswith("warm render"):
                print(f"  {line.strip()}")
        print(f"  {script}: {json.dumps(goal, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
