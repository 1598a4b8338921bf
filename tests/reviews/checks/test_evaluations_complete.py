"""Each performance evaluation is complete: unit, budget, execution, indicators, scores."""

from decimal import Decimal

from disclosures.performance.services import evaluation_save
from portal.accounts.models import Role
from reviews.models import Finding
from tests.factories import make_department, make_region, make_report, make_user


def test_an_incomplete_evaluation_is_an_error_linked_to_its_form(db, client):
    report, version = make_report(make_department(make_region()))
    indicator = {"level1": "产出指标", "level2": "数量指标", "level3": "参保人数", "target": "≥5000人", "actual": "", "weight": Decimal("90")}
    evaluation = evaluation_save(
        version=version,
        fields={"project_name": "社保经办", "budget": Decimal("100000.00"), "executed": Decimal("90000.00")},
        indicators=[indicator],
    )
    (finding,) = Finding.objects.filter(version=version, rule_code="C-EVAL")
    assert finding.severity == "error" and finding.evaluation_ref == evaluation.pk
    assert "单位名称" in finding.message and "总分" in finding.message and "第1行指标“参保人数”的实际完成值、得分" in finding.message

    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert f'href="/workspace/reports/{report.pk}/performance/{evaluation.pk}/#id_unit_name"' in page

    evaluation_save(
        version=version,
        evaluation=evaluation,
        fields={"unit_name": "测试单位", "execution_score_stated": Decimal("18"), "total_score_stated": Decimal("98")},
        indicators=[{**indicator, "actual": "5100人", "score_stated": Decimal("80")}],
    )
    assert not Finding.objects.filter(version=version, rule_code="C-EVAL").exists()
