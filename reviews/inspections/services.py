"""Writes of the 公开检查: an inspection, its uploaded files (stored and queued), a file's
department and publication date as the reviewer confirms them, a file deleted or checked again.
Each is audited."""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record

from ..models import FileStatus, InspectedFile, InspectedFinding, Inspection, MatchState
from .tasks import enqueue_checks
from .uploads import Refusal

ALREADY = "与本次检查中已上传的文件“{name}”内容相同，未重复检查"


class NoRegion(ValueError):
    """A reviewer without a region: a 公开检查 is a region's."""


@dataclass
class Added:
    files: list = field(default_factory=list)  # [InspectedFile] stored and queued
    refused: list = field(default_factory=list)  # [Refusal] not taken, with the reason


def inspection_for(*, user, year):
    """The inspection of the reviewer's region for the year, made when it is the first upload."""
    if user.region_id is None:
        raise NoRegion("您的账号未指定所辖区域，无法进行公开检查；请联系系统管理员")
    inspection, _ = Inspection.objects.get_or_create(region_id=user.region_id, year=year, defaults={"created_by": user})
    return inspection


def inspection_files_add(*, inspection, uploads, user):
    """Store each PdfUpload of `uploads` (uploads.pdf_uploads) as a file of the inspection and
    queue its check once the transaction commits; a file already in it (same content) and each
    Refusal are listed as refused. Returns Added."""
    added = Added()
    now = timezone.now()
    with transaction.atomic():
        known = dict(InspectedFile.objects.filter(inspection=inspection).values_list("sha256", "name"))
        for upload in uploads:
            if isinstance(upload, Refusal):
                added.refused.append(upload)
                continue
            digest = hashlib.sha256(upload.data).hexdigest()
            if digest in known:
                added.refused.append(Refusal(upload.name, ALREADY.format(name=known[digest])))
                continue
            row = InspectedFile(
                inspection=inspection, name=upload.name, sha256=digest, size=len(upload.data), uploaded_by=user, queued_at=now
            )
            row.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(upload.data), save=False)
            row.save()
            known[digest] = upload.name
            added.files.append(row)
        audit_record(
            action="inspection_upload",
            actor=user,
            payload={
                "inspection": inspection.pk,
                "region": inspection.region_id,
                "year": inspection.year,
                "files": [{"id": f.pk, "name": f.name, "sha256": f.sha256} for f in added.files],
                "refused": [{"name": r.name, "reason": r.reason} for r in added.refused],
            },
        )
        ids = [f.pk for f in added.files]
        transaction.on_commit(lambda: enqueue_checks(ids), robust=True)
    return added


def inspected_file_confirm(*, file, department, published_on, user):
    """The reviewer's word on a file: its department (one of the region's, or None: not a
    department's) and the date it was published (None: not known)."""
    with transaction.atomic():
        file.department = department
        file.match = MatchState.CONFIRMED if department is not None else MatchState.NONE
        file.match_note = "审核人确认" if department is not None else "审核人确认不属于本区域的部门"
        file.matched_by = user
        file.matched_at = timezone.now()
        file.published_on = published_on
        file.save(update_fields=["department", "match", "match_note", "matched_by", "matched_at", "published_on"])
        audit_record(
            action="inspection_confirm",
            actor=user,
            payload={
                "inspection": file.inspection_id,
                "file": file.pk,
                "name": file.name,
                "department": department.pk if department is not None else None,
                "published_on": published_on,
            },
        )
    return file


def inspected_file_delete(*, file, user):
    """Delete an inspected file, its findings and, once that is committed, its stored PDF."""
    with transaction.atomic():
        stored, storage = file.file.name, file.file.storage
        audit_record(
            action="inspection_file_delete",
            actor=user,
            payload={
                "inspection": file.inspection_id,
                "file": file.pk,
                "name": file.name,
                "sha256": file.sha256,
                "status": file.status,
                "findings": file.findings.count(),
            },
        )
        file.delete()  # its findings with it
        if stored:
            transaction.on_commit(lambda: storage.delete(stored), robust=True)


# What a check wrote: cleared when a file is checked again. The department a reviewer confirmed
# and the publication date they gave stay.
_UNCHECKED = {
    "status": FileStatus.PENDING,
    "error": "",
    "attempts": 0,
    "claim_token": "",
    "claimed_at": None,
    "finished_at": None,
    "department_name": "",
    "title": "",
    "year": None,
    "pages": 0,
    "profile": "",
    "parts": [],
    "tables": [],
    "problems": [],
    "errors": 0,
    "warnings": 0,
    "rounding": 0,
    "pdf_date": None,
}


def inspected_files_recheck(*, inspection, files, user):
    """Read and check `files` of the inspection again from their stored PDFs (after the rules or
    the reader changed): their results and findings are cleared and they are queued as on upload.
    Returns how many."""
    with transaction.atomic():
        ids = list(InspectedFile.objects.filter(inspection=inspection, pk__in=[f.pk for f in files]).values_list("pk", flat=True))
        InspectedFinding.objects.filter(file_id__in=ids).delete()
        rows = InspectedFile.objects.filter(pk__in=ids)
        rows.update(**_UNCHECKED, queued_at=timezone.now())
        rows.exclude(match=MatchState.CONFIRMED).update(department=None, match=MatchState.NONE, match_note="")
        audit_record(
            action="inspection_recheck",
            actor=user,
            payload={"inspection": inspection.pk, "region": inspection.region_id, "year": inspection.year, "files": ids},
        )
        transaction.on_commit(lambda: enqueue_checks(ids), robust=True)
    return len(ids)
