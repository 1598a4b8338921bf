"""Issue 16 point 6: a NUL in a path or query parameter is a 400 with a Chinese page, never a 500."""

import pytest

from disclosures.models import VersionState
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    region = make_region()
    department = make_department(region)
    make_report(department, state=VersionState.PUBLISHED)
    return region, department


def urls(region, department):
    return [
        "/search/?q=%00",
        "/search/?q=%E8%A1%8C%00",
        "/regions/%00/",
        f"/regions/{region.code}%00/",
        "/departments/%00/",
        "/reports/%00/2024/",
        f"/reports/{department.code}%00/2024/tables/3.csv",
        "/api/v1/reports/?region=%00",
        f"/api/v1/reports/?year=2024&department=%00",
        f"/compare/regions/%00/2024/compare.csv",
        f"/compare/regions/{region.code}/2024/compare.csv?x=%00",
        f"/compare/departments/{department.code}/?%00=1",
        "/workspace/?q=%00",
        "/review/?q=%00",
    ]


def test_a_nul_in_any_public_parameter_is_a_chinese_400(client, published):
    for url in urls(*published):
        response = client.get(url)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "地址无效" in page and "空字符" in page, url


def test_the_same_addresses_without_nul_still_answer(client, published):
    region, department = published
    assert client.get("/search/?q=行政").status_code == 200
    assert client.get(f"/regions/{region.code}/").status_code == 200
    assert client.get(f"/compare/regions/{region.code}/2024/compare.csv").status_code == 200
    assert client.get("/api/v1/reports/?region=" + region.code).status_code == 200
