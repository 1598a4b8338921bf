"""The demo: seed 001's published 2024 report of 武汉市蔡甸区城乡居民养老保险办公室,
exactly as published (slips included), and other departments of 蔡甸区 in other states."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from portal.accounts.models import Role, User

from ..models import (
    Department,
    EntryUnit,
    EvaluationIndicator,
    GlossaryEntry,
    KeyWorkItem,
    NarrativeSection,
    ProjectEvaluation,
    Region,
    Report,
    ReportVersion,
    VersionState,
)
from ..pdf.services import prior_year_totals_set
from ..services import report_create, report_published_version_refresh, version_replace_tables
from ..tables.values import TableData, wan_to_yuan
from .synthetic import consistent_tables

SEED_DIR = Path(__file__).parent / "caidian_2024"
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2024

CAIDIAN_CODE = "420114001001"
DEPARTMENTS = (
    # code, name, parent code, aliases
    ("420114001", "武汉市蔡甸区人力资源和社会保障局", None, ""),
    (CAIDIAN_CODE, "武汉市蔡甸区城乡居民养老保险办公室", "420114001", "武汉市蔡甸区城乡居民社会养老保险办公室"),
    ("420114002", "武汉市蔡甸区教育局", None, ""),
    ("420114003", "武汉市蔡甸区卫生健康局", None, ""),
)
# Other departments: state, 项 lines (code, name, basic 元, project 元)
OTHERS = {
    "420114001": (
        VersionState.DRAFT,
        [
            ("2080101", "行政运行", "3125400.00", "0.00"),
            ("2080199", "其他人力资源和社会保障管理事务支出", "0.00", "864500.00"),
            ("2080505", "机关事业单位基本养老保险缴费支出", "412300.00", "0.00"),
            ("2210201", "住房公积金", "268800.00", "0.00"),
        ],
    ),
    "420114002": (
        VersionState.SUBMITTED,
        [
            ("2050101", "行政运行", "5231800.00", "0.00"),
            ("2050201", "学前教育", "0.00", "2450000.00"),
            ("2050202", "小学教育", "18320600.00", "3600000.00"),
            ("2080505", "机关事业单位基本养老保险缴费支出", "2104500.00", "0.00"),
        ],
    ),
    "420114003": (
        VersionState.RETURNED,
        [
            ("2100101", "行政运行", "2876100.00", "0.00"),
            ("2100408", "基本公共卫生服务", "0.00", "5120000.00"),
            ("2101101", "行政单位医疗", "153200.00", "0.00"),
        ],
    ),
}
DEMO_USERS = (
    ("accountant", "张会计", Role.ACCOUNTANT),
    ("reviewer", "李审核", Role.REVIEWER),
    ("admin", "系统管理员", Role.ADMIN),
)


def _read(name):
    with open(SEED_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


def tables_from_fixture(raw):
    """TableData for each table from the demo's JSON (amounts as published in 万元)."""
    tables = {}
    for number, content in raw["tables"].items():
        data = TableData(number=int(number))
        data.code_rows = [(code, name) for code, name in content["rows"]]
        for row, column, wan, source in content["cells"]:
            data.set(row, column, wan_to_yuan(wan), source)
        tables[data.number] = data
    return tables


def seed_tables():
    return tables_from_fixture(_read("tables.json"))


def _organisation():
    wuhan, _ = Region.objects.get_or_create(code="420100", defaults={"name": "武汉市"})
    caidian, _ = Region.objects.get_or_create(code="420114", defaults={"name": "蔡甸区", "parent": wuhan})
    departments = {}
    for code, name, parent, aliases in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code,
            defaults={"name": name, "region": caidian, "parent": departments.get(parent), "aliases": aliases},
        )
    return caidian, departments


def _load_caidian(department):
    report, version = report_create(department=department, year=YEAR)
    raw = _read("tables.json")
    version_replace_tables(
        version=version,
        tables=tables_from_fixture(raw).values(),
        entry_unit=EntryUnit.WAN,
        source_filename=raw["source_filename"],
    )
    narrative = _read("narrative.json")
    bodies = {
        "overview.functions": (None, narrative["overview"]["functions"]),
        "overview.composition": (None, narrative["overview"]["composition"]),
        "key_work.summary": (None, "\n".join(narrative["key_work"]["summary"])),
    }
    for section in narrative["explanations"]:
        bodies[f"explanation.{section['key']}"] = (section["title"], section["body"])
    for section in NarrativeSection.objects.filter(version=version):
        title, body = bodies[section.key]
        section.body = body
        section.title = title or section.title
        section.save(update_fields=["title", "body"])
    KeyWorkItem.objects.bulk_create(
        KeyWorkItem(version=version, position=i["no"], title=i["title"], content=i["content"], status=i["status"])
        for i in narrative["key_work"]["items"]
    )
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(version=version, position=i, term=g["term"], definition=g["definition"])
        for i, g in enumerate(narrative["glossary"], start=1)
    )
    for position, raw_eval in enumerate(_read("performance.json"), start=1):
        evaluation = ProjectEvaluation.objects.create(
            version=version,
            position=position,
            project_name=raw_eval["project_name"],
            table_title=raw_eval["table_title"],
            unit_name=raw_eval["unit_name"],
            fill_date=date.fromisoformat(raw_eval["fill_date"]),
            competent_department=raw_eval["competent_department"],
            implementing_unit=raw_eval["implementing_unit"],
            category=raw_eval["category"],
            attribute=raw_eval["attribute"],
            project_type=raw_eval["project_type"],
            budget=wan_to_yuan(raw_eval["budget_wan"]),
            executed=wan_to_yuan(raw_eval["executed_wan"]),
            execution_weight=Decimal(raw_eval["execution_weight"]),
            execution_rate_stated=Decimal(raw_eval["execution_rate_stated"].rstrip("%")),
            execution_score_stated=Decimal(raw_eval["execution_score_stated"]),
            total_score_stated=Decimal(raw_eval["total_score_stated"]),
            deviation_reason=raw_eval["deviation_reason"],
            improvement=raw_eval["improvement"],
        )
        EvaluationIndicator.objects.bulk_create(
            EvaluationIndicator(
                evaluation=evaluation,
                position=i,
                level1=ind["level1"],
                level2=ind["level2"],
                level3=ind["level3"],
                target=ind["target"],
                actual=ind["actual"],
                weight=Decimal(ind["weight"]),
                score_stated=Decimal(ind["score_stated"]) if ind.get("score_stated") else None,
            )
            for i, ind in enumerate(raw_eval["indicators"], start=1)
        )
    last_year = narrative["last_year_totals"]
    prior_year_totals_set(
        version=version, total=last_year["total_income_expenditure_wan"], fiscal_total=last_year["fiscal_total_wan"]
    )
    published = datetime(2025, 11, 10, 10, 0, tzinfo=SHANGHAI)
    ReportVersion.objects.filter(pk=version.pk).update(
        state=VersionState.PUBLISHED,
        submitted_at=published - timedelta(days=60),
        approved_at=published - timedelta(days=2),
        published_at=published,
    )
    report_published_version_refresh(report=report)
    return report


def _load_other(department, state, lines):
    report, version = report_create(department=department, year=YEAR)
    version_replace_tables(version=version, tables=consistent_tables(lines).values(), entry_unit=EntryUnit.YUAN)
    NarrativeSection.objects.filter(version=version, key="overview.functions").update(
        body=f"{department.name}负责本行政区域内相关业务的管理和公共服务。"
    )
    submitted = datetime(2025, 9, 15, 9, 30, tzinfo=SHANGHAI)
    ReportVersion.objects.filter(pk=version.pk).update(
        state=state, submitted_at=submitted if state != VersionState.DRAFT else None
    )
    return report


def _users(password, region, departments):
    for username, display_name, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"display_name": display_name, "role": role})
        user.role = role
        user.display_name = display_name
        user.is_staff = user.is_superuser = role == Role.ADMIN
        if role == Role.REVIEWER:
            user.region = region
        user.set_password(password)
        user.save()
        if role == Role.ACCOUNTANT:
            user.departments.set(departments.values())


@transaction.atomic
def demo_load(*, password):
    """Load the demo once; later calls only reset the demo users' passwords. Returns True if loaded."""
    region, departments = _organisation()
    loaded = False
    if not Report.objects.filter(department=departments[CAIDIAN_CODE], year=YEAR).exists():
        _load_caidian(departments[CAIDIAN_CODE])
        for code, (state, lines) in OTHERS.items():
            _load_other(departments[code], state, lines)
        loaded = True
    _users(password, region, departments)
    return loaded
