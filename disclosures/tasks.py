"""Celery tasks of the disclosures app."""

import random

from celery import shared_task

from .models import RenderedDocument

MAX_RETRIES = 3
BACKOFF_SECONDS = 30  # 30 s, 60 s, 120 s, plus up to a quarter of jitter
BACKOFF_MAX_SECONDS = 600


def backoff(retries):
    countdown = min(BACKOFF_MAX_SECONDS, BACKOFF_SECONDS * 2**retries)
    return countdown + random.randint(0, countdown // 4)


@shared_task(bind=True, name="disclosures.render_document", acks_late=True, max_retries=MAX_RETRIES)
def render_document(self, document_id):
    """Render a RenderedDocument's PDF and store it with its SHA-256. Idempotent.

    A done document is left alone. An error is retried with exponential backoff; after
    the last retry the document is marked failed with the error, for the reviewer to see.
    """
    from .pdf.services import document_mark_failed, document_render

    try:
        document = document_render(document_id=document_id)
    except RenderedDocument.DoesNotExist:
        return None
    except Exception as exc:
        last = self.request.retries >= self.max_retries
        document_mark_failed(document_id=document_id, error=f"{type(exc).__name__}: {exc}", final=last)
        if last:
            return "failed"
        # Without a worker (eager, no REDIS_URL) the retry runs at once. There the Retry is
        # returned rather than raised: apply() then runs it even when eager errors propagate,
        # which autoretry_for cannot do.
        return self.retry(exc=exc, countdown=backoff(self.request.retries), throw=not self.request.is_eager)
    if document.status == "done":
        from .workflow import report_publish

        report_publish(version=document.version)  # publication follows approval once the PDF exists
    return document.status
