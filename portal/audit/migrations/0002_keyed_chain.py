"""Key the audit chain (issue 16, point 8).

The events already recorded keep their plain SHA-256 digests (scheme "sha256") and are verified
as before. Where there are any, one keyed event ("chain_keyed") is appended now: its HMAC under
AUDIT_KEY covers the last plain hash, so those events can no longer be rewritten and re-chained
by someone without the key. Every later event is keyed.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from portal.audit.digest import KEYED, LEGACY, event_digest


def key_the_chain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return
    created_at = timezone.now()
    seq, payload = head.seq + 1, {"legacy_events": head.seq, "legacy_head": head.hash}
    digest = event_digest(
        scheme=KEYED,
        key=settings.AUDIT_KEY,
        seq=seq,
        prev_hash=head.hash,
        created_at=created_at,
        actor_id=None,
        actor_name="",
        action="chain_keyed",
        version_id=None,
        payload=payload,
    )
    AuditEvent.objects.create(
        seq=seq, created_at=created_at, actor_name="", action="chain_keyed", payload=payload,
        prev_hash=head.hash, hash=digest, scheme=KEYED,
    )
    head.seq, head.hash = seq, digest
    head.save(update_fields=["seq", "hash"])


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        # Events recorded so far: plain SHA-256.
        migrations.AddField(
            model_name='auditevent',
            name='scheme',
            field=models.CharField(choices=[('hmac-sha256', 'HMAC-SHA256（密钥）'), ('sha256', 'SHA-256（启用密钥前）')], default=LEGACY, max_length=16, verbose_name='摘要算法'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='scheme',
            field=models.CharField(choices=[('hmac-sha256', 'HMAC-SHA256（密钥）'), ('sha256', 'SHA-256（启用密钥前）')], default=KEYED, max_length=16, verbose_name='摘要算法'),
        ),
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
    ]
