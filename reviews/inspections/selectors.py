"""Reads of the 公开检查: the inspections and files a reviewer may see, an inspection's progress
and its files, and when each department published (as the reviewer says, as the portal
recorded, or as its PDF states)."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from disclosures.models import Department, ReportVersion
from disclosures.selectors import region_and_descendant_ids

from ..models import FileStatus, InspectedFile, Inspection

# Where a file's publication date comes from, most trusted first.
DATE_STATED, DATE_PORTAL, DATE_PDF = "审核人填写", "本平台公开记录", "PDF文件信息"


def inspections_for_user(*, user):
    """Inspections of the reviewer's region and the regions below it; none for anyone else."""
    if not (user.is_authenticated and user.is_reviewer and user.region_id):
        return Inspection.objects.none()
    return (
        Inspection.objects.filter(region_id__in=region_and_descendant_ids(region=user.region))
        .select_related("region")
        .annotate(
            file_count=Count("files"),
            done_count=Count("files", filter=Q(files__status=FileStatus.DONE)),
            failed_count=Count("files", filter=Q(files__status=FileStatus.FAILED)),
        )
    )


def inspection_may_change(*, user, inspection):
    """Whether the user may delete or check again the inspection's files: its own region's
    reviewers (a reviewer of a region above sees it, and may confirm departments, but no more)."""
    return bool(user.is_authenticated and user.is_reviewer and user.region_id and user.region_id == inspection.region_id)


def region_departments(*, region):
    """The departments of a region and the regions below it: what an inspected file may be."""
    return (
        Department.objects.filter(region_id__in=region_and_descendant_ids(region=region))
        .select_related("region__parent__parent", "parent")
        .order_by("code")
    )


def inspected_files_for_user(*, user):
    return InspectedFile.objects.filter(
        inspection__in=inspections_for_user(user=user).values("pk")
    ).select_related("inspection__region", "department")


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    failed: int

    @property
    def finished(self):
        return self.done + self.failed

    @property
    def open(self):
        return self.total - self.finished

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.finished / self.total)


def inspection_progress(*, inspection):
    counts = dict(
        InspectedFile.objects.filter(inspection=inspection).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return Progress(
        total=sum(counts.values()), done=counts.get(FileStatus.DONE, 0), failed=counts.get(FileStatus.FAILED, 0)
    )


def inspection_files(*, inspection):
    return (
        InspectedFile.objects.filter(inspection=inspection)
        .select_related("department", "department__parent")
        .order_by("name", "pk")
    )


def portal_publication_dates(*, departments, year):
    """{department id: the day the portal first published its report of the year}."""
    rows = (
        ReportVersion.objects.filter(report__department__in=departments, report__year=year, published_at__isnull=False)
        .values("report__department_id")
        .annotate(first=Min("published_at"))
    )
    return {row["report__department_id"]: timezone.localtime(row["first"]).date() for row in rows}


def file_publication(file, portal_dates):
    """(date, where it comes from) of a file's publication: the reviewer's, the portal's, the PDF's."""
    if file.published_on:
        return file.published_on, DATE_STATED
    if file.department_id in portal_dates:
        return portal_dates[file.department_id], DATE_PORTAL
    if file.pdf_date:
        return file.pdf_date, DATE_PDF
    return None, ""
