import io
import re

from django.core.cache import cache

from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE


def test_score_evaluations_prints_stated_and_computed_totals_and_the_findings(demo_version):
    out = io.StringIO()
    call_command("score_evaluations", department=CAIDIAN_CODE, year=2024, stdout=out)
    text = out.getvalue()
    assert "2024 年度城乡居民基本养老保险管理经费项目自评表：填报总分 98.82，计算总分 98.82" in text
    assert "填报总分 99.99，计算总分 99.99" in text and "填报总分 92.85，计算总分 92.85" in text
    assert "perf.narrative_amounts" in text and "情况说明写“社保扶贫资金”执行数为360万元，附件自评表为319.05万元" in text
    out = io.StringIO()
    call_command("score_evaluations", department="武汉市蔡甸区城乡居民养老保险办公室", year=2024, stdout=out)
    assert "检查结果：3 条" in out.getvalue()


def test_the_public_page_shows_the_computed_total_beside_the_stated_one(client, demo_version):
    page = client.get(demo_version.report.get_absolute_url()).content.decode()
    assert "92.85（系统计算 92.85）" in page


def test_the_public_page_shows_the_whole_department_table_when_there_is_one(client, demo_version):
    from decimal import Decimal

    from disclosures.models import DepartmentEvaluation, DepartmentIndicator

    department = DepartmentEvaluation.objects.create(
        version=demo_version, unit_name="沅江市社会保险服务中心", table_title="2024年度部门整体支出绩效自评表",
        budget=Decimal("5320000.00"), executed=Decimal("5320000.00"), execution_weight=10,
        execution_score_stated=10, total_score_stated=15,
    )  # fmt: skip
    DepartmentIndicator.objects.create(evaluation=department, position=1, level1="产出指标", level2="数量指标",
                                       level3="参保人数", target="≥36.6万人", actual="51万人", weight=5, score_stated=5)  # fmt: skip
    cache.clear()  # the public page cache (a published version does not change in real life)
    page = client.get(demo_version.report.get_absolute_url()).content.decode()
    assert "2024年度部门整体支出绩效自评表" in page and "参保人数" in page
    # The sheet as the PDF prints it (年度预算申请（万元）), with the computed total beside the stated one.
    cells = re.sub(r"\s*<[^>]+>\s*", "|", page)
    assert "|全年预算数|" in cells and "|532.00|" in cells and "15.00（系统计算 15.00）" in page
