"""Comparisons: a department over the years, a region's departments side by side."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from disclosures.models import VersionState
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db

SMALL = [("2080109", "社会保险经办机构", "100000.00", "50000.00")]  # 15.00 万元
LARGE = [("2050202", "小学教育", "2000000.00", "0.00")]  # 200.00 万元


@pytest.fixture
def region_year():
    region = make_region("比较区")
    small = make_department(region, name="比较区小局")
    large = make_department(region, name="比较区大局")
    draft = make_department(region, name="比较区草稿局")
    make_report(small, state=VersionState.PUBLISHED, lines=SMALL)
    make_report(large, state=VersionState.PUBLISHED, lines=LARGE)
    make_report(draft, state=VersionState.APPROVED, lines=LARGE)
    return region, small, large


def test_department_over_the_years_has_a_table_and_an_svg_chart(client):
    department = make_department(make_region(), name="趋势局")
    make_report(department, year=2023, state=VersionState.PUBLISHED, lines=SMALL)
    make_report(department, year=2024, state=VersionState.PUBLISHED, lines=LARGE)
    make_report(department, year=2025, state=VersionState.SUBMITTED, lines=LARGE)

    response = client.get(f"/compare/departments/{department.code}/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["year"] for r in rows] == [2023, 2024]
    assert rows[0]["figures"]["expenditure"] == Decimal("150000.00")
    assert rows[1]["figures"]["basic"] == Decimal("2000000.00")
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page and "<title" in page
    assert "<script" not in page
    assert "15.00" in page and "200.00" in page
    assert "2025" not in page.split("<table")[1]
    assert '<th scope="col">本年支出合计</th>' in page


def test_region_comparison_sorts_on_the_server(client, region_year):
    region, small, large = region_year
    url = f"/compare/regions/{region.code}/2024/"

    by_name = client.get(url).context["rows"]
    assert [r["department"] for r in by_name] == [small, large]
    descending = client.get(url, {"sort": "-expenditure"})
    assert [r["department"] for r in descending.context["rows"]] == [large, small]
    ascending = client.get(url, {"sort": "expenditure"})
    assert [r["department"] for r in ascending.context["rows"]] == [small, large]
    page = descending.content.decode()
    assert 'aria-sort="descending"' in page
    assert "?sort=expenditure" in page  # the active header links to the other direction
    assert "比较区草稿局" not in page
    # unknown sort keys fall back to the default
    assert client.get(url, {"sort": "nonsense"}).status_code == 200


def test_region_comparison_shows_basic_project_split_and_three_public(client, region_year):
    region, small, _ = region_year
    response = client.get(f"/compare/regions/{region.code}/2024/")
    row = next(r for r in response.context["rows"] if r["department"] == small)
    headers = [h["label"] for h in response.context["headers"]]
    cells = dict(zip(headers[1:], row["cells"]))
    assert cells["基本支出"] == "10.00" and cells["项目支出"] == "5.00"
    assert cells["基本支出占比"] == "66.7%"
    # synthetic data: 公用经费 = 15 % of basic, 公务接待费 = 10 % of that, the only 三公 expense
    assert cells["“三公”经费决算"] == "0.15"


def test_region_comparison_downloads(client, region_year):
    region, small, large = region_year
    response = client.get(f"/compare/regions/{region.code}/2024/compare.csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["部门", "单位代码", "收支总计（万元）"]
    assert [r[0] for r in rows[1:]] == ["比较区小局", "比较区大局"]
    assert rows[2][4] == "200.00"

    response = client.get(f"/compare/regions/{region.code}/2024/compare.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "比较区小局"
    assert Decimal(str(sheet["E4"].value)) == Decimal("200")


def test_comparisons_without_published_data_are_404(client, region_year):
    region, _, _ = region_year
    draft = make_department(region, name="仅草稿局")
    make_report(draft, state=VersionState.DRAFT)
    assert client.get(f"/compare/regions/{region.code}/2023/").status_code == 404
    assert client.get(f"/compare/regions/{region.code}/2023/compare.csv").status_code == 404
    assert client.get(f"/compare/departments/{draft.code}/").status_code == 404


def test_region_comparison_comes_a_page_at_a_time_sorted_across_pages(client, region_year, monkeypatch):
    from disclosures.views import compare

    region, small, large = region_year
    monkeypatch.setattr(compare, "REGION_PAGE_SIZE", 1)
    url = f"/compare/regions/{region.code}/2024/"
    first = client.get(url, {"sort": "-expenditure"})
    second = client.get(url, {"sort": "-expenditure", "page": 2})
    assert [r["department"] for r in first.context["rows"]] == [large]
    assert [r["department"] for r in second.context["rows"]] == [small]
    assert "?sort=-expenditure&amp;page=2" in first.content.decode() and "共 2 个部门" in first.content.decode()
    # the downloads hold every department whatever the page
    rows = list(csv.reader(io.StringIO(client.get(f"{url}compare.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 3


def test_a_stored_download_is_written_again_once_the_region_publishes_more(client, region_year):
    from disclosures.models import ComparisonDownload

    region, _, _ = region_year
    url = f"/compare/regions/{region.code}/2024/compare.csv"
    assert client.get(url).content.decode("utf-8-sig").count("\r\n") == 3
    stored = ComparisonDownload.objects.get(region=region, kind="csv")
    assert client.get(url).content.decode("utf-8-sig").count("\r\n") == 3
    assert ComparisonDownload.objects.get(pk=stored.pk).built_at == stored.built_at  # served as stored

    make_report(make_department(region, name="比较区新局"), state=VersionState.PUBLISHED, lines=SMALL)
    text = client.get(url).content.decode("utf-8-sig")
    assert "比较区新局" in text and text.count("\r\n") == 4


def test_region_comparison_sorts_by_the_share_in_the_database(client, region_year):
    region, small, large = region_year  # small: 10 of 15 万元 basic (66.7 %), large: all basic (100 %)
    nothing = make_department(region, name="比较区无支出局")
    make_report(nothing, state=VersionState.PUBLISHED, lines=[("2080109", "社会保险经办机构", "0.00", "0.00")])
    url = f"/compare/regions/{region.code}/2024/"
    for sort, expected in (("-basic_share", [large, small, nothing]), ("basic_share", [small, large, nothing])):
        rows = client.get(url, {"sort": sort}).context["rows"]
        assert [r["department"] for r in rows] == expected, sort  # a share of nothing comes last either way
