from django.conf import settings
from django.db import models

from .digest import KEYED, LEGACY


class AuditEvent(models.Model):
    """One recorded event: a value change, an upload, a transition, a comment.

    Events form a hash chain: each event's hash covers its content and the
    previous event's hash, so an edit, deletion or insertion made directly in
    the database is detected by `audit_verify`. The hash is keyed with
    AUDIT_KEY (digest.py), which the database does not hold, and the head is
    anchored outside the database (anchors.py). The portal never updates or
    deletes events.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=32)
    version = models.ForeignKey(
        "disclosures.ReportVersion",
        verbose_name="报告版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    payload = models.JSONField("内容", default=dict)
    prev_hash = models.CharField("前一事件哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)
    scheme = models.CharField(
        "摘要算法", max_length=16, default=KEYED, choices=[(KEYED, "HMAC-SHA256（密钥）"), (LEGACY, "SHA-256（启用密钥前）")]
    )

    class Meta:
        ordering = ("seq",)
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"

    def __str__(self):
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The single row that holds the chain's last sequence number and hash.

    Locking it serialises appends, and it makes removing the newest events
    detectable too.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "审计链"
        verbose_name_plural = "审计链"
