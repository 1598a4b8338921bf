"""Real rows of the seeds' tables (/work/shared/seeds), as unsaved model objects.

An evaluation built here carries its rows in `indicator_rows`, which the engine and the
checks read when a table is not saved yet (a form or a workbook being checked)."""

from decimal import Decimal

from disclosures.models import EvaluationIndicator, ProjectEvaluation
from disclosures.tables.values import wan_to_yuan


def indicator(level1, level2, level3, target, actual, weight, score=None, *, tier="", reason="", position=1):
    return EvaluationIndicator(
        position=position, level1=level1, level2=level2, level3=level3, target=target, actual=actual,
        weight=Decimal(weight), score_stated=None if score is None else Decimal(score), tier=tier,
        deviation_reason=reason,
    )  # fmt: skip


def evaluation(name, *, template, budget, executed, weight, rows, execution_score=None, total=None, rate=None,
               budget_initial=None, reason="", title=""):  # fmt: skip
    e = ProjectEvaluation(
        project_name=name, table_title=title, template_key=template,
        budget_initial=None if budget_initial is None else wan_to_yuan(budget_initial),
        budget=wan_to_yuan(budget), executed=wan_to_yuan(executed), execution_weight=Decimal(weight),
        execution_score_stated=None if execution_score is None else Decimal(execution_score),
        total_score_stated=None if total is None else Decimal(total),
        execution_rate_stated=None if rate is None else Decimal(rate), deviation_reason=reason,
    )  # fmt: skip
    for position, row in enumerate(rows, start=1):
        row.position = position
    e.indicator_rows = rows
    return e


def seed002_certification():
    """Seed 002, 附件3 “B待遇领取资格认证工作经费” (湖南沅江), with its “950%” satisfaction."""
    return evaluation(
        "B待遇领取资格认证工作经费", template="hunan_project_2024", budget_initial="10.24", budget="10.24",
        executed="10.24", weight="10", execution_score="10", total="100", rate="100",
        rows=[
            indicator("产出指标", "数量指标", "待遇领取资格认证人次", "≥300次", "318次", "20", "20"),
            indicator("产出指标", "质量指标", "待遇资格认证成功率", "≥95%", "100%", "10", "10"),
            indicator("产出指标", "时效指标", "项目完成时限", "2024年", "基本达成目标", "10", "10"),
            indicator("效益指标", "经济效益指标", "保障社保基金正常运转", "正常运转", "基本达成目标", "10", "10"),
            indicator("效益指标", "社会效益指标", "促进养老保险的健康发展", "健康发展", "基本达成目标", "10", "10"),
            indicator("效益指标", "可持续影响指标", "维护社会稳定", "稳定", "基本达成目标", "10", "10"),
            indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "950%", "10", "10"),
            indicator("成本指标", "经济成本指标", "人力、物力、财力", "≥10万元", "10.24万元", "10", "10"),
        ],
    )  # fmt: skip


def seed004_risk_control():
    """Seed 004 “基金风险防控项目” (四川安居): 年初 10.00, 调整后 8.72, 执行 8.72; a “≤” (negative) indicator."""
    return evaluation(
        "基金风险防控项目", template="sichuan_project_2024", budget_initial="10.00", budget="8.72",
        executed="8.72", weight="10", execution_score="10", total="100", rate="100.00",
        rows=[
            indicator("产出指标", "数量指标", "社保基金管理与稽核，重点组织开展参保稽核、一次性补缴稽核及工伤待遇稽核",
                      "≥3万人次", "≥3", "10", "10"),
            indicator("产出指标", "数量指标", "养老金待遇领取人员进行生存认证、对高龄人员、高风险人员进行上门认证核查",
                      "≥16万人次", "≥16", "10", "10"),
            indicator("产出指标", "质量指标", "年审、稽核工作完成率", "＝100%", "100%", "10", "10"),
            indicator("产出指标", "时效指标", "年审、稽核工作完成及时性", "优", "优", "10", "10"),
            indicator("效益指标", "经济效益指标", "减少社保基金管理性缺口财政兜底压力", "优", "优", "20", "20"),
            indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%", "96", "10", "10"),
            indicator("成本指标", "经济成本指标", "社保、机保、居保基金稽核与风险防控所需律师费、差旅费、印刷费、宣传费等",
                      "≤10万元", "8.72", "20", "20"),
        ],
    )  # fmt: skip


def seed003_audit():
    """Seed 003 (江苏如皋) “稽查费”: 决策/过程/产出/效益/满意度, 99 of 100, no execution score."""
    rows = [
        ("决策指标", "项目立项", "立项依据充分性", "充分", "充分", "2", "2"),
        ("决策指标", "项目立项", "立项程序规范性", "规范", "规范", "2", "2"),
        ("决策指标", "绩效目标", "绩效目标合理性", "合理", "合理", "2", "2"),
        ("决策指标", "绩效目标", "绩效指标明确性", "明确", "明确", "2", "2"),
        ("决策指标", "资金投入", "预算编制科学性", "科学", "科学", "2", "2"),
        ("决策指标", "资金投入", "资金分配合理性", "合理", "合理", "2", "2"),
        ("过程指标", "资金管理", "资金到位率", "100%", "100%", "3", "3"),
        ("过程指标", "资金管理", "预算执行率", "100%", "100%", "3", "3"),
        ("过程指标", "资金管理", "资金使用合规性", "合规", "合规", "4", "4"),
        ("过程指标", "组织实施", "制度是否健全", "健全", "健全", "2", "2"),
        ("过程指标", "组织实施", "制度执行有效性", "有效", "有效", "6", "6"),
        ("产出指标", "数量指标", "追回率", "100%", "100%", "9", "8.5"),
        ("产出指标", "质量指标", "足额追回率", "是", "是", "8", "8"),
        ("产出指标", "时效指标", "及时追回率", "及时", "及时", "8", "8"),
        ("产出指标", "成本指标", "是否超出预算", "否", "否", "5", "5"),
        ("效益指标", "经济效益指标", "保障基金安全", "是", "是", "10", "10"),
        ("效益指标", "社会效益指标", "对领取对象警示教育作用", "有效", "有效", "10", "9.5"),
        ("效益指标", "可持续发展指标", "预防和减少养老保险待遇冒领、多领现象", "是", "是", "10", "10"),
        ("满意度指标", "满意度指标", "百姓满意度", ">95%", "98%", "10", "10"),
    ]
    return evaluation(
        "稽查费", template="jiangsu_project_2023", budget="5", executed="5", weight="0", total="99",
        rows=[indicator(*row) for row in rows],
    )  # fmt: skip
