"""The digest of one audit event: what the chain links.

Two schemes, recorded on each event (AuditEvent.scheme):

- "hmac-sha256" (every event since the chain was keyed): HMAC-SHA256 under AUDIT_KEY, a secret
  kept in the environment, never in the database. Whoever can write the database but does not
  hold the key cannot recompute the chain after changing an event.
- "sha256" (events recorded before): plain SHA-256 of the same content, verified as before.
  Such events may only open the chain, and a keyed event must follow them: migration
  audit.0002 appends one ("chain_keyed") that covers their last hash, so they cannot be
  rewritten and re-chained without the key either.

No models here: the migration that keys the chain uses these functions too.
"""

import datetime
import hashlib
import hmac
import json
from decimal import Decimal

GENESIS = "0" * 64
KEYED = "hmac-sha256"
LEGACY = "sha256"


def json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"cannot record {type(value).__name__} in the audit trail")


def event_content(*, seq, prev_hash, created_at, actor_id, actor_name, action, version_id, payload):
    return json.dumps(
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
        default=json_default,
    ).encode("utf-8")


def event_digest(*, scheme, key, **fields):
    """The hex digest of an event's fields under `scheme` (KEYED needs `key`, a str)."""
    content = event_content(**fields)
    if scheme == KEYED:
        if not key:
            raise ValueError("AUDIT_KEY is empty: keyed audit events cannot be made or checked")
        return hmac.new(key.encode("utf-8"), content, hashlib.sha256).hexdigest()
    if scheme == LEGACY:
        return hashlib.sha256(content).hexdigest()
    raise ValueError(f"unknown audit digest scheme {scheme!r}")


def digest_of(event, *, key):
    """The digest an AuditEvent (or a historical model's row) should carry."""
    return event_digest(
        scheme=event.scheme,
        key=key,
        seq=event.seq,
        prev_hash=event.prev_hash,
        created_at=event.created_at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        action=event.action,
        version_id=event.version_id,
        payload=event.payload,
    )
