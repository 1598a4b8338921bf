from django.db import models


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "等待生成"
    RENDERING = "rendering", "生成中"
    DONE = "done", "已生成"
    FAILED = "failed", "生成失败"


class RenderedDocument(models.Model):
    """A file made from one report version (the standard-format PDF).

    One per version and kind; once done it never changes: a correction is a
    new version with its own document.

    The row is the outbox of its render, so a lost queue message or a killed worker loses
    nothing: a pending row whose message was sent long ago is queued again, and a render is
    claimed for a lease (claimed_at, claim_token); a claim whose lease ran out is taken over.
    """

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PREVIEW = "preview", "审核预览PDF"  # rendered for the reviewer before approving; never published

    MAX_ATTEMPTS = 4  # renders of one document, however each ended (an error, a killed worker)

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.PDF)
    status = models.CharField("状态", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    file = models.FileField("文件", upload_to="documents/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    error = models.TextField("错误信息", blank=True)
    queued_at = models.DateTimeField("排队时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始生成时间", null=True, blank=True)
    claim_token = models.CharField("生成任务标识", max_length=64, blank=True)
    claimed_by = models.CharField("生成进程", max_length=255, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("version", "kind"), name="one_document_per_version_kind")]
        verbose_name = "生成文件"
        verbose_name_plural = "生成文件"

    def __str__(self):
        return f"{self.version} {self.get_kind_display()}"
