"""Writes for the PDF: requesting, rendering and storing a version's document; last year's totals.

A document that is done never changes: it is never rendered again, its file is
never replaced. A correction is a new version with its own document.

The document's row, not the queue, records that a render is owed (see
portal/settings/celery.py): a render is claimed for a lease before it starts, only one
render can store the file, and the sweeper (documents_requeue) queues again what a lost
message or a killed worker left undone.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import DocumentStatus, NarrativeSection, RenderedDocument
from ..services import ContentError, VersionLocked
from ..signals import content_changed
from ..tables.values import AmountError, wan_to_yuan
from ..tasks import enqueue_render
from .rendering import documents_requeue as rendering_requeue
from .rendering import (  # noqa: F401 (the services' callers take these from here too)
    ERROR_LIMIT,
    document_claim,
    document_mark_failed,
    document_render,
    document_render_now,
)
from .selectors import PRIOR_YEAR_KEYS, PRIOR_YEAR_TITLES


class DocumentNotFailed(Exception):
    """Only a failed document can be retried."""


def document_request(*, version, kind=RenderedDocument.Kind.PDF):
    """The version's PDF document (or its reviewer's preview: kind PREVIEW), created when
    missing; rendering is queued when the transaction commits.

    Idempotent: a done document is returned as it is; a pending one is queued again
    (the task does nothing for a document that is done meanwhile).
    A failed one stays failed until a reviewer retries it (document_retry).
    """
    document, _ = RenderedDocument.objects.get_or_create(version=version, kind=kind)
    if document.status == DocumentStatus.PENDING:
        document.queued_at = timezone.now()
        RenderedDocument.objects.filter(pk=document.pk).update(queued_at=document.queued_at)
        # robust: a broker that is down must not undo the approval that asked for the PDF
        # (the sweeper queues it again later).
        transaction.on_commit(lambda: enqueue_render(document.pk), robust=True)
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
        locked.queued_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "error", "queued_at"])
        transaction.on_commit(lambda: enqueue_render(locked.pk), robust=True)
    return locked


def documents_requeue(*, everything=False, now=None):
    """Queue again every render whose queue message may be lost (rendering.documents_requeue)."""
    return rendering_requeue(enqueue=enqueue_render, everything=everything, now=now)


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
        content_changed(version=version)  # the text's changes against last year depend on these
