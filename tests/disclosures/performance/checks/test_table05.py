from decimal import Decimal

from disclosures.performance.checks import table05
from disclosures.performance.checks.context import context_for_version


def test_the_demo_projects_fit_within_table_05s_project_expenditure(demo_version):
    # 9.97 + 20.99 + 319.05 = 350.01 ≤ 390.96
    assert table05.check(context_for_version(version=demo_version)) == []


def test_projects_executing_more_than_table_05_is_an_error(demo_version):
    context = context_for_version(version=demo_version)
    context.evaluations[2].executed = Decimal("3700000.00")  # 370 万元 → 400.96 > 390.96
    [finding] = table05.check(context)
    assert finding.message == "各项目自评表执行数合计400.96万元，超过公开05表项目支出合计390.96万元"
