"""The Celery task re-checking a year's reports after a rule-set revision (recheck.py);
registered through reviews/tasks.py."""

from celery import shared_task

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)
from portal.background import task_start

from .recheck import revision_recheck_run


@shared_task(name="reviews.rule_revision_recheck", acks_late=True, reject_on_worker_lost=True)
def rule_revision_recheck(revision_id):
    return revision_recheck_run(revision_id=revision_id)


def rule_revision_recheck_start(*, revision):
    return task_start(rule_revision_recheck, revision.pk)
