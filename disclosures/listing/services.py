"""The public listings' rows (PublicReport, PublicRegionYear): kept from the reports, their
newest published version, their department and that version's cells.

Called by the publication (one report), after a bulk load (every report) and when a
department is created, moved, renamed or given another 主管部门 (its reports and its units').
Each call recomputes its rows from the source tables, so calling it again is harmless.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q

from ..models import Department, PublicRegionYear, PublicReport, Report
from ..selectors import basic_share, main_figures_for_versions

CHUNK = 2000
SHARE_PLACES = Decimal("0.0001")


def _rows(reports):
    """The PublicReport rows of `reports` (those with a published version)."""
    published = [r for r in reports if r.published_version_id]
    figures = main_figures_for_versions(version_ids=[r.published_version_id for r in published])
    rows = []
    for report in published:
        department = report.department
        amounts = figures[report.published_version_id]
        share = basic_share(amounts["basic"], amounts["project"])
        rows.append(
            PublicReport(
                report=report,
                version_id=report.published_version_id,
                year=report.year,
                published_at=report.published_version.published_at,
                department=department,
                department_code=department.code,
                root_code=department.parent.code if department.parent_id else department.code,
                region_id=department.region_id,
                basic_share=None if share is None else share.quantize(SHARE_PLACES),
                **amounts,
            )
        )
    return rows


def _region_years_recount(pairs):
    """PublicRegionYear for the (region id, year) pairs, counted again from PublicReport."""
    if not pairs:
        return
    wanted = Q()
    for region_id, year in pairs:
        wanted |= Q(region_id=region_id, year=year)
    counts = PublicReport.objects.filter(wanted).values("region_id", "year").annotate(n=Count("pk"))
    PublicRegionYear.objects.filter(wanted).delete()
    PublicRegionYear.objects.bulk_create(
        PublicRegionYear(region_id=c["region_id"], year=c["year"], reports=c["n"]) for c in counts
    )


@transaction.atomic
def public_reports_refresh(*, reports=None):
    """Rewrite the listing rows of `reports` (a Report queryset or list; None: every report)
    and the region counts they change."""
    queryset = Report.objects.select_related("department__parent", "published_version").order_by("pk")
    if reports is None:
        PublicReport.objects.all().delete()
        PublicRegionYear.objects.all().delete()
        for start in range(0, queryset.count(), CHUNK):
            chunk = list(queryset[start : start + CHUNK])
            PublicReport.objects.bulk_create(_rows(chunk), batch_size=CHUNK)
        counts = PublicReport.objects.values("region_id", "year").annotate(n=Count("pk"))
        PublicRegionYear.objects.bulk_create(
            PublicRegionYear(region_id=c["region_id"], year=c["year"], reports=c["n"]) for c in counts
        )
        return
    chunk = list(queryset.filter(pk__in=[r.pk for r in reports]))
    old = PublicReport.objects.filter(report__in=chunk)
    pairs = set(old.values_list("region_id", "year"))
    old.delete()
    rows = PublicReport.objects.bulk_create(_rows(chunk))
    pairs |= {(row.region_id, row.year) for row in rows}
    _region_years_recount(pairs)


def department_listings_refresh(*, departments):
    """After departments changed (a move, a new 主管部门, a new code): the listing rows of
    their reports and of their units' reports."""
    ids = {d.pk for d in departments}
    ids |= set(Department.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    reports = list(Report.objects.filter(department_id__in=ids))
    if reports:
        public_reports_refresh(reports=reports)
