"""load_demo loads the rules, the checklist and seed 001's published answers; its slips are stored."""

import io

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import ReportVersion
from reviews.models import ChecklistAnswer, Finding, RuleSet

pytestmark = pytest.mark.django_db


def test_the_demo_has_its_rule_set_its_findings_and_its_checklist():
    call_command("load_demo", stdout=io.StringIO())
    assert RuleSet.objects.get(year=2024, active=True).rules.count() == 80
    version = ReportVersion.objects.get(report__department__code=CAIDIAN_CODE, report__year=2024)
    findings = list(Finding.objects.filter(version=version))
    assert sorted(f.rule_code for f in findings if f.part == "表格") == [
        "R01-058", "R06-CLS", "R06-CLS", "X01-03-CLS", "X01-04-CLS",
    ]
    # the published text's slips (tests/disclosures/narrative/test_check.py), the attachments' included
    assert sorted({f.rule_code for f in findings if f.part == "情况说明"}) == ["N02", "N06", "N07", "N08", "N09", "N10"]
    assert [f.rule_code for f in findings if f.part == "附件"] == ["perf.project_names"]
    # the published text kept the template's “增加（减少）0万元，增长（下降）0%” in its 三公 section
    (placeholder,) = [f for f in findings if f.part == "完整性"]
    assert placeholder.rule_code == "C-PLACEHOLDER" and placeholder.section == "explanation.three_public"
    answers = ChecklistAnswer.objects.filter(version=version)
    assert answers.count() == 54
    assert answers.get(item__no=49).remark == "无部门网站"
    others = Finding.objects.exclude(version=version)
    assert not others.exclude(part="完整性").exists()  # the other departments' synthetic reports reconcile exactly
    # …but their text is one sentence and their checklist unanswered: incomplete
    education = others.filter(version__report__department__code="420114002")
    assert education.filter(rule_code="C-SECTION").count() == 15
    assert education.filter(rule_code="C-CHECKLIST").exists()
    call_command("load_demo", stdout=io.StringIO())  # a second run changes nothing
    assert ChecklistAnswer.objects.filter(version=version).count() == 54
