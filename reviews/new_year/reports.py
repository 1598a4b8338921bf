"""The reports of an opened year, created in the background (a YearOpeningRun, started by
tasks.py), a batch of units per transaction so that its page can show how far it got.

Idempotent: only units still without the year's report get one, so a run started twice, or
again after it stopped, creates each report once. Each batch first locks the run's row: two
runners of one run take turns.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from disclosures.models import Department, Report
from disclosures.services import report_create
from portal.audit.services import audit_record

from ..models import RunStatus, YearOpeningRun

BATCH = 20  # on SQLite a batch holds the write lock: other writers wait at most one batch


def year_open_reports_run(*, run_id):
    """Create the missing reports of run `run_id`; returns how many this call created (0 when the
    run is done already or gone)."""
    with transaction.atomic():
        run = YearOpeningRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == RunStatus.DONE:
            return 0
        YearOpeningRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, error="", updated_at=timezone.now())
    ids = list(run.departments)
    created = []
    try:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            with transaction.atomic():
                YearOpeningRun.objects.select_for_update().only("pk").get(pk=run_id)
                have = set(Report.objects.filter(year=run.year, department_id__in=chunk).values_list("department_id", flat=True))
                batch = []
                for department in Department.objects.filter(pk__in=set(chunk) - have).select_related("region").order_by("code"):
                    report_create(department=department, year=run.year, user=run.created_by)
                    batch.append(department.code)
                YearOpeningRun.objects.filter(pk=run_id).update(
                    processed=Greatest(F("processed"), start + len(chunk)),
                    reports_created=F("reports_created") + len(batch),
                    updated_at=timezone.now(),
                )
            created += batch
    except Exception as exc:
        YearOpeningRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        raise
    with transaction.atomic():
        run = YearOpeningRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.DONE:
            now = timezone.now()
            YearOpeningRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE, processed=run.total, finished_at=now, updated_at=now
            )
            audit_record(
                action="year_open_reports",
                actor=run.created_by,
                payload={"year": run.year, "run": run.pk, "reports_created": created, "total_created": run.reports_created},
            )
    return len(created)


def year_open_run_restart(*, run):
    """Mark a stopped or failed run to be started again (tasks.year_open_reports_start starts it)."""
    YearOpeningRun.objects.filter(pk=run.pk).exclude(status=RunStatus.DONE).update(
        status=RunStatus.QUEUED, error="", updated_at=timezone.now()
    )
