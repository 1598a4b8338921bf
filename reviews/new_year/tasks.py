"""The Celery task creating an opened year's reports (reports.py); registered through reviews/tasks.py."""

from celery import shared_task

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)
from portal.background import task_start

from .reports import year_open_reports_run, year_open_run_restart


@shared_task(name="reviews.year_open_reports", acks_late=True, reject_on_worker_lost=True)
def year_open_reports(run_id):
    return year_open_reports_run(run_id=run_id)


def year_open_reports_start(*, run, restart=False):
    """Start creating the run's reports in the background (portal.background: on the broker, in a
    thread, or at once in the test settings)."""
    if restart:
        year_open_run_restart(run=run)
    return task_start(year_open_reports, run.pk)
