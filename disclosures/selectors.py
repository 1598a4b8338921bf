"""Reads: who may see which departments and reports, and a version's content."""

from django.db.models import OuterRef, Q, Subquery

from .models import CodeRow, Department, Region, Report, ReportVersion, TableCell, VersionState
from .tables.values import TableData


def region_and_descendant_ids(*, region):
    """The region's id and every region below it (regions are a shallow tree)."""
    ids, frontier = {region.pk}, [region.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.update(frontier)
    return ids


def departments_for_user(*, user):
    """The departments a user works on: an accountant's own, a reviewer's region and extra ones."""
    if not user.is_authenticated or not user.is_active:
        return Department.objects.none()
    if user.is_portal_admin:
        return Department.objects.all()
    if user.is_accountant:
        return user.departments.all()
    if user.is_reviewer:
        scope = Q(pk__in=user.departments.values("pk"))
        if user.region_id:
            scope |= Q(region_id__in=region_and_descendant_ids(region=user.region))
        return Department.objects.filter(scope)
    return Department.objects.none()


def reports_for_user(*, user, year=None):
    """Reports in a user's scope with their newest version annotated as `latest_version_id`."""
    latest = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("pk")[:1]
    reports = (
        Report.objects.filter(department__in=departments_for_user(user=user))
        .select_related("department", "department__region")
        .annotate(latest_version_id=Subquery(latest))
    )
    if year:
        reports = reports.filter(year=year)
    return reports


def version_latest(*, report):
    return report.versions.order_by("-number").first()


def published_versions(*, year=None, region=None):
    """The newest published version of each report, newest publication first."""
    newest = (
        ReportVersion.objects.filter(report=OuterRef("report"), state=VersionState.PUBLISHED)
        .order_by("-number")
        .values("pk")[:1]
    )
    versions = (
        ReportVersion.objects.filter(state=VersionState.PUBLISHED, pk=Subquery(newest))
        .select_related("report", "report__department", "report__department__region")
        .order_by("-published_at", "report__department__code")
    )
    if year:
        versions = versions.filter(report__year=year)
    if region is not None:
        versions = versions.filter(report__department__region_id__in=region_and_descendant_ids(region=region))
    return versions


def published_version(*, department_code, year, number=None):
    """A published version by its public address; None when there is none."""
    versions = ReportVersion.objects.select_related("report", "report__department").filter(
        report__department__code=department_code, report__year=year, state=VersionState.PUBLISHED
    )
    if number is not None:
        versions = versions.filter(number=number)
    return versions.order_by("-number").first()


def version_tables(*, version):
    """Every table of a version as TableData, in two queries."""
    tables = {number: TableData(number=number) for number in range(1, 10)}
    for row in CodeRow.objects.filter(version=version).order_by("table", "position"):
        tables[row.table].code_rows.append((row.code, row.name))
    for cell in TableCell.objects.filter(version=version):
        tables[cell.table].cells[(cell.row, cell.column)] = cell.amount
        if cell.source:
            tables[cell.table].sources[(cell.row, cell.column)] = cell.source
    return tables
