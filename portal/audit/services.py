"""Append events to the audit chain and verify it."""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .digest import GENESIS, KEYED, LEGACY, digest_of, event_digest
from .digest import json_default as _json_default
from .models import AuditChainHead, AuditEvent


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
        digest = event_digest(
            scheme=KEYED,
            key=settings.AUDIT_KEY,
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
            scheme=KEYED,
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


def audit_verify(*, anchors=True):
    """Recompute the whole chain under AUDIT_KEY and compare it with the anchored heads
    (anchors.py); the first break found is reported in Chinese.

    Events and the chain head are read from one snapshot, so events appended meanwhile by a
    live portal are not mistaken for a broken end of the chain."""
    from .anchors import anchors_check, anchors_read

    # Read before the snapshot: a head anchored meanwhile is then in the snapshot too.
    anchored = anchors_read() if anchors else []
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _in_outer_transaction():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        report = _verify_snapshot()
        if report.ok and anchors:
            problem = anchors_check(anchored)
            if problem:
                return ChainReport(False, report.events, problem.text, problem.seq)
        return report


def _in_outer_transaction():
    # SET TRANSACTION must come first in a transaction; inside an outer one (a caller's atomic
    # block, a test's transaction) the caller's isolation applies.
    return bool(connection.savepoint_ids)


def _verify_snapshot():
    key = settings.AUDIT_KEY
    expected_prev, expected_seq, count, keyed_seen = GENESIS, 1, 0, False
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq:
            return ChainReport(False, count, f"缺少第{expected_seq}号事件（已被删除）", expected_seq)
        if event.prev_hash != expected_prev:
            return ChainReport(False, count, f"第{event.seq}号事件与前一事件的链接不符", event.seq)
        if event.scheme == LEGACY and keyed_seen:
            # Plain SHA-256 needs no key: only the events from before the chain was keyed may use it.
            return ChainReport(False, count, f"第{event.seq}号事件未用密钥签名，却排在已签名事件之后", event.seq)
        if event.scheme not in (KEYED, LEGACY) or digest_of(event, key=key) != event.hash:
            return ChainReport(False, count, f"第{event.seq}号事件的内容已被改动", event.seq)
        keyed_seen = keyed_seen or event.scheme == KEYED
        expected_prev, expected_seq = event.hash, expected_seq + 1
    if count and not keyed_seen:
        # Migration audit.0002 seals the events from before the key with a keyed event.
        return ChainReport(False, count, "审计链中没有用密钥签名的事件，之前的事件可能已被重算", count)
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
