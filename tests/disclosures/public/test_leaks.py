"""Nothing unpublished can be reached: every public address, the API, search and sitemaps
are tried with drafts, submitted, returned and approved versions and with guessed addresses."""

import pytest

from disclosures.models import NarrativeSection, VersionState
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

from .conftest import set_body

pytestmark = pytest.mark.django_db

UNPUBLISHED = (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.RETURNED, VersionState.APPROVED)
SECRET = "绝密未公开内容"


def report_addresses(code, year, number=None):
    """Every public and API address that names one report (or one of its versions)."""
    version = f"v{number}/" if number else ""
    api_number = number or 1
    addresses = [
        f"/reports/{code}/{year}/{version}",
        f"/reports/{code}/{year}/{version}report.pdf",
        f"/reports/{code}/{year}/{version}tables.xlsx",
        f"/api/v1/reports/{code}/{year}/versions/{api_number}/",
        f"/api/v1/reports/{code}/{year}/versions/{api_number}/tables/3/",
    ]
    addresses += [f"/reports/{code}/{year}/{version}tables/{n}.csv" for n in range(1, 10)]
    if not number:
        addresses.append(f"/api/v1/reports/{code}/{year}/")
    return addresses


def everything_public(client):
    """The text of every listing the public can see."""
    for word in (SECRET, "未公开"):
        # the page repeats the query itself; what matters is that nothing is found
        page = client.get("/search/", {"q": word}).content.decode()
        assert "找到 0 份报告" in page and "search-results" not in page, word
    pages = ["/", "/years/", "/regions/", "/sitemap.xml"]
    pages += ["/api/v1/reports/", "/api/v1/years/", "/api/v1/regions/"]
    return "\n".join(client.get(p).content.decode() for p in pages)


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_an_unpublished_report_is_404_everywhere_and_listed_nowhere(client, state):
    region = make_region("泄露测试区")
    department = make_department(region, name=f"未公开局{state}")
    report, version = make_report(department, state=state)
    set_body(version, "overview.functions", SECRET)
    # the guessed documents of this version, whatever their ids
    from disclosures.models import RenderedDocument

    document = RenderedDocument.objects.create(version=version)

    for address in report_addresses(department.code, 2024) + report_addresses(department.code, 2024, 1):
        assert client.get(address).status_code == 404, address
    # documents by id are for signed-in users only (the PDF's own view): never served here
    response = client.get(f"/documents/{document.pk}/report.pdf")
    assert response.status_code in (302, 403, 404)
    for address in (
        f"/departments/{department.code}/",
        f"/regions/{region.code}/",
        f"/years/2024/",
        f"/compare/departments/{department.code}/",
        f"/compare/regions/{region.code}/2024/",
        f"/compare/regions/{region.code}/2024/compare.csv",
        f"/compare/regions/{region.code}/2024/compare.xlsx",
    ):
        assert client.get(address).status_code == 404, address
    text = everything_public(client)
    assert SECRET not in text
    assert department.name not in text and department.code not in text


def test_a_published_report_with_a_correction_in_progress_shows_only_the_published_version(client):
    region = make_region()
    department = make_department(region)
    report, v1 = make_report(department, state=VersionState.PUBLISHED)
    set_body(v1, "overview.functions", "已公开的职能说明")
    for state in UNPUBLISHED:
        v2 = version_start_correction(report=report, correction_note="更正说明：未公开") if state == VersionState.DRAFT else v2
        v2.state = state
        v2.save(update_fields=["state"])
        NarrativeSection.objects.filter(version=v2, key="overview.functions").update(body=SECRET)

        page = client.get(f"/reports/{department.code}/2024/").content.decode()
        assert "已公开的职能说明" in page and SECRET not in page and "更正说明：未公开" not in page
        for address in report_addresses(department.code, 2024, 2):
            assert client.get(address).status_code == 404, (state, address)
        api = client.get(f"/api/v1/reports/{department.code}/2024/").json()
        assert api["current_version"] == 1 and [v["number"] for v in api["versions"]] == [1]
        assert SECRET not in everything_public(client)
        assert SECRET not in client.get(f"/compare/regions/{region.code}/2024/").content.decode()
        assert "/v2/" not in client.get("/sitemap.xml").content.decode()


def test_guessed_codes_years_numbers_and_tables_are_404(client):
    department = make_department(make_region())
    make_report(department, state=VersionState.PUBLISHED)
    code = department.code
    for address in (
        f"/reports/{code}/2023/",
        f"/reports/{code}/2025/",
        f"/reports/{code}/2024/v2/",
        f"/reports/{code}/2024/v0/",
        f"/reports/{code}X/2024/",
        "/reports/../2024/",
        f"/reports/{code}/2024/tables/10.csv",
        f"/reports/{code}/2024/v9/tables/1.csv",
        f"/api/v1/reports/{code}/2024/versions/2/",
        f"/api/v1/reports/{code}/2024/versions/1/tables/0/",
        f"/api/v1/reports/{code}/2023/",
        "/years/1999/",
    ):
        assert client.get(address).status_code == 404, address
