"""A year without rules or checklist is an error, "本年度审核规则未载入", never a pass."""

from portal.accounts.models import Role
from reviews.models import Finding
from tests.factories import make_department, make_region, make_report, make_user


def test_a_report_of_a_year_without_rules_shows_the_error_on_both_pages(db, client):
    region = make_region()
    report, version = make_report(make_department(region), year=2025)
    (finding,) = Finding.objects.filter(version=version, rule_code="C-RULES")
    assert finding.severity == "error" and finding.message.startswith("本年度审核规则未载入")
    assert "2025年度没有启用的审核规则集" in finding.message and "2025年度没有自查表" in finding.message

    client.force_login(make_user(Role.REVIEWER, region=region))
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert "本年度审核规则未载入" in page
    assert "全部勾稽关系和格式检查均已通过" not in page and "全部检查均已通过" not in page
    assert "本年度没有自查表" not in page

    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert "本年度审核规则未载入" in page and "全部检查均已通过" not in page and "本年度没有自查表" not in page


def test_the_year_with_its_rule_file_and_checklist_has_no_such_error(db):
    _, version = make_report(make_department(make_region()), year=2024)
    assert not Finding.objects.filter(version=version).exists()
