"""Seed 002's 附件1, entered in its own layout, and the check that it adds up."""

from decimal import Decimal

from disclosures.models import BasicDataGroup
from disclosures.performance.checks import basic_data
from disclosures.performance.checks.context import context_for_version
from disclosures.performance.services import basic_data_save
from disclosures.tables.values import wan_to_yuan
from tests.factories import make_department, make_region, make_report

PROJECT = BasicDataGroup.PROJECT
THREE = BasicDataGroup.THREE_PUBLIC


def _row(group, level, label, prior, budget, final):
    w = lambda v: None if v is None else wan_to_yuan(v)  # noqa: E731
    return {"group": group, "level": level, "label": label, "prior_final": w(prior), "budget": w(budget), "final": w(final)}


ROWS = [
    _row(THREE, 0, "三公经费", "0.58", "0.50", "0.49"),
    _row(THREE, 1, "1、公务用车购置和维护经费", None, None, None),
    _row(THREE, 2, "其中：公车购置", None, None, None),
    _row(THREE, 1, "2、出国经费", None, None, None),
    _row(THREE, 1, "3、公务接待", "0.58", "0.50", "0.49"),
    _row(PROJECT, 0, "项目支出", "91.52", "79.36", "89.46"),
    _row(PROJECT, 1, "1、参保登记、稽核工作经费", "70.37", "38.40", "38.40"),
    _row(PROJECT, 1, "2、待遇领取资格认证工作经费", "0.81", "10.24", "10.24"),
    _row(PROJECT, 1, "3、个人账户管理专项经费", "10.80", "10.24", "10.24"),
    _row(PROJECT, 1, "4、基金征缴工作经费", "6.37", "1.28", "1.28"),
    _row(PROJECT, 1, "5、退管工作经费", "3.17", "19.20", "19.20"),
    _row(PROJECT, 1, "6、征管工作经费", None, None, "10"),
    _row(PROJECT, 1, "7、渔业补助资金", None, None, "0.1"),
    _row(BasicDataGroup.PUBLIC, 0, "公用经费", "65.81", "15.50", "23.65"),
    _row(BasicDataGroup.PUBLIC, 2, "其中：办公费", "0.34", "8", "3.06"),
]


def _version(db):
    _, version = make_report(make_department(make_region()))
    return version


def test_seed_002s_basic_data_table_is_entered_and_adds_up(db):
    version = _version(db)
    fields = {"year": 2024, "staff_authorized": 31, "staff_actual": 33, "staff_control_rate_stated": Decimal("106.45"),
              "thrift_measures": "1：节约集约利用资源，控制办公经费。2：杜绝一切浪费"}  # fmt: skip
    table = basic_data_save(version=version, fields=fields, rows=ROWS)
    assert table.rows.count() == len(ROWS)
    assert table.rows.get(label="项目支出").final == Decimal("894600.00")
    assert basic_data.check(context_for_version(version=version)) == []


def test_a_group_total_that_is_not_its_parts_and_a_wrong_control_rate_are_errors(db):
    version = _version(db)
    rows = [dict(r) for r in ROWS]
    rows[5]["final"] = wan_to_yuan("89.36")
    basic_data_save(version=version, fields={"year": 2024, "staff_authorized": 31, "staff_actual": 33,
                                             "staff_control_rate_stated": Decimal("93.94")}, rows=rows)  # fmt: skip
    messages = [f.message for f in basic_data.check(context_for_version(version=version))]
    assert messages == [
        "基础数据表“项目支出”本年决算数为89.36万元，各分项相加为89.46万元",
        "人员控制率填报93.94%，实际在职人数÷编制数=106.45%",
    ]
