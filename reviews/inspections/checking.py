"""Checking one inspected file: the part the check task runs (reviews.inspections.tasks).

A file is claimed for a lease before it is read, as a PDF render is (disclosures.pdf.rendering):
a pending file; a file being read under the same task id (its message delivered again after its
process was killed); a file whose lease ran out (its worker was killed outright). After
MAX_ATTEMPTS claims the file is marked unreadable. The stored PDF is read and checked by
review_published, the review_pdf command's own reading and checks, by the layout and rules of
the inspection's region; the results, the department found for it and the date its PDF states
are kept. Queueing is not done here: tasks.py imports this module, services.py queues.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from disclosures.published.pages import PdfError, pdf_date
from disclosures.regions import region_profile
from portal.untrusted import printable

from ..models import FileStatus, InspectedFile, InspectedFinding, MatchState, Part, Severity
from ..published import review_published
from .matching import department_match
from .selectors import region_departments

logger = logging.getLogger(__name__)
ERROR_LIMIT = 1000
PARTS = {value for value, _ in Part.choices}


def lease_seconds():
    """How long a claim holds: the longest a reading may take, and a margin."""
    return settings.INSPECTION_READ_SECONDS + 120


def clean(value):
    """Text read from an untrusted PDF, without the characters no page, workbook or database
    should hold (NUL, controls, direction overrides), recursively through lists and dicts."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    return value


def inspected_file_claim(*, file_id, token, now=None):
    """Claim a file's check for `token`; True when claimed (the caller then reads it)."""
    now = now or timezone.now()
    reading = Q(status=FileStatus.READING)
    claimable = InspectedFile.objects.filter(pk=file_id).filter(
        Q(status=FileStatus.PENDING)
        | reading & (Q(claim_token=token) | Q(claimed_at=None) | Q(claimed_at__lt=now - timedelta(seconds=lease_seconds())))
    )
    claimed = claimable.filter(attempts__lt=InspectedFile.MAX_ATTEMPTS).update(
        status=FileStatus.READING, attempts=F("attempts") + 1, claim_token=token, claimed_at=now
    )
    if not claimed:
        claimable.filter(attempts__gte=InspectedFile.MAX_ATTEMPTS).update(
            status=FileStatus.FAILED,
            error=f"已尝试读取{InspectedFile.MAX_ATTEMPTS}次，每次都在途中中断（进程被终止或超时）",
            claim_token="",
            finished_at=now,
        )
    return bool(claimed)


def inspected_file_fail(*, file_id, token, error):
    """Mark a file unreadable with the reason, unless another check has claimed it since."""
    InspectedFile.objects.filter(pk=file_id, claim_token=token).exclude(status=FileStatus.DONE).update(
        status=FileStatus.FAILED, error=printable(str(error))[:ERROR_LIMIT], claim_token="", finished_at=timezone.now()
    )


def _counts(findings):
    """(errors, warnings other than rounding differences, rounding differences)."""
    errors = sum(1 for f in findings if f["severity"] == Severity.ERROR)
    rounding = sum(1 for f in findings if f.get("rounding"))
    warnings = sum(1 for f in findings if f["severity"] != Severity.ERROR and not f.get("rounding"))
    return errors, warnings, rounding


def _finding_rows(file, findings):
    rows = []
    for position, f in enumerate(findings):
        places = f.get("places") or []
        rows.append(
            InspectedFinding(
                file=file,
                rule_code=f["rule"][:32],
                severity=f["severity"] if f["severity"] in (Severity.ERROR, Severity.WARNING) else Severity.WARNING,
                part=f["part"] if f["part"] in PARTS else Part.TABLES,
                rounding=bool(f.get("rounding")),
                page=f.get("page"),
                pages=f.get("pages") or [],
                cells=[p["text"] for p in places] if places else f.get("cells", []),
                message=f["message"],
                position=position,
            )
        )
    return rows


def _store(file, token, result, data):
    """Keep a check's result, if the file is still claimed by `token`."""
    result = clean(result)
    findings = result["findings"]
    errors, warnings, rounding = _counts(findings)
    update = {
        "status": FileStatus.DONE,
        "error": "",
        "claim_token": "",
        "finished_at": timezone.now(),
        "department_name": result["department"][:255],
        "title": result["title"][:255],
        "year": result["year"],
        "pages": min(result["pages"], 32767),
        "profile": result["region"][:32],
        "parts": [{"part": p["part"], "name": p["name"], "pages": p["pages"]} for p in result["parts"]],
        "tables": [
            {k: t[k] for k in ("table", "code", "name", "label", "found", "pages")} for t in result["tables"]
        ],
        "problems": result["problems"],
        "errors": errors,
        "warnings": warnings,
        "rounding": rounding,
        "pdf_date": pdf_date(data),
    }
    if file.match != MatchState.CONFIRMED:
        match = department_match(
            departments=list(region_departments(region=file.inspection.region)),
            department_name=result["department"],
            title=result["title"],
            file_name=file.name,
        )
        update.update(department=match.department, match=match.state, match_note=match.note)
    with transaction.atomic():
        if not InspectedFile.objects.filter(pk=file.pk, claim_token=token).update(**update):
            return False  # claimed since by another check: its result is the one kept
        InspectedFinding.objects.filter(file=file).delete()
        InspectedFinding.objects.bulk_create(_finding_rows(file, findings))
    return True


def inspected_file_check(*, file_id, token=None):
    """Claim, read, check and keep one inspected file; returns its status afterwards."""
    token = token or uuid.uuid4().hex
    if not inspected_file_claim(file_id=file_id, token=token):
        return InspectedFile.objects.filter(pk=file_id).values_list("status", flat=True).first()
    file = InspectedFile.objects.select_related("inspection__region").get(pk=file_id)
    try:
        with file.file.open("rb") as source:
            data = source.read()
        result = review_published(
            data=data,
            name=file.name,
            profile=region_profile(region=file.inspection.region),
            max_pages=settings.INSPECTION_MAX_PAGES,
            deadline=time.monotonic() + settings.INSPECTION_READ_SECONDS,
        )
    except PdfError as exc:
        inspected_file_fail(file_id=file_id, token=token, error=str(exc))
    except DatabaseError:
        raise  # not the file's fault: it stays claimed, and is checked again when the claim lapses
    except Exception as exc:  # the reader met something it does not know: the file is reported, not the worker
        logger.exception("checking inspected file %s failed", file_id)
        inspected_file_fail(file_id=file_id, token=token, error=f"读取时出错，无法检查（{type(exc).__name__}）")
    else:
        _store(file, token, result, data)
    return InspectedFile.objects.filter(pk=file_id).values_list("status", flat=True).first()


def inspected_files_requeue(*, enqueue, now=None):
    """Queue again (enqueue(file id)) every file whose queue message may be lost (pending for
    PDF_RENDER_REQUEUE_SECONDS) or whose check was cut off (reading past its lease); returns the ids."""
    now = now or timezone.now()
    requeue_before = now - timedelta(seconds=settings.PDF_RENDER_REQUEUE_SECONDS)
    stalled = InspectedFile.objects.filter(
        Q(status=FileStatus.PENDING) & (Q(queued_at__lt=requeue_before) | Q(queued_at=None))
        | Q(status=FileStatus.READING, claimed_at__lt=now - timedelta(seconds=lease_seconds()))
    )
    ids = list(stalled.values_list("pk", flat=True))
    InspectedFile.objects.filter(pk__in=ids).update(queued_at=now)
    for file_id in ids:
        enqueue(file_id)
    return ids
