from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models

PUBLISH_WITHIN_DAYS = 20  # a department's final accounts are published within 20 days of 批复


class ReportingYear(models.Model):
    """A reporting year's deadlines. Without a row the defaults apply
    (submit by 9月20日, publish by 9月29日 of the following year)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    submit_deadline = models.DateField("报送截止日期", help_text="部门须在此日（含）之前提交决算。")
    approval_date = models.DateField(
        "批复日期", null=True, blank=True, help_text="财政部门批复部门决算的日期；公开截止日期在批复后20日内。"
    )
    publish_deadline = models.DateField("公开截止日期", help_text="部门须在此日（含）之前公开决算。")

    class Meta:
        ordering = ("-year",)
        verbose_name = "年度时间安排"
        verbose_name_plural = "年度时间安排"

    def __str__(self):
        return f"{self.year}年度"

    def clean(self):
        errors = calendar_problems(
            submit_deadline=self.submit_deadline, approval_date=self.approval_date, publish_deadline=self.publish_deadline
        )
        if errors:
            raise ValidationError(errors)


def calendar_problems(*, submit_deadline, approval_date, publish_deadline):
    """{field: message} of a calendar whose dates are out of order: submission, then 批复, then
    publication within 20 days of 批复."""
    problems = {}
    if submit_deadline and publish_deadline and publish_deadline < submit_deadline:
        problems["publish_deadline"] = "公开截止日期不能早于报送截止日期"
    if approval_date:
        if submit_deadline and approval_date < submit_deadline:
            problems["approval_date"] = "批复日期不能早于报送截止日期"
        elif publish_deadline and publish_deadline < approval_date:
            problems["publish_deadline"] = "公开截止日期不能早于批复日期"
        elif publish_deadline and publish_deadline > approval_date + timedelta(days=PUBLISH_WITHIN_DAYS):
            last = approval_date + timedelta(days=PUBLISH_WITHIN_DAYS)
            problems["publish_deadline"] = f"公开截止日期须在批复后{PUBLISH_WITHIN_DAYS}日内，即不晚于{last:%Y-%m-%d}"
    return problems
