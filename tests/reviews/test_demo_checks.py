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
    assert sorted(f.rule_code for f in findings if not f.is_text) == [
        "R01-058", "R06-CLS", "R06-CLS", "X01-03-CLS", "X01-04-CLS",
    ]
    # the published text's slips (tests/disclosures/narrative/test_check.py), the attachments' included
    assert sorted({f.rule_code for f in findings if f.is_text}) == ["N02", "N06", "N07", "N08", "N09", "N10"]
    answers = ChecklistAnswer.objects.filter(version=version)
    assert answers.count() == 54
    assert answers.get(item__no=49).remark == "无部门网站"
    others = Finding.objects.exclude(version=version)
    assert not others.exists()  # the other departments' synthetic reports reconcile exactly
    call_command("load_demo", stdout=io.StringIO())  # a second run changes nothing
    assert ChecklistAnswer.objects.filter(version=version).count() == 54
