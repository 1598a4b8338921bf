"""Findings and the checklist on the accountant's and the reviewer's pages; who may see what."""

import pytest

from disclosures.demo.loader import seed_tables
from disclosures.models import EntryUnit
from disclosures.services import version_replace_tables
from portal.accounts.models import Role
from reviews.models import ChecklistAnswer, Finding
from reviews.services import checklist_template_load
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    checklist_template_load(year=2024)
    region = make_region()
    department = make_department(region)
    report, version = make_report(department, complete=False)
    version_replace_tables(version=version, tables=seed_tables().values(), entry_unit=EntryUnit.WAN)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    reviewer = make_user(Role.REVIEWER, region=region)
    return report, version, accountant, reviewer


def test_the_accountant_sees_findings_and_explains_a_warning(client, setup):
    report, version, accountant, _ = setup
    client.force_login(accountant)
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert f"/workspace/reports/{report.pk}/checks/" in page
    page = client.get(f"/workspace/reports/{report.pk}/checks/").content.decode()
    assert "尾差" in page and "X01-03-CLS" in page and "有5个提示尚未填写说明" in page
    # the cell links to the table's form at that cell, which has the id
    assert f'href="/workspace/reports/{report.pk}/tables/1/#c__39__amount"' in page
    form = client.get(f"/workspace/reports/{report.pk}/tables/1/").content.decode()
    assert 'id="c__39__amount"' in form
    finding = Finding.objects.get(version=version, rule_code="X01-03-CLS")
    response = client.post(f"/workspace/reports/{report.pk}/checks/findings/{finding.pk}/", {"explanation": "尾差，四舍五入所致。"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.explanation == "尾差，四舍五入所致。" and finding.explained_by == accountant


def test_the_accountant_answers_the_checklist_all_or_nothing(client, setup):
    report, version, accountant, _ = setup
    client.force_login(accountant)
    url = f"/workspace/reports/{report.pk}/checks/checklist/"
    client.post(url, {"answer-1": "是", "answer-2": "否", "remark-2": ""})
    assert not ChecklistAnswer.objects.filter(version=version).exists()
    client.post(url, {"answer-1": "是", "answer-2": "否", "remark-2": "图表排版待调整"})
    assert dict(ChecklistAnswer.objects.filter(version=version).values_list("item__no", "answer")) == {1: "是", 2: "否"}


def test_the_reviewer_sees_findings_by_part_linked_to_cells_and_the_checklist(client, setup):
    report, version, _, reviewer = setup
    client.force_login(reviewer)
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert 'id="findings-表格"' in page and 'id="findings-完整性"' in page
    assert page.index('id="findings-表格"') < page.index('id="findings-完整性"')
    assert 'href="#item-1"' in page  # the checklist is not answered: its first item
    assert 'href="#section-explanation-overall"' in page and 'id="section-explanation-overall"' in page
    assert 'href="#t1-39-amount"' in page and 'id="t1-39-amount"' in page
    assert "公开01表!F14" in page
    assert "部门决算公开工作情况自查表" in page and 'id="item-54"' in page
    response = client.post(f"/review/reports/{report.pk}/checklist/7/", {"status": "confirmed"})
    assert response.status_code == 302
    assert ChecklistAnswer.objects.get(version=version, item__no=7).reviewer_status == "confirmed"


def test_other_roles_get_403_and_other_departments_404(client, setup):
    report, version, accountant, reviewer = setup
    finding = Finding.objects.filter(version=version).first()
    client.force_login(reviewer)
    assert client.get(f"/workspace/reports/{report.pk}/checks/").status_code == 403
    assert client.post(f"/workspace/reports/{report.pk}/checks/findings/{finding.pk}/", {"explanation": "x"}).status_code == 403
    client.force_login(accountant)
    assert client.post(f"/review/reports/{report.pk}/checklist/7/", {"status": "confirmed"}).status_code == 403
    stranger = make_user(Role.ACCOUNTANT, departments=[make_department(make_region())])
    client.force_login(stranger)
    assert client.get(f"/workspace/reports/{report.pk}/checks/").status_code == 404
    assert client.post(f"/workspace/reports/{report.pk}/checks/findings/{finding.pk}/", {"explanation": "x"}).status_code == 404
    other_reviewer = make_user(Role.REVIEWER, region=make_region("其他区"))
    client.force_login(other_reviewer)
    assert client.post(f"/review/reports/{report.pk}/checklist/7/", {"status": "confirmed"}).status_code == 404
    client.logout()
    assert client.get(f"/workspace/reports/{report.pk}/checks/").status_code == 302
    finding.refresh_from_db()
    assert finding.explanation == ""
