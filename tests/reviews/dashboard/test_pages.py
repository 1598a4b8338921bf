"""A reviewer with many departments: the dashboard shows them a page at a time, counts them all,
keeps the year, filter and sort in its links, and still downloads and acts on every row."""

import io
import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from disclosures.models import Department, ReportVersion
from reviews.views_dashboard import DASHBOARD_PAGE_SIZE
from tests.factories import make_department

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EXTRA = DASHBOARD_PAGE_SIZE + 6  # the world's four departments besides: two pages and a bit


@pytest.fixture
def many(world):
    departments, reports, users = world
    region = departments["parent"].region
    for n in range(EXTRA):
        make_department(region, name=f"丁局{n:03d}")
    return departments, reports, users


def _names(response):
    return [row.record.name for row in response.context["table"].paginated_rows]


def _links(page):
    """The page's own links, each as {parameter: value}."""
    return [{k: v[0] for k, v in parse_qs(unescape(href)[1:]).items()} for href in re.findall(r'href="(\?[^"]*)"', page)]


def test_the_page_shows_fifty_rows_and_counts_every_department(client, many):
    _, reports, users = many
    client.force_login(users["reviewer"])
    # the unit submitted and published in time; every other department is late by now
    ReportVersion.objects.filter(pk=reports["unit"].pk).update(
        submitted_at=datetime(2025, 9, 1, tzinfo=SHANGHAI), published_at=datetime(2025, 9, 2, tzinfo=SHANGHAI)
    )
    response = client.get("/review/", {"year": 2024})
    assert len(_names(response)) == DASHBOARD_PAGE_SIZE
    page = response.content.decode()
    total = EXTRA + 4
    assert f"共{total}个部门，其中逾期{total - 1}个" in page
    second = client.get("/review/", {"year": 2024, "page": 2})
    assert len(_names(second)) == total - DASHBOARD_PAGE_SIZE
    assert set(_names(response)).isdisjoint(_names(second))
    assert "丙局" in _names(response) and "丁局055" in _names(second)


def test_totals_follow_the_filter(client, many):
    _, _, users = many
    client.force_login(users["reviewer"])
    page = client.get("/review/", {"year": 2024, "state": "none"}).content.decode()
    assert f"共{EXTRA + 1}个部门，其中逾期{EXTRA + 1}个" in page  # 乙局 and the 丁局s have no report


def test_page_links_keep_the_year_filter_and_sort(client, many):
    _, _, users = many
    client.force_login(users["reviewer"])
    page = client.get("/review/", {"q": "局", "sort": "-department"}).content.decode()
    page_links = [link for link in _links(page) if link.get("page") == "2"]
    assert page_links and all(link | {"page": "2"} == {"year": "2024", "q": "局", "sort": "-department", "page": "2"} for link in page_links)
    sort_links = [link for link in _links(page) if link.get("sort") == "errors"]
    assert sort_links and all(link["year"] == "2024" and link["q"] == "局" for link in sort_links)


def test_a_page_reads_only_its_rows(client, many):
    """The queries are the same whether the reviewer has 60 departments or 600: no query per row."""
    _, _, users = many
    client.force_login(users["reviewer"])
    client.get("/review/", {"year": 2024})
    with CaptureQueriesContext(connection) as small:
        client.get("/review/", {"year": 2024})
    region = Department.objects.get(name="甲局").region
    for n in range(EXTRA, 10 * EXTRA):
        make_department(region, name=f"丁局{n:03d}")
    with CaptureQueriesContext(connection) as large:
        response = client.get("/review/", {"year": 2024})
    assert len(large) == len(small)
    assert len(_names(response)) == DASHBOARD_PAGE_SIZE
    assert f"共{10 * EXTRA + 4}个部门" in response.content.decode()


def test_the_excel_download_has_every_row_not_one_page(client, many):
    _, _, users = many
    client.force_login(users["reviewer"])
    response = client.get("/review/dashboard.xlsx", {"year": 2024, "page": 2})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == EXTRA + 4


def test_a_bulk_action_on_the_second_page_returns_to_it(client, many):
    departments, _, users = many
    client.force_login(users["reviewer"])
    page = client.get("/review/", {"year": 2024, "page": 2, "sort": "-department"}).content.decode()
    query = unescape(re.search(r'name="query" value="([^"]*)"', page).group(1))
    ids = [Department.objects.get(name="丁局000").pk]
    response = client.post("/review/dashboard/bulk/", {"year": 2024, "action": "remind", "ids": ids, "query": query})
    assert response.status_code == 302
    location = response["Location"]
    assert "page=2" in location and "sort=-department" in location and "year=2024" in location


@pytest.mark.services("postgresql")
def test_postgresql_connections_run_without_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
