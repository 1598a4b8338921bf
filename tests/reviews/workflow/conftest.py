import io

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import Report
from portal.accounts.models import User

PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(db, monkeypatch):
    """The demo loaded through its command, with e-mail addresses for the demo users."""
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    call_command("load_demo", stdout=io.StringIO())
    for user in User.objects.all():
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return {
        "accountant": User.objects.get(username="accountant"),
        "reviewer": User.objects.get(username="reviewer"),
        "admin": User.objects.get(username="admin"),
        "draft": Report.objects.get(department__code="420114001"),
        "submitted": Report.objects.get(department__code="420114002"),
        "returned": Report.objects.get(department__code="420114003"),
        "published": Report.objects.get(department__code=CAIDIAN_CODE),
    }
