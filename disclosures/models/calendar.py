from django.db import models


class ReportingYear(models.Model):
    """A reporting year's deadlines. Without a row the defaults apply
    (submit by 9月20日, publish by 9月29日 of the following year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    submit_deadline = models.DateField("报送截止日期", help_text="部门须在此日（含）之前提交决算。")
    publish_deadline = models.DateField("公开截止日期", help_text="部门须在此日（含）之前公开决算。")

    class Meta:
        ordering = ("-year",)
        verbose_name = "年度时间安排"
        verbose_name_plural = "年度时间安排"

    def __str__(self):
        return f"{self.year}年度"
