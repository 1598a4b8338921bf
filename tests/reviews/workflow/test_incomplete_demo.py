"""The demo's incomplete reports, as loaded, cannot pass the gate: 教育局 (submitted, its
explanation sections empty, its checklist unanswered) is refused by the approval page and by
bulk approval; 卫生健康局 (returned, as incomplete) cannot be submitted again."""

import pytest

from disclosures.models import RenderedDocument, VersionState
from disclosures.selectors import version_latest

pytestmark = pytest.mark.django_db


def test_the_incomplete_education_bureau_cannot_be_approved_on_its_page(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    client.force_login(demo["reviewer"])
    page = client.get(f"/review/reports/{report.pk}/approve/").content.decode()
    assert "不能审核通过" in page and "C-SECTION" in page and "确认审核通过</button>" not in page
    response = client.post(
        f"/review/reports/{report.pk}/approve/",
        {"confirm": "1", "expected_state": "submitted", "expected_revision": version.revision},
    )
    assert response.status_code == 409 and "C-SECTION" in response.content.decode()
    assert version_latest(report=report).state == VersionState.SUBMITTED
    assert not RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).exists()


def test_the_incomplete_education_bureau_is_left_out_of_bulk_approval(demo, client):
    report = demo["submitted"]
    client.force_login(demo["reviewer"])
    response = client.post(
        "/review/dashboard/bulk/", {"year": 2024, "action": "approve", "ids": [report.department_id]}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("未能审核" in t and "教育局" in t and "C-SECTION" in t for t in texts), texts
    assert version_latest(report=report).state == VersionState.SUBMITTED


def test_the_incomplete_health_bureau_cannot_be_submitted_again(demo, client):
    report = demo["returned"]
    client.force_login(demo["accountant"])
    response = client.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "报告暂不能提交" in body and "C-SECTION" in body
    assert version_latest(report=report).state == VersionState.RETURNED
