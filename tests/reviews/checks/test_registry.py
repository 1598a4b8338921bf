"""The registry: every check family registered once, in list order, each finding coded and placed."""

from reviews.checks import CHECKS, CheckContext, checks_run
from reviews.models import Finding, Part


def test_every_family_is_registered_once_in_list_order():
    names = [c.name.rsplit(".", 1)[1] for c in CHECKS]
    assert names == [
        "table_rules", "unlisted_codes", "number_formats", "text", "performance", "checklist_auto",
        "rules_loaded", "sections_filled", "placeholders", "checklist_answered", "checklist_evidence", "evaluations_complete",
    ]
    assert all(c.part in Part.values for c in CHECKS)


def test_each_finding_carries_its_checks_prefix_and_part(demo):
    for version in demo.values():
        context = CheckContext(version)
        for registered in CHECKS:
            for finding in checks_run(context, checks=[registered]):
                assert finding.rule.startswith(registered.code_prefix), (registered.name, finding.rule)
                assert finding.part == registered.part


def test_findings_refresh_stores_what_the_registry_computes(caidian):
    computed = checks_run(CheckContext(caidian))
    stored = list(Finding.objects.filter(version=caidian).order_by("position"))
    assert [(f.rule, f.part, f.message) for f in computed] == [(f.rule_code, f.part, f.message) for f in stored]
