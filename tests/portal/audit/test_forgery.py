"""Issue 16, point 8: the audit trail cannot be forged by someone who can write the database.

The attack from the issue: rewrite event N, recompute events N…end with the project's own digest
function and update the head. Without AUDIT_KEY the recomputed hashes are wrong; with it, the
heads anchored outside the database no longer match."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from portal.audit.anchors import ANCHOR_FILE, BUCKET_FOLDER, anchors_read, audit_anchor
from portal.audit.digest import GENESIS, KEYED, LEGACY, digest_of
from portal.audit.models import AuditChainHead, AuditEvent
from portal.audit.services import audit_record, audit_verify
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

WRONG_KEY = "an-attackers-guess-at-the-audit-key-0123456789"


@pytest.fixture
def chain():
    _, version = make_report(make_department(make_region()))
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    user = make_user("accountant")
    for number in range(1, 7):
        audit_record(action="cells", actor=user, version=version, payload={"changes": [{"to": f"{number}.00"}]})
    return version


def rewrite_from(seq, *, key, scheme=KEYED, payload=None, until=None):
    """What the attacker does: change event `seq`, recompute it and every later event (up to
    `until`), move the head."""
    events = AuditEvent.objects.filter(seq__gte=seq).order_by("seq")
    events = list(events.filter(seq__lte=until) if until else events)
    previous = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first() or GENESIS
    for event in events:
        if event.seq == seq:
            event.payload = payload or {"changes": [{"to": "999999.00"}]}
        event.scheme, event.prev_hash = scheme, previous
        event.hash = digest_of(event, key=key)
        AuditEvent.objects.filter(pk=event.pk).update(
            payload=event.payload, scheme=scheme, prev_hash=event.prev_hash, hash=event.hash
        )
        previous = event.hash
    if until is None:
        AuditChainHead.objects.filter(pk=1).update(seq=events[-1].seq, hash=previous)


def test_the_chain_is_keyed_with_audit_key(chain, settings):
    event = AuditEvent.objects.get(seq=3)
    assert event.scheme == KEYED
    assert digest_of(event, key=settings.AUDIT_KEY) == event.hash
    assert digest_of(event, key=WRONG_KEY) != event.hash
    assert audit_verify().ok


def test_recomputing_the_chain_without_the_key_is_detected(chain):
    rewrite_from(3, key=WRONG_KEY)
    report = audit_verify()
    assert not report.ok and report.seq == 3 and "内容已被改动" in report.problem
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("verify_audit_chain")


def test_recomputing_the_chain_with_plain_sha256_is_detected(chain):
    # The digest the chain used before it was keyed needs no key; it may not follow a keyed event.
    rewrite_from(3, key=None, scheme=LEGACY)
    report = audit_verify()
    assert not report.ok and report.seq == 3 and "未用密钥签名" in report.problem


def test_recomputing_the_chain_with_the_key_is_detected_by_the_anchor(chain, settings):
    anchor = audit_anchor()
    assert (anchor.seq, anchor.hash) == (6, AuditEvent.objects.get(seq=6).hash)
    audit_record(action="submit", actor=None, version=chain)  # history goes on after the anchor
    rewrite_from(3, key=settings.AUDIT_KEY)
    assert audit_verify(anchors=False).ok  # the keyed chain alone cannot tell: the key leaked
    report = audit_verify()
    assert not report.ok and report.seq == 6 and "锚点不符" in report.problem
    with pytest.raises(CommandError, match="锚点不符"):
        call_command("verify_audit_chain")


def test_an_anchored_event_deleted_with_the_end_of_the_chain_is_detected(chain, settings):
    audit_anchor()
    AuditEvent.objects.filter(seq__gte=5).delete()
    last = AuditEvent.objects.get(seq=4)
    AuditChainHead.objects.filter(pk=1).update(seq=4, hash=last.hash)
    assert audit_verify(anchors=False).ok
    report = audit_verify()
    assert not report.ok and "第6号事件已不存在" in report.problem


def test_the_anchor_goes_to_the_log_the_file_and_the_bucket(chain, settings, tmp_path, caplog):
    settings.STORAGE_BUCKET = "portal-files"
    # Django's storage API, as with the S3 bucket; a folder stands in for the bucket here.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "bucket")}},
    }
    caplog.set_level("INFO", logger="portal.audit")
    call_command("audit_anchor")
    head = AuditEvent.objects.get(seq=6).hash
    assert head in caplog.text
    line = json.loads((Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE).read_text().splitlines()[-1])
    assert (line["seq"], line["hash"]) == (6, head)
    [stored] = list((tmp_path / "bucket" / BUCKET_FOLDER).iterdir())
    assert json.loads(stored.read_text())["hash"] == head
    assert [a.source.startswith("存储桶") for a in anchors_read()] == [False, True]
    # The file gone (a wiped disk), the bucket's copy still catches the rewrite.
    (Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE).unlink()
    rewrite_from(2, key=settings.AUDIT_KEY)
    report = audit_verify()
    assert not report.ok and "存储桶" in report.problem


def test_beat_anchors_the_head_every_day(chain, settings):
    from portal.celery import app

    entry = app.conf.beat_schedule["anchor-audit-head"]
    assert entry["task"] == "audit.anchor_head"
    assert entry["schedule"].hour == {0}

    app.loader.import_default_modules()
    assert app.tasks["audit.anchor_head"].delay().get(timeout=10)["seq"] == 6
    assert [a.seq for a in anchors_read()] == [6]
    call_command("verify_audit_chain")


def test_an_unreadable_anchor_fails_verification(chain, settings):
    folder = Path(settings.AUDIT_ANCHOR_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ANCHOR_FILE).write_text('{"seq": 3, "hash"\n')
    report = audit_verify()
    assert not report.ok and "锚点无法读取" in report.problem


def legacy_chain(count):
    """Events as the portal recorded them before the chain was keyed (plain SHA-256)."""
    from django.utils import timezone

    AuditEvent.objects.all().delete()
    AuditChainHead.objects.all().delete()
    head = AuditChainHead.objects.create(pk=1)
    for seq in range(1, count + 1):
        event = AuditEvent(
            seq=seq, created_at=timezone.now(), actor_name="", action="cells", payload={"n": seq},
            prev_hash=head.hash, scheme=LEGACY,
        )
        event.hash = digest_of(event, key=None)
        event.save()
        head.seq, head.hash = seq, event.hash
        head.save()


def key_the_chain():
    migration = __import__("portal.audit.migrations.0002_keyed_chain", fromlist=["key_the_chain"])
    migration.key_the_chain(apps, None)


def test_events_from_before_the_key_are_sealed_by_the_migration():
    legacy_chain(4)
    key_the_chain()
    sealing = AuditEvent.objects.get(seq=5)
    assert (sealing.action, sealing.scheme, sealing.payload["legacy_events"]) == ("chain_keyed", KEYED, 4)
    audit_record(action="submit")
    assert audit_verify().ok and audit_verify().events == 6
    # An old event rewritten and the plain chain recomputed up to the seal: the seal's link breaks...
    rewrite_from(2, key=None, scheme=LEGACY, until=4)
    report = audit_verify()
    assert not report.ok and report.seq == 5 and "链接不符" in report.problem
    # ...and relinking the seal breaks its keyed digest.
    AuditEvent.objects.filter(seq=5).update(prev_hash=AuditEvent.objects.get(seq=4).hash)
    report = audit_verify()
    assert not report.ok and report.seq == 5 and "内容已被改动" in report.problem


def test_a_chain_recomputed_entirely_without_the_key_is_detected():
    legacy_chain(4)
    key_the_chain()
    # The attacker drops the keyed seal and everything after it, and re-chains with plain SHA-256.
    AuditEvent.objects.filter(seq__gte=5).delete()
    rewrite_from(2, key=None, scheme=LEGACY)
    report = audit_verify()
    assert not report.ok and "没有用密钥签名的事件" in report.problem


PRODUCTION = dict(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="portal.example.gov.cn")


@pytest.mark.parametrize("audit_key", [None, "short", "dev-only-audit-key-not-a-secret-0123456789"])
def test_production_refuses_to_start_without_a_real_audit_key(project_root, subprocess_env, audit_key):
    env = subprocess_env(**PRODUCTION, DATABASE_URL=None, AUDIT_KEY=audit_key)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=project_root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "AUDIT_KEY" in result.stderr
