"""The attachments of a disclosure (第六部分 附件): performance self-evaluation tables.

Scoring rules are not here: a table names its scoring template (disclosures/performance/
templates_data/<template_key>.toml) and disclosures.performance.engine scores it.
"""

from django.db import models

from ..tables.amounts import yuan_to_wan
from .tables import amount_field

DEFAULT_PROJECT_TEMPLATE = "hubei_project_2024"
DEFAULT_DEPARTMENT_TEMPLATE = "hunan_department_2024"


def score_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, **kwargs)


class QualitativeTier(models.TextChoices):
    ACHIEVED = "achieved", "达成预期指标"
    PARTIAL = "partial", "部分达成预期指标"
    MISSED = "missed", "未达成预期指标"


class EvaluationBase(models.Model):
    """What a project table and the whole-department table share: budget, execution and goals."""

    position = models.PositiveIntegerField("顺序", default=0)
    table_title = models.CharField("表名", max_length=255, blank=True)
    unit_name = models.CharField("单位名称", max_length=255, blank=True)
    fill_date = models.DateField("填报日期", null=True, blank=True)
    budget_initial = amount_field("年初预算数（元）", null=True, blank=True)
    budget = amount_field("全年预算数（元）")
    executed = amount_field("执行数（元）")
    execution_rate_stated = models.DecimalField(
        "执行率（填报，%）", max_digits=7, decimal_places=2, null=True, blank=True
    )
    execution_weight = score_field("预算执行分值", default=20)
    execution_score_stated = score_field("预算执行得分（填报）", null=True, blank=True)
    total_score_stated = score_field("总分（填报）", null=True, blank=True)
    goals = models.TextField("年度目标", blank=True)
    achieved = models.TextField("实际完成情况", blank=True)
    deviation_reason = models.TextField("偏差大或目标未完成原因分析", blank=True)
    improvement = models.TextField("改进措施及结果应用方案", blank=True)

    class Meta:
        abstract = True

    @property
    def budget_wan(self):
        return yuan_to_wan(self.budget) if self.budget is not None else None

    @property
    def executed_wan(self):
        return yuan_to_wan(self.executed) if self.executed is not None else None

    def score(self):
        """This table scored under its template (computed once per instance)."""
        if not hasattr(self, "_score"):
            from ..performance.engine import score_evaluation
            from ..performance.scoring_templates import template_for

            self._score = score_evaluation(evaluation=self, template=template_for(self.template_key))
        return self._score


class ProjectEvaluation(EvaluationBase):
    """A project's performance self-evaluation table (项目支出绩效自评表), an attachment."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="evaluations"
    )
    project_name = models.CharField("项目名称", max_length=255)
    template_key = models.CharField("评分模板", max_length=64, default=DEFAULT_PROJECT_TEMPLATE)
    competent_department = models.CharField("主管部门", max_length=255, blank=True)
    implementing_unit = models.CharField("项目实施单位", max_length=255, blank=True)
    category = models.CharField("项目类别", max_length=64, blank=True)
    attribute = models.CharField("项目属性", max_length=64, blank=True)
    project_type = models.CharField("项目类型", max_length=64, blank=True)
    budget_current_year = amount_field("其中：当年财政拨款（元）", null=True, blank=True)
    budget_carried_over = amount_field("其中：上年结转资金（元）", null=True, blank=True)
    budget_other = amount_field("其中：其他资金（元）", null=True, blank=True)

    class Meta:
        ordering = ("version", "position")
        verbose_name = "项目绩效自评表"
        verbose_name_plural = "项目绩效自评表"

    def __str__(self):
        return self.project_name


class DepartmentEvaluation(EvaluationBase):
    """The whole-department table (部门整体支出绩效自评表), at most one per version."""

    version = models.OneToOneField(
        "disclosures.ReportVersion",
        verbose_name="版本",
        on_delete=models.CASCADE,
        related_name="department_evaluation",
    )
    template_key = models.CharField("评分模板", max_length=64, default=DEFAULT_DEPARTMENT_TEMPLATE)
    general_public = amount_field("其中：一般公共预算（元）", null=True, blank=True)
    government_fund = amount_field("其中：政府性基金拨款（元）", null=True, blank=True)
    special_account = amount_field("其中：纳入专户管理的非税收入拨款（元）", null=True, blank=True)
    other_funds = amount_field("其中：其他资金（元）", null=True, blank=True)
    basic_expenditure = amount_field("其中：基本支出（元）", null=True, blank=True)
    project_expenditure = amount_field("其中：项目支出（元）", null=True, blank=True)

    class Meta:
        verbose_name = "部门整体支出绩效自评表"
        verbose_name_plural = "部门整体支出绩效自评表"

    def __str__(self):
        return self.table_title or f"{self.unit_name}部门整体支出绩效自评表"

    @property
    def project_name(self):
        # Checks and findings name every table by project_name.
        return self.unit_name or "部门整体"


class IndicatorBase(models.Model):
    position = models.PositiveIntegerField("顺序", default=0)
    level1 = models.CharField("一级指标", max_length=64)
    level2 = models.CharField("二级指标", max_length=64)
    level3 = models.CharField("三级指标", max_length=255)
    target = models.CharField("年初目标值", max_length=128, blank=True)
    actual = models.CharField("实际完成值", max_length=128, blank=True)
    weight = score_field("分值")
    score_stated = score_field("得分（填报）", null=True, blank=True)
    tier = models.CharField(
        "定性指标达成档次",
        max_length=16,
        choices=QualitativeTier.choices,
        blank=True,
        help_text="定性指标填写；不填时按实际完成值推断。",
    )
    deviation_reason = models.TextField("偏差原因", blank=True)
    improvement = models.TextField("改进措施", blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.level3


class EvaluationIndicator(IndicatorBase):
    """One third-level indicator of a project table, with its parents' names."""

    evaluation = models.ForeignKey(
        ProjectEvaluation, verbose_name="自评表", on_delete=models.CASCADE, related_name="indicators"
    )

    class Meta:
        ordering = ("evaluation", "position")
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"


class DepartmentIndicator(IndicatorBase):
    """One third-level indicator of the whole-department table."""

    evaluation = models.ForeignKey(
        DepartmentEvaluation, verbose_name="部门整体自评表", on_delete=models.CASCADE, related_name="indicators"
    )

    class Meta:
        ordering = ("evaluation", "position")
        verbose_name = "部门整体绩效指标"
        verbose_name_plural = "部门整体绩效指标"


class BasicDataGroup(models.TextChoices):
    THREE_PUBLIC = "three_public", "三公经费"
    PROJECT = "project", "项目支出"
    PUBLIC = "public", "公用经费"
    PROCUREMENT = "procurement", "政府采购金额"
    BASIC_ADJUSTMENT = "basic_adjustment", "部门基本支出预算调整"


class BasicDataTable(models.Model):
    """部门整体支出绩效评价基础数据表 (seed 002, 附件1): staff, cost control, buildings."""

    version = models.OneToOneField(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="basic_data"
    )
    year = models.PositiveSmallIntegerField("年度")
    staff_authorized = models.PositiveIntegerField("编制数（人）", null=True, blank=True)
    staff_actual = models.PositiveIntegerField("实际在职人数（人）", null=True, blank=True)
    staff_control_rate_stated = models.DecimalField(
        "控制率（填报，%）", max_digits=7, decimal_places=2, null=True, blank=True
    )
    building_approved_area = models.DecimalField("批复规模（㎡）", max_digits=12, decimal_places=2, null=True, blank=True)
    building_actual_area = models.DecimalField("实际规模（㎡）", max_digits=12, decimal_places=2, null=True, blank=True)
    building_budget = amount_field("预算投资（元）", null=True, blank=True)
    building_actual = amount_field("实际投资（元）", null=True, blank=True)
    thrift_measures = models.TextField("厉行节约保障措施", blank=True)

    class Meta:
        verbose_name = "部门整体支出绩效评价基础数据表"
        verbose_name_plural = "部门整体支出绩效评价基础数据表"

    def __str__(self):
        return f"{self.year}年度部门整体支出绩效评价基础数据表"


class BasicDataRow(models.Model):
    """A line of the basic data table's 经费控制情况: prior year's final, budget and final, in 元.

    level 0 is a group's total, 1 a part of it, 2 a “其中” of a part (not added to the total).
    """

    table = models.ForeignKey(BasicDataTable, verbose_name="基础数据表", on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField("顺序", default=0)
    group = models.CharField("类别", max_length=32, choices=BasicDataGroup.choices)
    level = models.PositiveSmallIntegerField("层级", default=1)
    label = models.CharField("项目", max_length=255)
    prior_final = amount_field("上年决算数（元）", null=True, blank=True)
    budget = amount_field("本年预算数（元）", null=True, blank=True)
    final = amount_field("本年决算数（元）", null=True, blank=True)

    class Meta:
        ordering = ("table", "position")
        verbose_name = "基础数据行"
        verbose_name_plural = "基础数据行"

    def __str__(self):
        return self.label
