"""Browsing by year, region and the department tree: only what is published appears."""

import pytest

from disclosures.models import VersionState
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = make_region("甲市")
    district = make_region("甲市乙区", parent=city)
    bureau = make_department(district, name="乙区人社局")
    unit = make_department(district, name="乙区养老保险中心", parent=bureau)
    hidden = make_department(district, name="乙区草稿局")
    make_report(unit, year=2024, state=VersionState.PUBLISHED)
    make_report(unit, year=2023, state=VersionState.PUBLISHED)
    make_report(bureau, year=2024, state=VersionState.SUBMITTED)
    make_report(hidden, year=2024, state=VersionState.APPROVED)
    return {"city": city, "district": district, "bureau": bureau, "unit": unit, "hidden": hidden}


def test_home_lists_newest_reports_years_and_regions(client, world):
    page = client.get("/").content.decode()
    assert "乙区养老保险中心2024年度部门决算" in page
    assert "/years/2024/" in page and "/years/2023/" in page
    assert f"/regions/{world['city'].code}/" in page and f"/regions/{world['district'].code}/" in page
    assert "乙区草稿局" not in page


def test_years(client, world):
    page = client.get("/years/").content.decode()
    assert "2024年度部门决算" in page and "2023年度部门决算" in page
    year = client.get("/years/2024/").content.decode()
    assert "乙区养老保险中心" in year and "乙区草稿局" not in year and "乙区人社局</a>" not in year
    assert client.get("/years/2022/").status_code == 404


def test_a_years_reports_come_a_page_at_a_time(client, world, monkeypatch):
    from disclosures.views.browse import YearView

    for n in range(2):
        make_report(make_department(world["district"], name=f"乙区第{n}局"), year=2024, state=VersionState.PUBLISHED)
    monkeypatch.setattr(YearView, "paginate_by", 2)
    first = client.get("/years/2024/").content.decode()
    second = client.get("/years/2024/", {"page": 2}).content.decode()
    assert "共 3 份已公开，第 1 / 2 页" in first and "?page=2" in first
    listed = [name for name in ("乙区养老保险中心", "乙区第0局", "乙区第1局") if name in first]
    assert len(listed) == 2 and all(name not in second for name in listed)
    assert "第 2 / 2 页" in second and "?page=1" in second


def test_region_tree_goes_from_city_to_district_to_department_to_unit(client, world):
    city = client.get(f"/regions/{world['city'].code}/").content.decode()
    assert f"/regions/{world['district'].code}/" in city
    district = client.get(f"/regions/{world['district'].code}/").content.decode()
    # 主管部门 appears (its unit has published reports) with the unit nested below it
    bureau_at = district.index("乙区人社局")
    unit_at = district.index("乙区养老保险中心")
    assert bureau_at < unit_at
    assert district[bureau_at:unit_at].count("<ul>") == 1
    assert f"/reports/{world['unit'].code}/2024/" in district
    assert f"/reports/{world['bureau'].code}/2024/" not in district
    assert "乙区草稿局" not in district


def test_a_regions_departments_come_fifty_branches_a_page(client, world, monkeypatch):
    from disclosures.views.browse import RegionView

    other = make_department(world["district"], name="乙区民政局")
    make_report(other, year=2023, state=VersionState.PUBLISHED)
    monkeypatch.setattr(RegionView, "paginate_by", 1)
    url = f"/regions/{world['district'].code}/"
    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2)]
    # each 主管部门 comes with its units on its page: 人社局 with its 养老保险中心, then 民政局
    first, second = sorted(pages, key=lambda page: "乙区人社局" not in page)
    assert "乙区养老保险中心" in first and "乙区民政局" not in first
    assert "乙区民政局" in second and "乙区人社局" not in second
    assert "第 1 页" in pages[0] and "page=2" in pages[0] and "page=3" not in pages[1]
    assert "第 1 页" in client.get(url, {"page": 9}).content.decode()  # past the end: the first page
    only_2023 = client.get(url, {"year": "2023", "page": 2}).content.decode()
    assert "year=2023&amp;page=1" in only_2023


def test_region_filtered_by_year(client, world):
    page = client.get(f"/regions/{world['district'].code}/", {"year": "2023"}).content.decode()
    assert f"/reports/{world['unit'].code}/2023/" in page
    assert f"/reports/{world['unit'].code}/2024/" not in page
    # a year that is not a year is ignored
    assert client.get(f"/regions/{world['district'].code}/", {"year": "abc"}).status_code == 200


def test_department_pages(client, world):
    unit = client.get(f"/departments/{world['unit'].code}/").content.decode()
    assert "2024年度部门决算" in unit and "2023年度部门决算" in unit
    assert f"/departments/{world['bureau'].code}/" in unit  # its 主管部门
    bureau = client.get(f"/departments/{world['bureau'].code}/").content.decode()
    assert f"/departments/{world['unit'].code}/" in bureau
    assert f"/reports/{world['bureau'].code}/2024/" not in bureau


def test_regions_and_departments_without_published_reports_are_404(client, world):
    empty = make_region("空区")
    make_department(empty, name="空区某局")
    assert client.get(f"/regions/{empty.code}/").status_code == 404
    assert client.get(f"/departments/{world['hidden'].code}/").status_code == 404
    assert client.get("/regions/nonexistent/").status_code == 404
    assert client.get("/departments/nonexistent/").status_code == 404
    assert "空区" not in client.get("/regions/").content.decode()
