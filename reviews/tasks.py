"""Celery tasks of the reviews app."""

from celery import shared_task

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)

from .inspections.tasks import check_inspected_file, requeue_inspected_files  # noqa: F401  (registered with the worker)
from .workflow import publish_due as publish


@shared_task(name="reviews.publish_due")
def publish_due():
    """Run by celery beat: publish approved reports whose PDF is done and whose date has come."""
    return publish()
