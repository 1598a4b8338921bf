"""第六部分 附件 as published (seed 001): the numbered groups and the sheets in them.

一、整体绩效自评表/结果 (seed 002's 附件1 basic data and 附件2 whole-department table, or a
sentence that there is none), 二、项目绩效自评表/结果 (every project table with its 备注), and
三、the self-inspection checklist when the year's checklist is published with the report.
The PDF and the HTML pages render the same groups with the same partials
(templates/disclosures/attachments/); amounts are shown in 万元 with two decimals.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ..performance.layout import CHOICE_SEPARATOR, CHOICE_SOURCES, PROJECT_FIELDS
from ..performance.scoring_templates import all_templates
from ..tables.grid import format_wan
from .charts import format_share
from .selectors import checklist_rows

CHOICE_LABELS = {f.name: f.label for f in PROJECT_FIELDS if f.kind in ("choice", "one_choice")}
# GB 2312 squares: Noto CJK has no glyph for the ☑/☐ (U+2611/U+2610) seed 001 prints.
CHOSEN, NOT_CHOSEN = "■", "□"
NUMERALS = "一二三四五六七八九十"


def wan(amount):
    """元 → 万元 with two decimals; '' for no amount (0 is shown: a stated zero)."""
    return "" if amount is None else format_wan(amount, blank_zero=False)


def plain(value):
    """A weight, score or percentage without trailing zeros: 20.00 → 20, 99.70 → 99.7."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate(stated, part, total):
    """The stated rate as written (99.95%), else part ÷ total to one decimal."""
    return f"{plain(stated)}%" if stated is not None else format_share(part or 0, total)


@dataclass
class Choice:
    number: int
    label: str
    chosen: bool

    @property
    def mark(self):
        return CHOSEN if self.chosen else NOT_CHOSEN


@dataclass
class ChoiceLine:
    label: str
    choices: list  # [Choice]: the template's list with the chosen ones marked
    text: str = ""  # the stored value, when the template has no list for it


@dataclass
class Sheet:
    kind: str  # the partial: templates/disclosures/attachments/<kind>.html
    anchor: str
    title: str
    source: object = None  # the model instance
    data: dict = field(default_factory=dict)

    @property
    def template(self):
        return f"disclosures/attachments/{self.kind}.html"


@dataclass
class Group:
    anchor: str
    title: str
    empty: str  # the sentence shown when the group has no sheet
    sheets: list
    new_page: bool = False  # it has sheets and a sheet came before it: the PDF starts it on a new page
    sheets_in_toc: bool = True  # the contents list its sheets under its title


def _choice_lines(evaluation, template):
    """项目类别/属性/类型 as the template lists them with the chosen ones marked; a value the
    template has no list for is shown as stored; nothing for neither."""
    lines = []
    for name, source in CHOICE_SOURCES.items():
        value = getattr(evaluation, name) or ""
        options = getattr(template, source, ()) if template else ()
        if options:
            chosen = set(value.split(CHOICE_SEPARATOR))
            choices = [Choice(i, option, option in chosen) for i, option in enumerate(options, start=1)]
            lines.append(ChoiceLine(CHOICE_LABELS[name], choices))
        elif value:
            lines.append(ChoiceLine(CHOICE_LABELS[name], [], value))
    return lines


def _execution(evaluation, template):
    """What the budget rows show: amounts in 万元, the rate, and the headings' weight."""
    weight = template.execution_weight if template else evaluation.execution_weight
    weight_text = plain(weight) if weight else ""
    return {
        "execution_weight": weight,
        "budget_initial": wan(evaluation.budget_initial),
        "budget": wan(evaluation.budget),
        "executed": wan(evaluation.executed),
        "rate": rate(evaluation.execution_rate_stated, evaluation.executed, evaluation.budget),
        "weight": weight_text,
        "score_heading": f"得分（{weight_text}分×执行率）" if weight_text else "得分",
        "notes": list(template.notes) if template else [],
    }


def project_sheet(evaluation, position, templates):
    template = templates.get(evaluation.template_key)
    parts = [
        (label, wan(getattr(evaluation, name)))
        for name, label in (
            ("budget_current_year", "其中：当年财政拨款"),
            ("budget_carried_over", "上年结转资金"),
            ("budget_other", "其他资金"),
        )
    ]
    data = _execution(evaluation, template)
    data.update(
        choice_lines=_choice_lines(evaluation, template),
        budget_parts=parts if any(amount for _, amount in parts) else [],
        indicators=list(evaluation.indicators.all()),
    )
    return Sheet("project", f"evaluation-{position}", evaluation.table_title or evaluation.project_name, evaluation, data)


def department_sheet(evaluation, templates, year):
    template = templates.get(evaluation.template_key)
    indicators = list(evaluation.indicators.all())
    # 按收入性质分 | 按支出性质分, side by side as seed 002 prints them.
    income = [
        ("其中：一般公共预算", evaluation.general_public),
        ("政府性基金拨款", evaluation.government_fund),
        ("纳入专户管理的非税收入拨款", evaluation.special_account),
        ("其他资金", evaluation.other_funds),
    ]
    spending = [("其中：基本支出", evaluation.basic_expenditure), ("项目支出", evaluation.project_expenditure)]
    spending += [("", None)] * (len(income) - len(spending))
    funds = [((label, wan(a)), (spent, wan(b))) for (label, a), (spent, b) in zip(income, spending)]
    data = _execution(evaluation, template)
    data.update(
        funds=funds if any(a is not None for _, a in income + spending) else [],
        indicators=indicators,
        weight_total=plain(data["execution_weight"] + sum((i.weight for i in indicators), Decimal(0))),
        with_reasons=any(i.deviation_reason or i.improvement for i in indicators),
    )
    title = evaluation.table_title or f"{year}年度部门整体支出绩效自评表"
    return Sheet("department", "department-evaluation", title, evaluation, data)


def basic_data_sheet(table):
    year = table.year
    rows = [
        {"label": r.label, "level": r.level, "values": [wan(r.prior_final), wan(r.budget), wan(r.final)]}
        for r in table.rows.all()
    ]
    data = {
        "headings": [f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"],
        "rows": rows,
        "staff": [
            plain(table.staff_authorized),
            plain(table.staff_actual),
            rate(table.staff_control_rate_stated, table.staff_actual, table.staff_authorized),
        ],
        "building": [
            plain(table.building_approved_area),
            plain(table.building_actual_area),
            format_share(table.building_actual_area or 0, table.building_approved_area),
            wan(table.building_budget),
            wan(table.building_actual),
            format_share(table.building_actual or 0, table.building_budget),
        ],
    }
    return Sheet("basic_data", "basic-data", str(table), table, data)


def version_attachments(*, version, evaluations=None):
    """The groups of 第六部分 for a version, in the published order, numbered 一、二、(三、)."""
    report = version.report
    year, department = report.year, report.department
    templates = all_templates()
    if evaluations is None:
        evaluations = list(version.evaluations.prefetch_related("indicators"))
    whole = []
    basic_data = getattr(version, "basic_data", None)
    if basic_data is not None:
        whole.append(basic_data_sheet(basic_data))
    department_evaluation = getattr(version, "department_evaluation", None)
    if department_evaluation is not None:
        whole.append(department_sheet(department_evaluation, templates, year))
    groups = [
        Group("attachments-whole", f"{year}年度{department.name}整体绩效自评表/结果", f"本单位{year}年度无整体绩效评价报告。", whole),
        Group(
            "attachments-projects",
            f"{year}年度项目绩效自评表/结果",
            f"本单位{year}年度无项目绩效自评表。",
            [project_sheet(e, i, templates) for i, e in enumerate(evaluations, start=1)],
        ),
    ]
    checklist = checklist_rows(version=version)
    if checklist:
        sheet = Sheet("checklist", "attachment-checklist", f"{year}年度部门决算公开工作情况自查表", data={"rows": checklist})
        groups.append(Group("attachments-checklist", sheet.title, "", [sheet], sheets_in_toc=False))
    for number, group in enumerate(groups):
        group.title = f"{NUMERALS[number]}、{group.title}"
        group.new_page = bool(group.sheets) and any(g.sheets for g in groups[:number])
    return groups
