"""The sitemap lists published reports (permanent and per-version addresses) and nothing else:
an index (/sitemap.xml) naming one sitemap per section and page, as the sitemaps protocol has it."""

import re
from urllib.parse import urlsplit

import pytest

from disclosures.models import VersionState
from disclosures.services import version_start_correction
from disclosures.sitemaps import PublishedReportSitemap, PublishedVersionSitemap
from tests.factories import make_department, make_region, make_report

from .conftest import publish

pytestmark = pytest.mark.django_db


def sitemap_addresses(client):
    """Every <loc> of every sitemap the index names, and the sitemaps' addresses."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    assert "<sitemapindex" in index.content.decode()
    sitemaps = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    locations = []
    for sitemap in sitemaps:
        parts = urlsplit(sitemap)
        response = client.get(parts.path, {"p": parts.query.removeprefix("p=")} if parts.query else {})
        assert response.status_code == 200, sitemap
        assert "<urlset" in response.content.decode()
        locations += re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return sitemaps, locations


def test_sitemap_lists_published_reports_and_versions_only(client):
    region = make_region()
    published = make_department(region)
    report, _ = make_report(published, state=VersionState.PUBLISHED)
    hidden = {state: make_department(region) for state in ("draft", "submitted", "returned", "approved")}
    for state, department in hidden.items():
        make_report(department, state=state)
    v2 = version_start_correction(report=report, correction_note="更正")

    _, xml = sitemap_addresses(client)
    assert f"http://testserver/reports/{published.code}/2024/" in xml
    assert f"http://testserver/reports/{published.code}/2024/v1/" in xml
    assert f"http://testserver/reports/{published.code}/2024/v2/" not in xml
    for department in hidden.values():
        assert not any(department.code in loc for loc in xml)

    publish(v2)
    _, xml = sitemap_addresses(client)
    assert f"http://testserver/reports/{published.code}/2024/v2/" in xml
    assert "http://testserver/years/2024/" in xml


def test_past_the_limit_the_index_names_several_sitemaps_each_address_once(client, monkeypatch):
    region = make_region()
    for _ in range(5):
        make_report(make_department(region), state=VersionState.PUBLISHED)
    monkeypatch.setattr(PublishedReportSitemap, "limit", 2)
    monkeypatch.setattr(PublishedVersionSitemap, "limit", 2)

    sitemaps, xml = sitemap_addresses(client)

    assert "http://testserver/sitemap-reports.xml?p=3" in sitemaps
    assert "http://testserver/sitemap-versions.xml?p=3" in sitemaps
    reports = [loc for loc in xml if re.fullmatch(r"http://testserver/reports/[^/]+/2024/", loc)]
    versions = [loc for loc in xml if loc.endswith("/2024/v1/")]
    assert len(reports) == len(set(reports)) == 5 and len(versions) == len(set(versions)) == 5
    assert client.get("/sitemap-reports.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
