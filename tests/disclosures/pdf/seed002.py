"""Seed 002 (湖南沅江, 2024) 附件1 基础数据表 and 附件2 部门整体支出绩效自评表, saved through the
services on an editable version, as an accountant would enter them."""

from decimal import Decimal

from disclosures.models import BasicDataGroup as G
from disclosures.performance.services import basic_data_save, department_evaluation_save
from disclosures.tables.values import wan_to_yuan

# (group, level, label, 2023年决算数, 2024年预算数, 2024年决算数), 万元
BASIC_DATA_ROWS = (
    (G.THREE_PUBLIC, 0, "三公经费", "0.58", "0.50", "0.49"),
    (G.THREE_PUBLIC, 1, "1、公务用车购置和维护经费", None, None, None),
    (G.THREE_PUBLIC, 2, "其中：公车购置", None, None, None),
    (G.THREE_PUBLIC, 2, "公车运行维护", None, None, None),
    (G.THREE_PUBLIC, 1, "2、出国经费", None, None, None),
    (G.THREE_PUBLIC, 1, "3、公务接待", "0.58", "0.50", "0.49"),
    (G.PROJECT, 0, "项目支出", "91.52", "79.36", "89.46"),
    (G.PROJECT, 1, "1、参保登记、稽核工作经费", "70.37", "38.40", "38.40"),
    (G.PROJECT, 1, "2、待遇领取资格认证工作经费", "0.81", "10.24", "10.24"),
    (G.PROJECT, 1, "3、个人账户管理专项经费", "10.80", "10.24", "10.24"),
    (G.PROJECT, 1, "4、基金征缴工作经费", "6.37", "1.28", "1.28"),
    (G.PROJECT, 1, "5、退管工作经费", "3.17", "19.20", "19.20"),
    (G.PROJECT, 1, "6、征管工作经费", None, None, "10"),
    (G.PROJECT, 1, "7、渔业补助资金", None, None, "0.1"),
    (G.PUBLIC, 0, "公用经费", "65.81", "15.50", "23.65"),
    (G.PUBLIC, 2, "其中：办公费", "0.34", "8", "3.06"),
    (G.PUBLIC, 2, "水费、电费、差旅费", "0.31", "2", "1.23"),
    (G.PUBLIC, 2, "会议费、培训费", "0.28", None, "0.02"),
    (G.PROCUREMENT, 0, "政府采购金额", "62.12", None, "9.02"),
    (G.BASIC_ADJUSTMENT, 0, "部门基本支出预算调整", None, None, None),
)

# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值 = 自评得分)
DEPARTMENT_INDICATORS = (
    ("产出指标", "数量指标", "参保人数", "≥36.6万人", "51万人", "5"),
    ("产出指标", "数量指标", "拨付待遇", "≥26亿元", "26.16亿元", "5"),
    ("产出指标", "数量指标", "违反违规行为纠正数", "≥20起", "25起", "5"),
    ("产出指标", "质量指标", "参保率", "≥90%", "100%", "5"),
    ("产出指标", "质量指标", "资金发放到位率", "≥95%", "99%", "5"),
    ("产出指标", "质量指标", "社会保险发放准确率", "≥95%", "100%", "5"),
    ("产出指标", "时效指标", "资金发放及时率", "≥95%", "100%", "10"),
    ("效益指标", "经济效益指标", "征缴收入", "≥10亿元", "10.06亿元", "7"),
    ("效益指标", "经济效益指标", "保障社保基金正常运转", "正常运转", "基本达成目标", "7"),
    ("效益指标", "社会效益指标", "促进养老保险的健康发展", "健康发展", "基本达成目标", "8"),
    ("效益指标", "可持续影响指标", "维护社会稳定", "稳定", "基本达成目标", "8"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10"),
    ("成本指标", "经济成本指标", "人力、物力、财力", "≥500万元", "532万元", "10"),
)


def _yuan(wan):
    return None if wan is None else wan_to_yuan(wan)


def save_seed002_attachments(version):
    """附件1 and 附件2 of seed 002 on an editable version."""
    basic_data_save(
        version=version,
        fields={
            "year": 2024, "staff_authorized": 31, "staff_actual": 33, "staff_control_rate_stated": Decimal("106.45"),
            "building_approved_area": Decimal("0"), "building_actual_area": Decimal("0"),
            "building_budget": Decimal("0"), "building_actual": Decimal("0"),
            "thrift_measures": "1：节约集约利用资源，控制办公经费。2：杜绝一切浪费",
        },
        rows=[
            {"group": g, "level": level, "label": label, "prior_final": _yuan(prior), "budget": _yuan(budget),
             "final": _yuan(final)}
            for g, level, label, prior, budget, final in BASIC_DATA_ROWS
        ],
    )  # fmt: skip
    department_evaluation_save(
        version=version,
        fields={
            "unit_name": "沅江市社会保险服务中心", "table_title": "2024年度部门整体支出绩效自评表",
            "budget_initial": _yuan("461.89"), "budget": _yuan("532.00"), "executed": _yuan("532.00"),
            "execution_rate_stated": Decimal("100"), "execution_weight": Decimal("10"),
            "execution_score_stated": Decimal("10"), "total_score_stated": Decimal("100"),
            "general_public": _yuan("532.00"), "basic_expenditure": _yuan("442.54"),
            "project_expenditure": _yuan("89.46"),
            "goals": "确保参保任务完成、养老待遇及时拨付、基金安全", "achieved": "各项任务已全部完成。",
        },
        indicators=[
            {"level1": l1, "level2": l2, "level3": l3, "target": target, "actual": actual,
             "weight": Decimal(weight), "score_stated": Decimal(weight)}
            for l1, l2, l3, target, actual, weight in DEPARTMENT_INDICATORS
        ],
    )  # fmt: skip
