"""An item answered “是” that the report contradicts (its sections empty) is a warning on that
item; “未回答的项目全部答是” answers the rest at once, and the contradictions then show."""

from disclosures.models import NarrativeSection
from portal.accounts.models import Role
from reviews.models import ChecklistAnswer, ChecklistItem, Finding
from reviews.services import checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user


def test_yes_to_an_item_whose_sections_are_empty_is_a_warning_on_the_item(db, client):
    checklist_template_load(year=2024)
    report, version = make_report(make_department(make_region()), complete=True)
    assert not Finding.objects.filter(version=version, rule_code__startswith="CL-", message__contains="答“是”").exists()

    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    NarrativeSection.objects.filter(version=version, key="explanation.three_public").update(body="")
    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", {"answer-18": "是"})  # a save recomputes
    (finding,) = Finding.objects.filter(version=version, rule_code="CL-18")
    assert finding.severity == "warning" and finding.checklist_no == 18
    assert "自查表第18项答“是”，但报告中九、财政拨款“三公”经费支出决算情况说明尚未填写" in finding.message
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert f'href="/workspace/reports/{report.pk}/checks/#item-18"' in page

    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", {"answer-18": "否", "remark-18": "本单位无三公经费"})
    assert not Finding.objects.filter(version=version, rule_code="CL-18").exists()


def test_fill_yes_answers_only_what_is_unanswered(db, client):
    checklist_template_load(year=2024)
    report, version = make_report(make_department(make_region()), complete=False)
    items = list(ChecklistItem.objects.filter(template__year=2024, mode="accountant").order_by("no"))
    client.force_login(make_user(Role.ACCOUNTANT, departments=[report.department]))
    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", {f"answer-{items[0].no}": "否", "remark-" + str(items[0].no): "无"})
    client.post(f"/workspace/reports/{report.pk}/checks/checklist/", {"fill": "yes"})
    answers = dict(ChecklistAnswer.objects.filter(version=version).values_list("item__no", "answer"))
    assert answers[items[0].no] == "否"  # kept
    assert all(answers[item.no] == "是" for item in items[1:])
    assert not Finding.objects.filter(version=version, rule_code="C-CHECKLIST").exists()
    # the text is still empty: every item the report can prove now says so
    contradicted = set(Finding.objects.filter(version=version, message__contains="答“是”").values_list("checklist_no", flat=True))
    assert {6, 14, 18, 24, 30, 31, 34, 36} <= contradicted | {items[0].no}

