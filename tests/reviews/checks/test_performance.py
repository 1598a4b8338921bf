"""Performance-evaluation findings are stored with the version, recomputed on every write of the
tables, and shown to the reviewer linked to the evaluation."""

from decimal import Decimal

import pytest

from disclosures.performance.services import evaluation_save
from disclosures.services import version_start_correction
from portal.accounts.models import Role
from reviews.models import Finding
from tests.factories import make_user


@pytest.fixture
def correction(caidian):
    return version_start_correction(report=caidian.report, correction_note="更正绩效自评表")


def test_the_demos_performance_findings_are_stored_under_attachments(caidian):
    (names,) = Finding.objects.filter(version=caidian, part="附件")
    assert names.rule_code == "perf.project_names" and names.evaluation_kind == "project"
    assert names.evaluation_ref == caidian.evaluations.get(project_name="社保扶贫代缴资金").pk


def test_saving_an_evaluation_recomputes_its_findings(correction):
    evaluation = correction.evaluations.get(project_name="城乡居民基本养老保险管理经费")
    indicators = [
        {f: getattr(i, f) for f in ("level1", "level2", "level3", "target", "actual", "weight", "score_stated")}
        for i in evaluation.indicators.order_by("position")
    ]
    indicators[0]["score_stated"] = Decimal("3")  # the computed score is 10
    fields = {"total_score_stated": evaluation.total_score_stated}
    evaluation_save(version=correction, fields=fields, indicators=indicators, evaluation=evaluation)
    found = Finding.objects.filter(version=correction, part="附件", rule_code__startswith="perf.score")
    assert found.exists() and all(f.evaluation_ref == evaluation.pk for f in found)


def test_the_reviewer_sees_them_linked_to_the_attachment(client, caidian):
    reviewer = make_user(Role.REVIEWER, region=caidian.report.department.region)
    client.force_login(reviewer)
    page = client.get(f"/review/reports/{caidian.report.pk}/").content.decode()
    assert 'id="findings-附件"' in page and "perf.project_names" in page
    position = list(caidian.evaluations.order_by("position").values_list("project_name", flat=True)).index("社保扶贫代缴资金") + 1
    assert f'href="#evaluation-{position}"' in page and f'id="evaluation-{position}"' in page
