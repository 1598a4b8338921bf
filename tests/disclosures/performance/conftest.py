import io

import pytest
from django.core.management import call_command

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.selectors import published_version


@pytest.fixture
def demo_version(db, monkeypatch):
    """Seed 001's published version, with its three project tables as published."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=io.StringIO())
    return published_version(department_code=CAIDIAN_CODE, year=2024)
