"""Celery tasks of the reviews app."""

from celery import shared_task

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)

from .inspections.tasks import check_inspected_file, purge_kept_checks, requeue_inspected_files  # noqa: F401  (registered with the worker)
from .new_year.tasks import year_open_reports  # noqa: F401  (registered with the worker)
from .notices.services import deadline_notices_send
from .notices.tasks import notice_mail  # noqa: F401  (registered with the worker)
from .revisions.tasks import rule_revision_recheck  # noqa: F401  (registered with the worker)
from .workflow import publish_due as publish


@shared_task(name="reviews.publish_due")
def publish_due():
    """Run by celery beat: publish approved reports whose PDF is done and whose date has come."""
    return publish()


@shared_task(name="reviews.deadline_notices")
def deadline_notices():
    """Run by celery beat every morning: remind the accountants of the deadlines coming up."""
    return deadline_notices_send()
