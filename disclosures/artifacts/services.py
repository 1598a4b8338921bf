"""Published versions' artifacts (PublishedArtifact): built once, stored, served unchanged.

A version's artifacts are built when it is published (disclosures.services.
report_published_version_refresh), by `python manage.py build_published_artifacts` for the
versions published before artifacts existed, and, failing both, on the first request for one
(published_artifact). An artifact is never rebuilt: a correction is a new version.
"""

import hashlib
import zlib
from dataclasses import dataclass

from django.db import transaction

from ..comparison import EXPORT_FIELDS, comparison_csv, comparison_xlsx
from ..models import ComparisonDownload, PublicRegionYear, PublishedArtifact, ReportVersion, VersionState
from ..selectors import region_comparison, version_tables
from ..tables.spec import TABLES
from . import build

PAGE = "page"
XLSX = "xlsx"


def csv_kind(number):
    return f"csv{number}"


KINDS = (PAGE, XLSX, *(csv_kind(spec.number) for spec in TABLES))


class NotPublished(ValueError):
    """Only a published version has artifacts."""


@dataclass(frozen=True)
class Artifact:
    content: bytes
    sha256: str


def _built(version, kinds):
    """{kind: bytes} of `kinds` for the version (the tables read once)."""
    tables = version_tables(version=version) if set(kinds) - {PAGE} else None
    made = {}
    for kind in kinds:
        if kind == PAGE:
            made[kind] = build.page_body(version)
        elif kind == XLSX:
            made[kind] = build.workbook(version, tables=tables)
        else:
            made[kind] = build.table_csv(version, int(kind.removeprefix("csv")), tables=tables)
    return made


def version_artifacts_build(*, version, kinds=KINDS):
    """Build and store the artifacts of `kinds` the published version does not have yet;
    returns how many were stored. Existing ones are left as they are (a concurrent build of
    the same one is ignored: the first stored stays)."""
    if version.state != VersionState.PUBLISHED:
        raise NotPublished(f"version {version.pk} is not published")
    have = set(PublishedArtifact.objects.filter(version=version, kind__in=kinds).values_list("kind", flat=True))
    missing = [kind for kind in kinds if kind not in have]
    if not missing:
        return 0
    rows = [
        PublishedArtifact(
            version=version,
            kind=kind,
            content=zlib.compress(data, 6),
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
        )
        for kind, data in _built(version, missing).items()
    ]
    PublishedArtifact.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def version_artifacts_build_on_commit(*, version):
    """Build the version's artifacts as soon as its publication is committed (in the same
    process: the worker or the request that published it). Should that fail or the process
    die first, the first request builds the one it asks for."""

    def build_now():
        fresh = ReportVersion.objects.select_related("report__department__region").get(pk=version.pk)
        if fresh.state == VersionState.PUBLISHED:
            version_artifacts_build(version=fresh)

    transaction.on_commit(build_now, robust=True)


def published_artifact(*, version, kind):
    """The stored artifact of a published version, built now when it is missing."""

    def stored():
        return PublishedArtifact.objects.filter(version=version, kind=kind).values_list("content", "sha256").first()

    row = stored()
    if row is None:
        version_artifacts_build(version=version, kinds=(kind,))
        row = stored()
    return Artifact(content=zlib.decompress(row[0]), sha256=row[1])


# ---- a region comparison's downloads ------------------------------------------------------------


def _listing_fingerprint(*, node, year):
    """What a region's comparison of a year lists, in a few bytes: the region's name and the
    rows of PublicRegionYear of it and below, which every change of a listed report writes
    anew (disclosures.listing.services), so that their keys change with it."""
    rows = PublicRegionYear.objects.filter(region_id__in=node["ids"], year=year).order_by("pk")
    keys = ",".join(f"{pk}:{count}" for pk, count in rows.values_list("pk", "reports"))
    return hashlib.sha256(f"{node['region'].name}|{keys}".encode()).hexdigest()


def comparison_download(*, node, year, kind):
    """The region comparison of a year as "csv" or "xlsx" (every department of the region,
    `node` from selectors.public_region_node, and below): the one stored when nothing it lists
    has changed since, else written now and stored for the next request."""
    region = node["region"]
    fingerprint = _listing_fingerprint(node=node, year=year)
    stored = (
        ComparisonDownload.objects.filter(region=region, year=year, kind=kind)
        .values_list("fingerprint", "content", "sha256")
        .first()
    )
    if stored is not None and stored[0] == fingerprint:
        return Artifact(content=zlib.decompress(stored[1]), sha256=stored[2])
    rows = list(region_comparison(region_ids=node["ids"], year=year).values_list(*EXPORT_FIELDS))
    if kind == "csv":
        data = comparison_csv(rows)
    else:
        data = comparison_xlsx(
            rows, title=f"{region.name}{year}年度部门决算比较（金额单位：万元）", sheet_title=f"{year}年度比较"
        )
    sha256 = hashlib.sha256(data).hexdigest()
    ComparisonDownload.objects.update_or_create(
        region=region,
        year=year,
        kind=kind,
        defaults={"fingerprint": fingerprint, "content": zlib.compress(data, 6), "sha256": sha256, "size": len(data)},
    )
    return Artifact(content=data, sha256=sha256)
