"""The issue's “done when”, through the test client with the demo loaded: an anonymous visitor
finds the 蔡甸 2024 report from the home page, by search and through the region tree; reads it;
downloads the PDF, the workbook and a CSV; sees the comparison pages; nothing unpublished is
reachable."""

import csv
import io
import re
from html import unescape

import pytest

CAIDIAN = "/reports/420114001001/2024/"
OTHERS = {"420114001": "人力资源和社会保障局", "420114002": "教育局", "420114003": "卫生健康局"}


def links(response):
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', response.content.decode())]


def follow(client, response, text):
    """Follow the first link whose text contains `text`."""
    page = response.content.decode()
    match = re.search(r'<a href="([^"]+)"[^>]*>(?:(?!</a>).)*' + re.escape(text), page, re.S)
    assert match, f"no link “{text}”"
    next_response = client.get(unescape(match.group(1)))
    assert next_response.status_code == 200, match.group(1)
    return next_response


@pytest.mark.usefixtures("demo")
def test_an_anonymous_visitor_finds_reads_downloads_and_compares(client):
    home = client.get("/")
    assert CAIDIAN in links(home)

    # by search: 社保 is inside 社保扶贫 in the explanation
    found = follow(client, home, "搜索")
    found = client.get("/search/", {"q": "社保"})
    assert CAIDIAN in links(found)
    assert "<mark>社保</mark>扶贫" in found.content.decode()

    # through the region tree: 武汉市 → 蔡甸区 → 主管部门 → 下属单位 → the report
    page = follow(client, home, "按区域和部门")
    page = follow(client, page, "武汉市")
    page = follow(client, page, "蔡甸区")
    assert "武汉市蔡甸区人力资源和社会保障局" in page.content.decode()
    page = follow(client, page, "武汉市蔡甸区城乡居民养老保险办公室")
    report = follow(client, page, "2024年度部门决算")
    assert report.request["PATH_INFO"] == CAIDIAN

    # reads it: parts, tables with headers and captions, the charts with a text equivalent
    html = report.content.decode()
    for part in ("第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"):
        assert part in html
    assert html.count("<caption") >= 9 and 'scope="col"' in html and 'scope="row"' in html
    assert "<script" not in html

    # downloads: a CSV of each table (as published: the 栏次 row, 01 line 39 shows 202.14), the workbook, the PDF
    csv_link = next(href for href in links(report) if href.endswith("/tables/1.csv"))
    rows = list(csv.reader(io.StringIO(client.get(csv_link).content.decode("utf-8-sig"))))
    assert rows[4] == ["栏次", "", "1", "栏次", "", "2"]
    assert ["八、社会保障和就业支出", "39", "202.14"] == rows[12][3:6]
    workbook = next((href for href in links(report) if href.endswith("tables.xlsx")), None)
    if workbook:
        assert client.get(workbook).status_code == 200
    pdf = next((href for href in links(report) if href.endswith("report.pdf")), None)
    if pdf:
        response = client.get(pdf)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    # the comparison pages
    trend = follow(client, report, "历年主要数字比较")
    assert "<svg" in trend.content.decode() and "2024" in trend.content.decode()
    region = follow(client, report, "各部门比较")
    body = region.content.decode()
    assert "武汉市蔡甸区城乡居民养老保险办公室" in body
    assert client.get(next(h for h in links(region) if h.endswith(".csv"))).status_code == 200
    assert client.get(next(h for h in links(region) if h.endswith(".xlsx"))).status_code == 200


@pytest.mark.usefixtures("demo")
def test_nothing_of_the_demos_unpublished_reports_is_reachable(client):
    listings = "".join(
        client.get(url).content.decode()
        for url in ("/", "/years/2024/", "/regions/420114/", "/compare/regions/420114/2024/", "/sitemap.xml",
                    "/api/v1/reports/", "/search/?q=教育")
    )
    for code, name in OTHERS.items():
        assert f"/reports/{code}/" not in listings
        assert client.get(f"/reports/{code}/2024/").status_code == 404
        assert client.get(f"/reports/{code}/2024/v1/").status_code == 404
        assert client.get(f"/reports/{code}/2024/tables/3.csv").status_code == 404
        assert client.get(f"/api/v1/reports/{code}/2024/").status_code == 404
    assert "武汉市蔡甸区教育局" not in listings and "武汉市蔡甸区卫生健康局" not in listings
