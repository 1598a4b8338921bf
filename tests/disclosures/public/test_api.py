"""The read-only JSON API and its OpenAPI description."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from disclosures.models import VersionState
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

from .conftest import publish

pytestmark = pytest.mark.django_db


def api_paths(resolver=None, prefix=""):
    """Every route the URLconf serves, as OpenAPI-style paths ("<int:year>" → "{year}")."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from api_paths(entry, route)
        elif isinstance(entry, URLPattern):
            yield re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_the_openapi_document_describes_every_v1_path(client):
    response = client.get("/api/openapi.json")
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    served = {p.removeprefix("api/v1") for p in api_paths() if p.startswith("api/v1/")}
    assert served, "no /api/v1/ routes found"
    assert served == set(document["paths"])
    for path, item in document["paths"].items():
        for name in re.findall(r"{(\w+)}", path):
            assert name in {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"}, (path, name)
    refs = set(re.findall(r'"#/components/schemas/(\w+)"', response.content.decode()))
    assert refs <= set(document["components"]["schemas"])


def test_reports_list_report_versions_and_a_table(client):
    region = make_region("接口区")
    department = make_department(region, name="接口局")
    report, v1 = make_report(department, state=VersionState.PUBLISHED)
    make_report(make_department(region), state=VersionState.SUBMITTED)

    listing = client.get("/api/v1/reports/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["department"]["name"] == "接口局"
    assert listing["results"][0]["html_url"].endswith(f"/reports/{department.code}/2024/")
    assert client.get("/api/v1/reports/", {"year": 2023}).json()["count"] == 0
    assert client.get("/api/v1/reports/", {"region": region.code}).json()["count"] == 1

    detail = client.get(listing["results"][0]["url"]).json()
    assert [v["number"] for v in detail["versions"]] == [1]

    version = client.get(detail["versions"][0]["url"]).json()
    assert version["main_figures"]["expenditure"] == {"label": "本年支出合计", "yuan": "683300.00", "wan": "68.33"}
    assert len(version["tables"]) == 9

    table = client.get(version["tables"][2]["url"]).json()
    assert table["code"] == "公开03表" and table["unit"] == "元"
    total = table["rows"][0]
    assert total["key"] == "total" and total["values"]["basic"] == {"yuan": "373700.00", "wan": "37.37"}
    assert [r["code"] for r in table["rows"][1:]] == ["2080109", "2080505", "2101102", "2210201"]
    line_table = client.get(version["tables"][0]["url"]).json()
    assert {"key": "27", "label": "本年收入合计", "side": "income"}.items() <= line_table["rows"][26].items() or any(
        r["key"] == "27" and r["label"] == "本年收入合计" for r in line_table["rows"]
    )

    v2 = version_start_correction(report=report, correction_note="更正表三")
    assert client.get(f"/api/v1/reports/{department.code}/2024/versions/2/").status_code == 404
    publish(v2)
    detail = client.get(f"/api/v1/reports/{department.code}/2024/").json()
    assert detail["current_version"] == 2
    assert [(v["number"], v["correction_note"]) for v in detail["versions"]] == [(2, "更正表三"), (1, "")]


def test_years_and_regions(client):
    city = make_region("接口市")
    district = make_region("接口市一区", parent=city)
    make_report(make_department(district), year=2023, state=VersionState.PUBLISHED)
    assert client.get("/api/v1/years/").json() == {"results": [{"year": 2023, "reports": 1}]}
    tree = client.get("/api/v1/regions/").json()["results"]
    assert tree[0]["code"] == city.code and tree[0]["children"][0]["reports"] == 1


def test_errors_are_json_and_writes_are_refused(client):
    response = client.get("/api/v1/reports/nope/2024/")
    assert response.status_code == 404 and "detail" in response.json()
    assert client.get("/api/v1/reports/", {"year": "x"}).status_code == 404
    assert client.get("/api/v1/reports/", {"page": 99}).status_code == 404
    assert client.post("/api/v1/reports/").status_code == 405
