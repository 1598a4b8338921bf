from django.db import models

from .tables import amount_field


class ProjectEvaluation(models.Model):
    """A project's performance self-evaluation table (项目支出绩效自评表), an attachment."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="evaluations"
    )
    position = models.PositiveIntegerField("顺序", default=0)
    project_name = models.CharField("项目名称", max_length=255)
    table_title = models.CharField("表名", max_length=255, blank=True)
    unit_name = models.CharField("单位名称", max_length=255, blank=True)
    fill_date = models.DateField("填报日期", null=True, blank=True)
    competent_department = models.CharField("主管部门", max_length=255, blank=True)
    implementing_unit = models.CharField("项目实施单位", max_length=255, blank=True)
    category = models.CharField("项目类别", max_length=64, blank=True)
    attribute = models.CharField("项目属性", max_length=64, blank=True)
    project_type = models.CharField("项目类型", max_length=64, blank=True)
    budget_initial = amount_field("年初预算数（元）", null=True, blank=True)
    budget = amount_field("全年预算数（元）")
    executed = amount_field("执行数（元）")
    execution_weight = models.DecimalField("预算执行分值", max_digits=6, decimal_places=2, default=20)
    execution_score_stated = models.DecimalField("预算执行得分（填报）", max_digits=6, decimal_places=2, null=True, blank=True)
    total_score_stated = models.DecimalField("总分（填报）", max_digits=6, decimal_places=2, null=True, blank=True)
    goals = models.TextField("年度目标", blank=True)
    achieved = models.TextField("实际完成情况", blank=True)
    deviation_reason = models.TextField("偏差大或目标未完成原因分析", blank=True)
    improvement = models.TextField("改进措施及结果应用方案", blank=True)

    class Meta:
        ordering = ("version", "position")
        verbose_name = "项目绩效自评表"
        verbose_name_plural = "项目绩效自评表"

    def __str__(self):
        return self.project_name


class EvaluationIndicator(models.Model):
    """One third-level indicator of a self-evaluation table, with its parents' names."""

    evaluation = models.ForeignKey(
        ProjectEvaluation, verbose_name="自评表", on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveIntegerField("顺序", default=0)
    level1 = models.CharField("一级指标", max_length=64)
    level2 = models.CharField("二级指标", max_length=64)
    level3 = models.CharField("三级指标", max_length=255)
    target = models.CharField("年初目标值", max_length=128, blank=True)
    actual = models.CharField("实际完成值", max_length=128, blank=True)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    score_stated = models.DecimalField("得分（填报）", max_digits=6, decimal_places=2, null=True, blank=True)
    deviation_reason = models.TextField("偏差原因", blank=True)

    class Meta:
        ordering = ("evaluation", "position")
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"

    def __str__(self):
        return self.level3
