"""The fields of the tables as one description, read by the form, the workbook and the page.

kind: text (one line), long (paragraphs), date, wan (an amount typed in 万元, kept in 元),
score (0.01), percent (0.01 %), template (a scoring template key), choice (checkboxes from the template),
one_choice (one of the template's options: 项目属性 is 新增 or 延续, never both).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"
    required: bool = False


_COMMON_HEAD = (
    Field("table_title", "表名"),
    Field("template_key", "评分模板", "template", required=True),
    Field("unit_name", "单位名称"),
    Field("fill_date", "填报日期", "date"),
)
_BUDGET = (
    Field("budget_initial", "年初预算数（万元）", "wan"),
    Field("budget", "全年预算数/调整后预算数（万元）", "wan", required=True),
    Field("executed", "执行数（万元）", "wan", required=True),
    Field("execution_rate_stated", "执行率（%）", "percent"),
    Field("execution_weight", "预算执行分值", "score", required=True),
    Field("execution_score_stated", "预算执行得分", "score"),
    Field("total_score_stated", "总分", "score"),
)
_TAIL = (
    Field("goals", "年度目标", "long"),
    Field("achieved", "实际完成情况", "long"),
    Field("deviation_reason", "偏差大或目标未完成原因分析", "long"),
    Field("improvement", "改进措施及结果应用方案", "long"),
)

PROJECT_FIELDS = (
    Field("project_name", "项目名称", required=True),
    *_COMMON_HEAD,
    Field("competent_department", "主管部门"),
    Field("implementing_unit", "项目实施单位"),
    Field("category", "项目类别", "choice"),
    Field("attribute", "项目属性", "one_choice"),
    Field("project_type", "项目类型", "choice"),
    *_BUDGET,
    Field("budget_current_year", "其中：当年财政拨款（万元）", "wan"),
    Field("budget_carried_over", "其中：上年结转资金（万元）", "wan"),
    Field("budget_other", "其中：其他资金（万元）", "wan"),
    *_TAIL,
)

DEPARTMENT_FIELDS = (
    *_COMMON_HEAD,
    *_BUDGET,
    Field("general_public", "其中：一般公共预算（万元）", "wan"),
    Field("government_fund", "其中：政府性基金拨款（万元）", "wan"),
    Field("special_account", "其中：纳入专户管理的非税收入拨款（万元）", "wan"),
    Field("other_funds", "其中：其他资金（万元）", "wan"),
    Field("basic_expenditure", "其中：基本支出（万元）", "wan"),
    Field("project_expenditure", "其中：项目支出（万元）", "wan"),
    *_TAIL,
)

INDICATOR_FIELDS = (
    Field("level1", "一级指标", required=True),
    Field("level2", "二级指标", required=True),
    Field("level3", "三级指标", required=True),
    Field("target", "年初目标值"),
    Field("actual", "实际完成值"),
    Field("weight", "分值", "score", required=True),
    Field("score_stated", "得分", "score"),
    Field("tier", "定性指标达成档次", "tier"),
    Field("deviation_reason", "偏差原因", "long"),
    Field("improvement", "改进措施", "long"),
)

# Which choice lists of the template a “choice” field takes its boxes from.
CHOICE_SOURCES = {
    "category": "category_choices",
    "attribute": "attribute_choices",
    "project_type": "project_type_choices",
}
CHOICE_SEPARATOR = "、"
