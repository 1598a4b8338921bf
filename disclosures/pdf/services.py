"""Writes for the PDF: requesting, rendering and storing a version's document; last year's totals.

A document that is done never changes: it is never rendered again, its file is
never replaced. A correction is a new version with its own document.
"""

import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import DocumentStatus, NarrativeSection, RenderedDocument
from ..services import ContentError, VersionLocked
from ..tables.values import AmountError, wan_to_yuan
from .render import version_pdf_bytes
from .selectors import PRIOR_YEAR_KEYS, PRIOR_YEAR_TITLES

ERROR_LIMIT = 2000  # characters of an error kept for the reviewer


class DocumentNotFailed(Exception):
    """Only a failed document can be retried."""


def _enqueue(document_id):
    from ..tasks import render_document

    render_document.delay(document_id)


def document_request(*, version):
    """The version's PDF document, created when missing; rendering is queued when the transaction commits.

    Idempotent: a done document is returned as it is; a pending one is queued again
    (the task does nothing for a document that is done meanwhile).
    A failed one stays failed until a reviewer retries it (document_retry).
    """
    document, _ = RenderedDocument.objects.get_or_create(version=version, kind=RenderedDocument.Kind.PDF)
    if document.status == DocumentStatus.PENDING:
        # robust: a broker that is down must not undo the approval that asked for the PDF.
        transaction.on_commit(lambda: _enqueue(document.pk), robust=True)
    return document


def document_retry(*, document):
    """Queue a failed document again, from a clean slate of attempts."""
    with transaction.atomic():
        locked = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status != DocumentStatus.FAILED:
            raise DocumentNotFailed(f"{locked.get_status_display()}的文件不能重新生成")
        locked.status = DocumentStatus.PENDING
        locked.attempts = 0
        locked.error = ""
        locked.save(update_fields=["status", "attempts", "error"])
        transaction.on_commit(lambda: _enqueue(locked.pk), robust=True)
    return locked


def _file_name(version):
    return f"{version.report.department.code}-{version.report.year}-v{version.number}.pdf"


def document_render(*, document_id):
    """Render and store one document unless it is already done. Raises on any failure.

    Returns the document. The file is written before the row says done, so a done row
    always has its file; a render that finds the row done meanwhile throws its file away.
    """
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().select_related("version__report__department").get(
            pk=document_id
        )
        if document.status == DocumentStatus.DONE and document.file and document.sha256:
            return document
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.save(update_fields=["status", "attempts"])

    content = version_pdf_bytes(version=document.version)
    digest = hashlib.sha256(content).hexdigest()
    stored_name = document.file.storage.save(
        document.file.field.generate_filename(document, _file_name(document.version)), ContentFile(content)
    )
    updated = RenderedDocument.objects.filter(pk=document.pk).exclude(status=DocumentStatus.DONE).update(
        status=DocumentStatus.DONE,
        file=stored_name,
        sha256=digest,
        size=len(content),
        error="",
        finished_at=timezone.now(),
    )
    if not updated:
        document.file.storage.delete(stored_name)
    document.refresh_from_db()
    return document


def document_mark_failed(*, document_id, error, final=True):
    """Record an attempt's error: failed after the last attempt, pending (to be retried) before.

    Never touches a done document.
    """
    changes = {"error": str(error)[:ERROR_LIMIT]}
    if final:
        changes.update(status=DocumentStatus.FAILED, finished_at=timezone.now())
    else:
        changes.update(status=DocumentStatus.PENDING)
    RenderedDocument.objects.filter(pk=document_id).exclude(status=DocumentStatus.DONE).update(**changes)


def document_render_now(*, version):
    """Render a version's document in this process (no queue), once; returns the done document.

    Used for a published version whose document is missing when the public asks for it.
    """
    document, _ = RenderedDocument.objects.get_or_create(version=version, kind=RenderedDocument.Kind.PDF)
    if document.status == DocumentStatus.DONE and document.file:
        return document
    return document_render(document_id=document.pk)


def prior_year_totals_set(*, version, total=None, fiscal_total=None):
    """Enter last year's totals (万元) for charts 1 and 4 when last year's report is not in the portal.

    None leaves a value as it is; "" clears it. Only while the version is editable.
    """
    values = {"total": total, "fiscal_total": fiscal_total}
    problems = []
    for name, value in values.items():
        if value in (None, ""):
            continue
        try:
            wan_to_yuan(value)
        except (AmountError, TypeError) as exc:
            problems.append(f"{PRIOR_YEAR_TITLES[name]}：{exc}")
    if problems:
        raise ContentError(problems)
    if not version.is_editable:
        raise VersionLocked(f"{version.get_state_display()}状态的报告不能修改")
    with transaction.atomic():
        for position, (name, value) in enumerate(values.items(), start=1000):
            if value is None:
                continue
            body = "" if value == "" else f"{Decimal(str(value).replace(',', '').strip()):f}"
            NarrativeSection.objects.update_or_create(
                version=version,
                key=PRIOR_YEAR_KEYS[name],
                defaults={"title": PRIOR_YEAR_TITLES[name], "body": body, "position": position},
            )
