from disclosures.performance.checks import narrative_amounts
from disclosures.performance.checks.context import context_for_version

NARRATIVE = "3. 2024年度社保扶贫资金项目绩效自评综述：项目全年预算数为360万元，执行数为{executed}万元，完成预算的{rate}%。"


def test_the_demo_narrative_contradicts_the_social_security_table(demo_version):
    findings = narrative_amounts.check(context_for_version(version=demo_version))
    assert {f.evaluation.project_name for f in findings} == {"社保扶贫代缴资金"}
    assert [f.message for f in findings] == [
        "情况说明写“社保扶贫资金”执行数为360万元，附件自评表为319.05万元",
        "情况说明写“社保扶贫资金”执行率为100%，附件自评表为88.63%",
    ]


def test_a_narrative_that_agrees_with_the_tables_passes(demo_version):
    context = context_for_version(version=demo_version)
    context.narrative = context.narrative.replace(
        NARRATIVE.format(executed="360", rate="100"), NARRATIVE.format(executed="319.05", rate="88.63")
    )
    assert "319.05" in context.narrative
    assert narrative_amounts.check(context) == []
