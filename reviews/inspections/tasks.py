"""The Celery tasks of the 公开检查: check one inspected file, sweep up lost ones, and purge the
kept public results that have expired.

Registered with the worker through reviews/tasks.py (Celery's autodiscovery reads that module).
Without a broker (Celery eager) the checks of an upload are jobs of the web process's background
thread (portal.background, their own lane) rather than run inside the request.
"""

import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)
from portal.background import job_start

from . import CHECK_LANE
from .checking import inspected_file_check, inspected_file_fail, inspected_files_requeue
from .public import kept_checks_purge

CHECK_TASK = "reviews.check_inspected_file"


@shared_task(
    bind=True,
    name=CHECK_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    # The reader stops itself at INSPECTION_READ_SECONDS; these stop a reading that does not.
    soft_time_limit=int(settings.INSPECTION_READ_SECONDS) + 60,
    time_limit=int(settings.INSPECTION_READ_SECONDS) + 90,
)
def check_inspected_file(self, file_id):
    """Read and check one stored PDF of an inspection; idempotent (claimed under the task's id)."""
    token = self.request.id
    try:
        return inspected_file_check(file_id=file_id, token=token)
    except SoftTimeLimitExceeded:
        inspected_file_fail(file_id=file_id, token=token, error="检查超过时限，已停止；文件的页面过于复杂，无法检查")
        return None


@shared_task(name="reviews.requeue_inspected_files")
def requeue_inspected_files():
    """Run by celery beat: queue again the files whose message may be lost or whose check was cut off."""
    return inspected_files_requeue(enqueue=enqueue_check)


@shared_task(name="reviews.purge_kept_checks")
def purge_kept_checks():
    """Run by celery beat: delete the kept public check results older than PUBLIC_CHECK_KEEP_DAYS."""
    return kept_checks_purge()


def enqueue_check(file_id):
    """Queue a file's check (on INSPECTION_CHECK_QUEUE when set, read now: a test may change it)."""
    options = {"queue": settings.INSPECTION_CHECK_QUEUE} if settings.INSPECTION_CHECK_QUEUE else {}
    check_inspected_file.apply_async((file_id,), **options)


def enqueue_checks(file_ids):
    """Queue the files' checks; when a task would run eagerly, in its caller (no broker), make them
    jobs of this process's background thread instead, so that an upload returns at once."""
    if check_inspected_file.app.conf.task_always_eager:
        for file_id in file_ids:
            # one claim for all the job's tries: a retry after a database error takes up its own claim
            job_start(inspected_file_check_job, file_id, uuid.uuid4().hex, lane=CHECK_LANE, name=CHECK_TASK)
        return
    for file_id in file_ids:
        enqueue_check(file_id)


def inspected_file_check_job(file_id, token):
    inspected_file_check(file_id=file_id, token=token)


def lost_checks_requeue():
    """The sweep of the checks' lane (registered in reviews/receivers.py): without a broker no beat
    runs, so the thread takes up what a stopped process left pending or half read when it starts."""
    return inspected_files_requeue(enqueue=lambda file_id: enqueue_checks([file_id]))
