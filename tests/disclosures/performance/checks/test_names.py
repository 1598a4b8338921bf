from disclosures.performance.checks import names
from disclosures.performance.checks.context import context_for_version


def test_the_demo_names_the_social_security_project_two_ways(demo_version):
    [finding] = names.check(context_for_version(version=demo_version))
    assert (finding.rule, finding.severity) == ("perf.project_names", "warning")
    assert finding.message == "情况说明称“社保扶贫资金”，自评表项目名称为“社保扶贫代缴资金”，同一项目应使用同一名称"


def test_one_name_everywhere_passes(demo_version):
    context = context_for_version(version=demo_version)
    context.narrative = context.narrative.replace("社保扶贫资金项目", "社保扶贫代缴资金项目")
    assert names.check(context) == []


def test_a_title_naming_another_project_and_a_project_without_a_table_are_warnings(demo_version):
    context = context_for_version(version=demo_version)
    context.evaluations[0].table_title = "2024 年度其他经费项目自评表"
    context.narrative += "\n4. 就业补助资金项目绩效自评综述：项目全年预算数为5万元。"
    messages = [f.message for f in names.check(context)]
    assert "情况说明提到项目“就业补助资金”，但附件中没有它的自评表" in messages
    assert "表名“2024 年度其他经费项目自评表”与项目名称“城乡居民基本养老保险管理经费”不一致" in messages
