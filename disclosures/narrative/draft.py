"""A first draft of each figure-bearing explanation section, in seed 001's official phrasing.

Every figure comes from the tables (and last year's figures, and the project self-evaluations
when given) and is written by the format rule; what the tables cannot say — the reasons, the
year's budget, 机关运行经费, 政府采购, 国有资产 — is left as a placeholder for the accountant.
"""

from contextvars import ContextVar
from decimal import Decimal

from ..tables.values import ZERO
from .figures import class_names, figure_value, leaf_codes, prior_lookup
from .numbers import DEFAULT_FORMAT
from .numbers import format_amount as _format_amount
from .numbers import format_percent as _format_percent
from .numbers import ratio_percent

# the region profile's number format, for the draft being written (narrative_draft sets it)
_NUMBER_FORMAT = ContextVar("number_format", default=DEFAULT_FORMAT)


def format_amount(yuan):
    return _format_amount(yuan, _NUMBER_FORMAT.get())


def format_percent(value):
    return _format_percent(value, _NUMBER_FORMAT.get())

REASON = "（原因由填报单位填写）"
TO_FILL = "（由填报单位填写）"
PRIOR_MISSING = "（上年数未录入，由填报单位填写）"

INCOME_COLUMNS = (
    ("fiscal", "财政拨款收入"),
    ("superior", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("affiliated", "附属单位上缴收入"),
    ("other", "其他收入"),
)
EXPENDITURE_COLUMNS = (
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("to_superior", "上缴上级支出"),
    ("operating", "经营支出"),
    ("to_affiliated", "对附属单位补助支出"),
)
THREE_PUBLIC = (
    ("abroad", "因公出国(境)费"),
    ("vehicle", "公务用车购置及运行维护费"),
    ("reception", "公务接待费"),
)


def wan(amount):
    return f"{format_amount(amount)}万元"


def share(part, whole):
    value = ratio_percent(part, whole)
    return f"{format_percent(value if value is not None else ZERO)}%"


def change_clause(*, subject, current, last_year, last_year_label):
    """与2023年度相比，收、支总计增加82.21万元，增长16.4%，主要原因是（原因由填报单位填写）。"""
    if last_year is None:
        return f"与{last_year_label}年度相比，{subject}增加（减少）{PRIOR_MISSING}万元，增长（下降）{PRIOR_MISSING}%，主要原因是{REASON}。"
    change = current - last_year
    if change == 0:
        return f"与{last_year_label}年度持平。"
    words = ("增加", "增长") if change > 0 else ("减少", "下降")
    rate = ratio_percent(abs(change), last_year)
    rate_text = f"，{words[1]}{format_percent(rate)}%" if rate is not None else ""
    return f"与{last_year_label}年度相比，{subject}{words[0]}{wan(abs(change))}{rate_text}，主要原因是{REASON}。"


class _Draft:
    def __init__(self, *, tables, prior, year, attachments):
        self.tables = tables
        self.prior = prior_lookup(prior)
        self.year = year
        self.attachments = list(attachments or ())

    def value(self, key):
        value = figure_value(self.tables, key)
        return ZERO if value is None else value

    def empty(self, number):
        data = self.tables.get(number)
        return data is None or data.is_empty

    def overall(self):
        total = self.value("01/31/amount")
        return f"{self.year}年度收、支总计{wan(total)}。" + change_clause(
            subject="收、支总计", current=total, last_year=self.prior("01/31/amount"), last_year_label=self.year - 1
        )

    def income(self):
        total = self.value("02/total/total")
        parts = [f"{label}{wan(self.value(f'02/total/{key}'))}，占本年收入{share(self.value(f'02/total/{key}'), total)}" for key, label in INCOME_COLUMNS]
        return f"{self.year}年度收入合计{wan(total)}。其中：" + "；".join(parts) + "。"

    def expenditure(self):
        total = self.value("03/total/total")
        parts = [f"{label}{wan(self.value(f'03/total/{key}'))}，占本年支出{share(self.value(f'03/total/{key}'), total)}" for key, label in EXPENDITURE_COLUMNS]
        return f"{self.year}年度支出合计{wan(total)}。其中：" + "；".join(parts) + "。"

    def fiscal_overall(self):
        total = self.value("04/32/amount")
        return f"{self.year}年度财政拨款收、支总计{wan(total)}。" + change_clause(
            subject="财政拨款收、支总计", current=total, last_year=self.prior("04/32/amount"), last_year_label=self.year - 1
        )

    def _classes(self):
        data = self.tables.get(5)
        if data is None:
            return []
        codes = []
        for code in leaf_codes(data):
            if code[:3] not in codes:
                codes.append(code[:3])
        names = class_names()
        return [(code, names.get(code, code), self.value(f"05/{code}*/total")) for code in codes]

    def general_budget(self):
        total = self.value("05/total/total")
        lines = [
            "(一) 一般公共预算财政拨款支出决算总体情况",
            f"{self.year}年度一般公共预算财政拨款支出{wan(total)}，占本年支出合计的{share(total, self.value('01/58/amount'))}。"
            + change_clause(
                subject="一般公共预算财政拨款支出",
                current=total,
                last_year=self.prior("05/total/total"),
                last_year_label=self.year - 1,
            ),
            "(二) 一般公共预算财政拨款支出决算结构情况",
            f"{self.year}年度一般公共预算财政拨款支出{wan(total)}，主要用于以下方面：",
        ]
        classes = [(code, name, amount) for code, name, amount in self._classes() if amount]
        for i, (_, name, amount) in enumerate(classes, start=1):
            end = "。" if i == len(classes) else "；"
            lines.append(f"{name}(类)支出{wan(amount)}，占{share(amount, total)}{end}")
        lines += [
            "(三) 一般公共预算财政拨款支出决算具体情况",
            f"{self.year}年度一般公共预算财政拨款支出年初预算为{TO_FILL}万元，支出决算为{wan(total)}，完成年初预算的{TO_FILL}%。"
            f"其中：基本支出{wan(self.value('05/total/basic'))}，项目支出{wan(self.value('05/total/project'))}。"
            f"项目支出主要用于{TO_FILL}。",
        ]
        for i, (_, name, amount) in enumerate(classes, start=1):
            lines.append(f"{i}. {name}支出(类)。年初预算为{TO_FILL}万元，支出决算为{wan(amount)}，完成年初预算的{TO_FILL}%。")
        return "\n".join(lines)

    def general_basic(self):
        data = self.tables.get(6)
        names = {"personnel": [], "public": []}
        if data is not None:
            spec = data.spec
            for code, name in data.code_rows:
                group = spec.group_for_code(code)
                if len(code) == 5 and group is not None and data.get(code, "amount"):
                    names[group.key].append(name)
        personnel, public = self.value("06/personnel_total/amount"), self.value("06/public_total/amount")
        return (
            f"{self.year}年度一般公共预算财政拨款基本支出{wan(self.value('05/total/basic'))}，其中：\n"
            f"人员经费{wan(personnel)}，主要包括：{'、'.join(names['personnel']) or TO_FILL}。\n"
            f"公用经费{wan(public)}，主要包括：{'、'.join(names['public']) or TO_FILL}。"
        )

    def gov_fund(self):
        if self.empty(7):
            return f"本部门{self.year}年无政府性基金预算财政拨款收入支出。"
        return (
            f"{self.year}年度政府性基金预算财政拨款年初结转和结余{wan(self.value('07/total/opening'))}，"
            f"本年收入{wan(self.value('07/total/income'))}，本年支出{wan(self.value('07/total/spend_total'))}，"
            f"其中：基本支出{wan(self.value('07/total/basic'))}，项目支出{wan(self.value('07/total/project'))}；"
            f"年末结转和结余{wan(self.value('07/total/closing'))}。主要用于{TO_FILL}。"
        )

    def state_capital(self):
        if self.empty(8):
            return f"本部门{self.year}年无国有资本经营预算财政拨款支出。"
        return (
            f"{self.year}年度国有资本经营预算财政拨款支出{wan(self.value('08/total/total'))}，"
            f"其中：基本支出{wan(self.value('08/total/basic'))}，项目支出{wan(self.value('08/total/project'))}。主要用于{TO_FILL}。"
        )

    def _budget_final(self, key):
        budget, final = self.value(f"09/1/budget_{key}"), self.value(f"09/1/final_{key}")
        rate = ratio_percent(final, budget)
        rate_text = f"{format_percent(rate)}%" if rate is not None else "0%"
        return f"预算为{wan(budget)}，支出决算为{wan(final)}，完成预算的{rate_text}"

    def three_public(self):
        change = f"较上年增加（减少）{PRIOR_MISSING}万元，增长（下降）{PRIOR_MISSING}%"
        lines = [
            "（一）“三公”经费财政拨款支出决算总体情况说明",
            f"{self.year}年度“三公”经费财政拨款支出{self._budget_final('total')}；{change}。主要原因是{REASON}。",
            "（二）“三公”经费财政拨款支出决算具体情况说明",
            f"1.因公出国(境)费{self._budget_final('abroad')}；{change}。主要原因是{REASON}。"
            f"{self.year}年度因公出国(境)团组{TO_FILL}个，{TO_FILL}人次。",
            f"2.公务用车购置及运行维护费{self._budget_final('vehicle')}；{change}。主要原因是{REASON}。其中：",
            f"(1)公务用车购置费支出{wan(self.value('09/1/final_vehicle_purchase'))}，本年度购置(更新)公务用车{TO_FILL}辆。",
            f"(2)公务用车运行维护费支出{wan(self.value('09/1/final_vehicle_running'))}。"
            f"截至{self.year}年12月31日，开支财政拨款的公务用车保有量{TO_FILL}辆。",
            f"3.公务接待费{self._budget_final('reception')}；{change}。主要原因是{REASON}。"
            f"{self.year}年度国内公务接待{TO_FILL}批次，{TO_FILL}人次。",
        ]
        if self.empty(9):
            lines[1] = lines[1].replace(f"主要原因是{REASON}", f"主要原因是：本部门{self.year}年度无“三公”经费财政拨款支出", 1)
        return "\n".join(lines)

    def office_running(self):
        return (
            f"{self.year}年度本部门机关运行经费支出{TO_FILL}万元，比上年增加（减少）{TO_FILL}万元，"
            f"增长（下降）{TO_FILL}%，主要原因是{REASON}。"
        )

    def procurement(self):
        return (
            f"{self.year}年度本部门政府采购支出总额{TO_FILL}万元，其中：政府采购货物支出{TO_FILL}万元、"
            f"政府采购工程支出{TO_FILL}万元、政府采购服务支出{TO_FILL}万元。授予中小企业合同金额{TO_FILL}万元，"
            f"占政府采购支出总额的{TO_FILL}%，其中：授予小微企业合同金额{TO_FILL}万元，占授予中小企业合同金额的{TO_FILL}%。"
        )

    def assets(self):
        return (
            f"截至{self.year}年12月31日，本部门共有车辆{TO_FILL}辆，其中：{TO_FILL}。"
            f"单价100万元(含)以上设备{TO_FILL}台(套)。"
        )

    def performance(self):
        projects = self.attachments
        project_total = self.value("05/total/project")
        if projects:
            budgets = sum((Decimal(e.budget) for e in projects), ZERO)
            scope = (
                f"共涉及项目{len(projects)}个，资金{wan(budgets)}，占一般公共预算项目支出总额的{share(budgets, project_total)}。"
            )
        else:
            scope = f"共涉及项目{TO_FILL}个，资金{TO_FILL}万元，占一般公共预算项目支出总额的{TO_FILL}%。"
        lines = [
            "(一) 预算绩效管理工作开展情况",
            f"根据预算绩效管理要求，本部门组织对{self.year}年度一般公共预算项目支出全面开展绩效自评，{scope}"
            f"从绩效评价情况来看，{TO_FILL}。",
            "(二) 部门（单位）整体支出自评结果",
            TO_FILL,
            "(三) 项目支出自评结果",
            f"本部门在{self.year}年度部门决算中反映所有项目绩效自评结果（不包括涉密项目），共涉及{len(projects) or TO_FILL}个一级项目。",
        ]
        for i, evaluation in enumerate(projects, start=1):
            rate = ratio_percent(evaluation.executed, evaluation.budget)
            rate_text = f"，完成预算的{format_percent(rate)}%" if rate is not None else ""
            lines.append(
                f"{i}. {evaluation.project_name}项目绩效自评综述：项目全年预算数为{wan(evaluation.budget)}，"
                f"执行数为{wan(evaluation.executed)}{rate_text}。主要产出和效益是：{TO_FILL}。发现的问题及原因：{TO_FILL}。"
            )
        lines += ["(四) 绩效自评结果应用情况", TO_FILL]
        return "\n".join(lines)


SECTIONS = (
    "overall", "income", "expenditure", "fiscal_overall", "general_budget", "general_basic", "gov_fund",
    "state_capital", "three_public", "office_running", "procurement", "assets", "performance",
)  # fmt: skip


def narrative_draft(*, tables, prior=None, year, attachments=None, profile=None):
    """{section key: draft text} for the explanation sections of `year`'s list.

    tables: {number: TableData}; prior: last year's tables or its totals entered by hand
    (see figures.prior_lookup); attachments: the project self-evaluations, for 十三;
    profile: the region profile whose section list and number format apply (default: the national
    list, seed 001's format).
    """
    from .sections import explanation_sections

    draft = _Draft(tables=tables, prior=prior, year=year, attachments=attachments)
    keys = [s.key for s in explanation_sections(year=year, profile=profile)]
    token = _NUMBER_FORMAT.set(profile.number_format if profile is not None else DEFAULT_FORMAT)
    try:
        result = {}
        for key in keys:
            name = key.removeprefix("explanation.")
            if name in SECTIONS:
                result[key] = getattr(draft, name)()
        return result
    finally:
        _NUMBER_FORMAT.reset(token)
