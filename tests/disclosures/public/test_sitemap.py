"""The sitemap lists published reports (permanent and per-version addresses) and nothing else."""

import pytest

from disclosures.models import VersionState
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_reports_and_versions_only(client):
    region = make_region()
    published = make_department(region)
    report, _ = make_report(published, state=VersionState.PUBLISHED)
    hidden = {state: make_department(region) for state in ("draft", "submitted", "returned", "approved")}
    for state, department in hidden.items():
        make_report(department, state=state)
    v2 = version_start_correction(report=report, correction_note="更正")

    xml = client.get("/sitemap.xml").content.decode()
    assert f"/reports/{published.code}/2024/</loc>" in xml
    assert f"/reports/{published.code}/2024/v1/</loc>" in xml
    assert f"/reports/{published.code}/2024/v2/" not in xml
    for department in hidden.values():
        assert department.code not in xml

    publish(v2)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/reports/{published.code}/2024/v2/</loc>" in xml
    assert "/years/2024/</loc>" in xml
