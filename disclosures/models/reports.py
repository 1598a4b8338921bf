from django.conf import settings
from django.db import models
from django.urls import reverse


class VersionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "已审核"
    PUBLISHED = "published", "已公开"


# States in which the accountant may change the figures.
EDITABLE_STATES = (VersionState.DRAFT, VersionState.RETURNED)


class EntryUnit(models.TextChoices):
    YUAN = "元", "元"
    WAN = "万元", "万元"


class Report(models.Model):
    """One department's final accounts for one year. Its content lives in versions."""

    department = models.ForeignKey(
        "disclosures.Department", verbose_name="部门", on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # The newest published version, kept by the publication (disclosures.services.
    # report_published_version_refresh): the public listings join it instead of searching
    # every report's versions for their newest published one.
    published_version = models.OneToOneField(
        "disclosures.ReportVersion",
        verbose_name="当前公开版本",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="newest_published_of",
    )

    class Meta:
        ordering = ("-year", "department__code")
        constraints = [models.UniqueConstraint(fields=("department", "year"), name="one_report_per_department_year")]
        verbose_name = "决算报告"
        verbose_name_plural = "决算报告"

    def __str__(self):
        return f"{self.department.name} {self.year}年度部门决算"

    def get_absolute_url(self):
        """The permanent public address: always the newest published version."""
        return reverse("public:report", kwargs={"department_code": self.department.code, "year": self.year})


class ReportVersion(models.Model):
    """A version of a report. A correction after publication is a new version;
    the published one stays as it was, reachable at its own address."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本号")
    state = models.CharField("状态", max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    entry_unit = models.CharField(
        "填报金额单位",
        max_length=4,
        choices=EntryUnit.choices,
        default=EntryUnit.YUAN,
        help_text="数据按万元填报时逐行四舍五入，合计与分项之间允许尾差。",
    )
    correction_note = models.TextField("更正说明", blank=True)
    source_filename = models.CharField("来源文件", max_length=255, blank=True)
    revision = models.PositiveIntegerField(
        "修改次数", default=0, help_text="每次保存加一，用于发现并发修改。"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("审核通过时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        ordering = ("report", "-number")
        constraints = [
            models.UniqueConstraint(fields=("report", "number"), name="unique_version_number"),
            # At most one version is being worked on; published ones are frozen.
            models.UniqueConstraint(
                fields=("report",),
                condition=~models.Q(state="published"),
                name="one_open_version_per_report",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="version_number_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="published_version_has_date",
            ),
        ]
        indexes = [
            # The newest publications first (the home page) without sorting every published version.
            models.Index(
                fields=["-published_at"], name="version_published_order", condition=models.Q(state="published")
            ),
        ]
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"

    def __str__(self):
        return f"{self.report}（第{self.number}版）"

    @property
    def department(self):
        return self.report.department

    @property
    def year(self):
        return self.report.year

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def is_published(self):
        return self.state == VersionState.PUBLISHED

    def get_absolute_url(self):
        return reverse(
            "public:report_version",
            kwargs={"department_code": self.report.department.code, "year": self.report.year, "number": self.number},
        )
