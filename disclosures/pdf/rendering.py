"""Rendering a version's document and storing it: the part the render task runs.

A document that is done never changes: it is never rendered again, its file is never
replaced. A render is claimed for a lease before it starts, and only one render can store
the file. Queueing is not done here (disclosures.tasks, used by pdf.services): the queue's
tasks import this module, and this module knows nothing of the queue.
"""

import hashlib
import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import DocumentStatus, RenderedDocument
from .render import version_pdf_bytes

ERROR_LIMIT = 2000  # characters of an error kept for the reviewer


def _lease_expired_before(now):
    return now - timedelta(seconds=settings.PDF_RENDER_LEASE_SECONDS)


def _process_name():
    return f"{socket.gethostname()} pid {os.getpid()}"[:255]


def document_claim(*, document_id, token, now=None):
    """Claim a document's render for `token` (one attempt); returns the document, claimed or not.

    The caller renders only when the returned document is rendering under its token.
    Claimable: a pending document; a rendering one claimed under the same token (the same
    queue message again: its process was killed and the message put back); a rendering one
    whose lease ran out (its worker was killed outright). A document whose attempts are
    used up is marked failed instead, for a reviewer to retry.
    """
    now = now or timezone.now()
    rendering = Q(status=DocumentStatus.RENDERING)
    claimable = RenderedDocument.objects.filter(pk=document_id).filter(
        Q(status=DocumentStatus.PENDING)
        | rendering & (Q(claim_token=token) | Q(claimed_at=None) | Q(claimed_at__lt=_lease_expired_before(now)))
    )
    claimed = claimable.filter(attempts__lt=RenderedDocument.MAX_ATTEMPTS).update(
        status=DocumentStatus.RENDERING,
        attempts=F("attempts") + 1,
        claim_token=token,
        claimed_at=now,
        claimed_by=_process_name(),
    )
    if not claimed:
        claimable.filter(attempts__gte=RenderedDocument.MAX_ATTEMPTS).update(
            status=DocumentStatus.FAILED,
            error=f"已尝试生成{RenderedDocument.MAX_ATTEMPTS}次，最后一次在生成途中中断（进程被终止或超时）",
            claim_token="",
            finished_at=now,
        )
    return RenderedDocument.objects.select_related("version__report__department").get(pk=document_id)


def _file_name(version, digest):
    return f"{version.report.department.code}-{version.report.year}-v{version.number}-{digest[:16]}.pdf"


def _document_folder(document):
    return f"documents/rendered/{document.pk}"


def _remove_unpublished_files(storage, folder):
    """Delete what killed renders left in a document's own folder (it holds no published file yet)."""
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")


def _document_store(*, document, content):
    """Store a rendered PDF and mark the document done, unless another render did so first.

    The file's name is fixed by the document and the content's SHA-256. The row is locked
    while the file is written and the row updated, so two renders never both store a file;
    the one that comes second drops its PDF.
    """
    digest = hashlib.sha256(content).hexdigest()
    storage = document.file.storage
    folder = _document_folder(document)
    with transaction.atomic():
        locked = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == DocumentStatus.DONE:
            return locked
        _remove_unpublished_files(storage, folder)
        stored_name = storage.save(f"{folder}/{_file_name(document.version, digest)}", ContentFile(content))
        try:
            updated = RenderedDocument.objects.filter(pk=document.pk).exclude(status=DocumentStatus.DONE).update(
                status=DocumentStatus.DONE,
                file=stored_name,
                sha256=digest,
                size=len(content),
                error="",
                claim_token="",
                finished_at=timezone.now(),
            )
        except Exception:
            storage.delete(stored_name)
            raise
        if not updated:  # only where the row lock is a no-op (SQLite)
            storage.delete(stored_name)
    locked.refresh_from_db()
    return locked


def document_render(*, document_id, token=None):
    """Claim, render and store one document; raises on any failure of the render.

    Returns the document: done, or as it was when it could not be claimed (done or
    failed already, or being rendered by another worker). The file is written before
    the row says done, so a done row always has its file.
    """
    token = token or uuid.uuid4().hex
    document = document_claim(document_id=document_id, token=token)
    if document.status != DocumentStatus.RENDERING or document.claim_token != token:
        return document
    content = version_pdf_bytes(version=document.version)
    return _document_store(document=document, content=content)


def document_mark_failed(*, document_id, error, final=True, token=None, retry_at=None):
    """Record an attempt's error; returns the document's status afterwards.

    Failed after the last attempt (final, or the attempts used up), else pending again,
    its retry queued for `retry_at`. Never touches a done document, nor, given the failed
    render's `token`, a document another render has claimed since.
    """
    now = timezone.now()
    rows = RenderedDocument.objects.filter(pk=document_id).exclude(status=DocumentStatus.DONE)
    if token:
        rows = rows.filter(claim_token=token)
    error = str(error)[:ERROR_LIMIT]
    failed = dict(status=DocumentStatus.FAILED, error=error, claim_token="", finished_at=now)
    if final:
        rows.update(**failed)
    elif not rows.filter(attempts__gte=RenderedDocument.MAX_ATTEMPTS).update(**failed):
        rows.update(status=DocumentStatus.PENDING, error=error, claim_token="", queued_at=retry_at or now)
    return RenderedDocument.objects.filter(pk=document_id).values_list("status", flat=True).first()


def documents_requeue(*, enqueue, everything=False, now=None):
    """Queue again (enqueue(document id)) every render whose queue message may be lost; returns the ids.

    A pending document queued more than PDF_RENDER_REQUEUE_SECONDS ago (or never):
    its message may have gone with a Redis restart; with `everything`, every pending
    document (right after a known restart). A rendering document whose lease ran out: its
    worker died with the message unacknowledged; it becomes pending again first.
    Each document is queued once per sweep even when sweepers run side by side.
    """
    now = now or timezone.now()
    expired = _lease_expired_before(now)
    abandoned = RenderedDocument.objects.filter(status=DocumentStatus.RENDERING).filter(
        Q(claimed_at=None) | Q(claimed_at__lt=expired)
    )
    for pk in abandoned.values_list("pk", flat=True):
        abandoned.filter(pk=pk).update(
            status=DocumentStatus.PENDING,
            claim_token="",
            queued_at=None,
            error="上次生成在途中中断（进程被终止），已重新排队",
        )
    stale = Q(queued_at=None) | Q(queued_at__lt=now - timedelta(seconds=settings.PDF_RENDER_REQUEUE_SECONDS))
    pending = RenderedDocument.objects.filter(status=DocumentStatus.PENDING)
    if not everything:
        pending = pending.filter(stale)
    queued = []
    for pk, queued_at in pending.values_list("pk", "queued_at"):
        # Compare and set: of sweepers running side by side, one queues the document.
        if RenderedDocument.objects.filter(pk=pk, status=DocumentStatus.PENDING, queued_at=queued_at).update(
            queued_at=now
        ):
            enqueue(pk)
            queued.append(pk)
    return queued


def document_render_now(*, version):
    """Render a version's document in this process (no queue), once; returns the document.

    Used for a published version whose document is missing when the public asks for it.
    The document is returned unrendered when a worker is rendering it at that moment.
    """
    document, _ = RenderedDocument.objects.get_or_create(version=version, kind=RenderedDocument.Kind.PDF)
    if document.status == DocumentStatus.DONE and document.file:
        return document
    return document_render(document_id=document.pk)
