"""The chain's head, anchored outside the database.

Each anchor is the head (sequence number and hash) at one moment, written where the database's
users cannot reach: a line in the log, a line appended to AUDIT_ANCHOR_DIR/anchors.jsonl and,
with STORAGE_BUCKET set, an object in the bucket (audit-anchors/). beat anchors the head every
day (audit.anchor_head); `manage.py audit_anchor` does it on demand. `audit_verify` then checks
that every anchored event still carries its anchored hash: rewriting history, even with the
key, changes the hashes from the rewritten event on, the anchored ones included.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .digest import GENESIS
from .models import AuditChainHead, AuditEvent

logger = logging.getLogger("portal.audit")

ANCHOR_FILE = "anchors.jsonl"
BUCKET_FOLDER = "audit-anchors"


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    source: str  # where it was read, for the message


@dataclass(frozen=True)
class AnchorProblem:
    text: str
    seq: int | None = None


def audit_anchor():
    """Anchor the current head: log it, append it to the anchor file, copy it to the bucket."""
    with transaction.atomic():
        head = AuditChainHead.objects.filter(pk=1).first()
        seq, digest = (head.seq, head.hash) if head else (0, GENESIS)
    at = timezone.now()
    line = json.dumps({"seq": seq, "hash": digest, "at": at.isoformat()}, sort_keys=True)
    logger.info("审计链锚点：%s", line)
    folder = Path(settings.AUDIT_ANCHOR_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ANCHOR_FILE, "a", encoding="utf-8") as file:
        file.write(line + "\n")
        file.flush()
        os.fsync(file.fileno())
    if settings.STORAGE_BUCKET:
        name = f"{BUCKET_FOLDER}/{at:%Y%m%dT%H%M%S%f}-{seq}-{digest[:16]}.json"
        default_storage.save(name, ContentFile(line.encode("utf-8")))
    return Anchor(seq=seq, hash=digest, at=at.isoformat(), source=str(folder / ANCHOR_FILE))


def anchors_read():
    """Every anchor written so far (file and bucket); a line that cannot be read is an Anchor
    with seq -1, reported by anchors_check."""
    anchors = []
    path = Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE
    if path.exists():
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                if line.strip():
                    anchors.append(_parse(line, source=f"{path} 第{number}行"))
    if settings.STORAGE_BUCKET and default_storage.exists(BUCKET_FOLDER):
        for name in sorted(default_storage.listdir(BUCKET_FOLDER)[1]):
            with default_storage.open(f"{BUCKET_FOLDER}/{name}") as file:
                anchors.append(_parse(file.read().decode("utf-8"), source=f"存储桶 {BUCKET_FOLDER}/{name}"))
    return anchors


def _parse(text, *, source):
    try:
        data = json.loads(text)
        return Anchor(seq=int(data["seq"]), hash=str(data["hash"]), at=str(data.get("at", "")), source=source)
    except (ValueError, KeyError, TypeError):
        return Anchor(seq=-1, hash="", at="", source=source)


def anchors_check(anchors):
    """The first anchor the chain no longer matches, as a problem; None when all match."""
    for anchor in anchors:
        if anchor.seq < 0:
            return AnchorProblem(f"锚点无法读取（{anchor.source}）")
        if anchor.seq == 0:
            continue
        stored = AuditEvent.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first()
        if stored is None:
            return AnchorProblem(f"第{anchor.seq}号事件已不存在，而它在{anchor.at}被锚定（{anchor.source}）", anchor.seq)
        if stored != anchor.hash:
            return AnchorProblem(
                f"第{anchor.seq}号事件的哈希与{anchor.at}的锚点不符，此后的记录已被重算（{anchor.source}）", anchor.seq
            )
    return None
