"""The checklist is answered in full; answering it (one save) clears the finding."""

from portal.accounts.models import Role
from reviews.models import ChecklistItem, Finding
from reviews.services import checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user


def test_unanswered_items_are_one_error_linked_to_the_first_and_answering_clears_it(db, client):
    checklist_template_load(year=2024)
    report, version = make_report(make_department(make_region()), complete=False)
    (finding,) = Finding.objects.filter(version=version, rule_code="C-CHECKLIST")
    items = list(ChecklistItem.objects.filter(template__year=2024, mode="accountant").order_by("no"))
    assert finding.severity == "error" and finding.checklist_no == items[0].no
    assert f"共{len(items)}项" in finding.message

    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert f'href="/workspace/reports/{report.pk}/checks/#item-{items[0].no}"' in page

    data = {f"answer-{item.no}": "是" for item in items[1:]}
    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", data)
    (finding,) = Finding.objects.filter(version=version, rule_code="C-CHECKLIST")
    assert finding.message.startswith(f"自查表第{items[0].no}项尚未回答（共1项）")
    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", {f"answer-{items[0].no}": "是"})
    assert not Finding.objects.filter(version=version, rule_code="C-CHECKLIST").exists()
