"""Append events to the audit chain and verify it."""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot record {type(value).__name__} in the audit trail")


def _digest(*, seq, prev_hash, created_at, actor_id, actor_name, action, version_id, payload):
    content = json.dumps(
        {
            "seq": seq,
            "prev": prev_hash,
            "at": created_at.isoformat(),
            "actor": actor_id,
            "actor_name": actor_name,
            "action": action,
            "version": version_id,
            "payload": payload,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def audit_record(*, action, actor=None, version=None, payload=None):
    """Append one event. Call inside the transaction of the change it records."""
    # Round-trip through JSON so the hash covers exactly what the database stores.
    payload = json.loads(json.dumps(payload or {}, default=_json_default, ensure_ascii=False))
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_name = str(actor) if actor_id else ""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        created_at = timezone.now()
        seq = head.seq + 1
        digest = _digest(
            seq=seq,
            prev_hash=head.hash,
            created_at=created_at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            version_id=version.pk if version is not None else None,
            payload=payload,
        )
        event = AuditEvent.objects.create(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            version=version,
            payload=payload,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    problem: str = ""
    seq: int | None = None


def audit_verify():
    """Recompute the whole chain; the first break found is reported in Chinese.

    Events and the chain head are read from one snapshot, so events appended meanwhile by a
    live portal are not mistaken for a broken end of the chain."""
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _in_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _verify_snapshot()


def _in_outer_transaction():
    # SET TRANSACTION must come first in a transaction; inside an outer one (a caller's atomic
    # block, a test's transaction) the caller's isolation applies.
    return bool(connection.savepoint_ids)


def _verify_snapshot():
    expected_prev, expected_seq, count = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            return ChainReport(False, count, f"缺少第{expected_seq}号事件（已被删除）", expected_seq)
        if event.prev_hash != expected_prev:
            return ChainReport(False, count, f"第{event.seq}号事件与前一事件的链接不符", event.seq)
        digest = _digest(
            seq=event.seq,
            prev_hash=event.prev_hash,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            version_id=event.version_id,
            payload=event.payload,
        )
        if digest != event.hash:
            return ChainReport(False, count, f"第{event.seq}号事件的内容已被改动", event.seq)
        expected_prev, expected_seq = event.hash, expected_seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if (head_seq, head_hash) != (expected_seq - 1, expected_prev):
        return ChainReport(False, count, f"审计链末尾与记录不符：应有{head_seq}个事件，实有{expected_seq - 1}个", head_seq)
    return ChainReport(True, count)


def cell_changes(*, before, after):
    """The cells that differ between two {(table, row, column): Decimal} maps, as audit payload rows."""
    zero = Decimal("0.00")
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, zero), after.get(key, zero)
        if old != new:
            table, row, column = key
            changes.append({"table": table, "row": row, "column": column, "from": str(old), "to": str(new)})
    return changes
