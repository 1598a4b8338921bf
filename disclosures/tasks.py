"""Celery tasks of the disclosures app."""

import random
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)

from .models import DocumentStatus, RenderedDocument
from .pdf.rendering import document_mark_failed, document_render, documents_requeue

RENDER_TASK = "disclosures.render_document"
from .signals import document_rendered

MAX_RETRIES = RenderedDocument.MAX_ATTEMPTS - 1
BACKOFF_SECONDS = 30  # 30 s, 60 s, 120 s, plus up to a quarter of jitter
BACKOFF_MAX_SECONDS = 600  # with jitter at most 750 s: below the broker's visibility timeout


def backoff(retries):
    countdown = min(BACKOFF_MAX_SECONDS, BACKOFF_SECONDS * 2**retries)
    return countdown + random.randint(0, countdown // 4)


@shared_task(
    bind=True,
    name=RENDER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    # A render that hangs is stopped (prefork pool), so a claim older than the lease is dead.
    soft_time_limit=max(1, settings.PDF_RENDER_TIME_LIMIT - 30),
    time_limit=settings.PDF_RENDER_TIME_LIMIT,
)
def render_document(self, document_id):
    """Render a RenderedDocument's PDF and store it with its SHA-256. Idempotent.

    The render is claimed under the message's task id: a message delivered twice renders
    once, and a message put back after its process was killed claims the render again.
    A done document is left alone. An error is retried with exponential backoff; after
    the last attempt the document is marked failed with the error, for the reviewer to see.
    """
    token = self.request.id
    try:
        document = document_render(document_id=document_id, token=token)
    except RenderedDocument.DoesNotExist:
        return None
    except Exception as exc:
        countdown = backoff(self.request.retries)
        status = document_mark_failed(
            document_id=document_id,
            error=f"{type(exc).__name__}: {exc}",
            final=self.request.retries >= self.max_retries,
            token=token,
            retry_at=timezone.now() + timedelta(seconds=countdown),
        )
        if status != DocumentStatus.PENDING:
            return status  # failed for good, or claimed meanwhile by another render
        # Without a worker (eager, no REDIS_URL) the retry runs at once. There the Retry is
        # returned rather than raised: apply() then runs it even when eager errors propagate,
        # which autoretry_for cannot do.
        return self.retry(exc=exc, countdown=countdown, throw=not self.request.is_eager)
    if document.status == DocumentStatus.DONE:
        document_rendered.send(sender=RenderedDocument, document=document)
    return document.status


@shared_task(name="disclosures.requeue_renders")
def requeue_renders():
    """The sweeper, run by celery beat: queue again the renders whose message may be lost."""
    return documents_requeue(enqueue=enqueue_render)


def enqueue_render(document_id):
    """Queue a document's render (on PDF_RENDER_QUEUE when set)."""
    options = {"queue": settings.PDF_RENDER_QUEUE} if settings.PDF_RENDER_QUEUE else {}
    render_document.apply_async((document_id,), **options)
