"""The demo region on the dashboard: its four departments with their states and checks."""

import io

import pytest
from django.core.management import call_command

from disclosures.models import ReportVersion, VersionState
from portal.accounts.models import User
from reviews.models import Finding, Severity

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=io.StringIO())
    return User.objects.get(username="reviewer")


def test_the_demo_reviewer_sees_the_demo_region_with_states_and_counts(client, demo):
    client.force_login(demo)
    response = client.get("/review/")
    assert response.status_code == 200 and response.context["year"] == 2024
    rows = {row.record.name: row.record for row in response.context["table"].rows}
    assert {name: record.state for name, record in rows.items()} == {
        "武汉市蔡甸区人力资源和社会保障局": "draft",
        "武汉市蔡甸区城乡居民养老保险办公室": "published",
        "武汉市蔡甸区教育局": "submitted",
        "武汉市蔡甸区卫生健康局": "returned",
    }
    caidian = rows["武汉市蔡甸区城乡居民养老保险办公室"]
    version = ReportVersion.objects.get(pk=caidian.version_id)
    stored = Finding.objects.filter(version=version)
    assert caidian.warnings == stored.filter(severity=Severity.WARNING).count() > 0  # the 尾差 slips
    assert stored.filter(severity=Severity.WARNING, rounding=True).exists()
    assert caidian.errors == stored.filter(severity=Severity.ERROR).count()
    # published 2025-11-10, after the default 2025-09-29: late
    assert caidian.publish_late and not rows["武汉市蔡甸区教育局"].submit_late
    page = response.content.decode()
    assert "武汉市蔡甸区人力资源和社会保障局 ›" in page and "已公开" in page and "退回" in page
    assert version.state == VersionState.PUBLISHED
