"""一键说明尾差: one explanation, editable, written to every unexplained rounding warning."""

from portal.accounts.models import Role
from reviews.models import Finding
from reviews.services import checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user


def test_one_explanation_for_every_rounding_warning_at_once(db, client):
    from reviews.models import Severity

    checklist_template_load(year=2024)
    report, version = make_report(make_department(make_region()), complete=True)
    for n in range(3):
        Finding.objects.create(version=version, rule_code=f"R0{n + 1}-X", severity=Severity.WARNING, rounding=True,
                               message=f"尾差{n}", fingerprint=f"rounding-{n}")
    kept = Finding.objects.create(version=version, rule_code="R09-X", severity=Severity.WARNING, rounding=True,
                                  message="已说明", fingerprint="explained", explanation="另有原因")
    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert "3个尾差提示尚未说明" in page and "四舍五入形成的尾差" in page
    client.post(f"/workspace/reports/{report.pk}/checks/rounding/", {"explanation": "元折万元的尾差。"})
    texts = dict(Finding.objects.filter(version=version, rounding=True).values_list("fingerprint", "explanation"))
    assert texts == {"rounding-0": "元折万元的尾差。", "rounding-1": "元折万元的尾差。", "rounding-2": "元折万元的尾差。", "explained": "另有原因"}
