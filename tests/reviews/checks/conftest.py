import io

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import ReportVersion


@pytest.fixture
def demo(db):
    """The demo as load_demo leaves it; returns {department code: newest version}."""
    call_command("load_demo", stdout=io.StringIO())
    versions = ReportVersion.objects.filter(report__year=2024).select_related("report__department").order_by("number")
    return {v.report.department.code: v for v in versions}


@pytest.fixture
def caidian(demo):
    return demo[CAIDIAN_CODE]
