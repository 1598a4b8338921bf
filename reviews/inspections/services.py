"""Writes of the 公开检查: an inspection, its uploaded files (stored and queued), a file's
department and publication date as the reviewer confirms them. Each is audited."""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record

from ..models import InspectedFile, Inspection, MatchState
from .tasks import enqueue_check
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
        transaction.on_commit(lambda: [enqueue_check(pk) for pk in ids], robust=True)
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
