"""The public's day in the browser (issue 22, “Public”), on a desktop and on a 390 px phone: seed
001's published report read on a phone (2), its PDF opened (3), the site's identity in the footer
(4), and axe-core with 长者模式 (5). The demo is loaded with `--pdf`, as a site that renders its
published PDFs before anyone asks.

Search (1) is being rebuilt elsewhere and is not walked here.
"""

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import RenderedDocument
from disclosures.models.documents import DocumentStatus
from disclosures.selectors import published_version
from tests.browser import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WALK_PDF = True
IDENTITY = {
    "organiser": "武汉市蔡甸区财政局",
    "phone": "027-84941234",
    "site_code": "4201140001",
    "icp": "鄂ICP备12345678号",
    "request_url": "https://www.caidian.gov.cn/ysqgk/",
    "accessibility_url": "https://www.caidian.gov.cn/wza/",
}
WALK_SETTINGS = {"SITE_IDENTITY": IDENTITY}
REPORT = f"/reports/{CAIDIAN_CODE}/2024/"
# The README's screenshots: README_SCREENSHOTS=docs writes them there (test_the_report_page_as_the_readme_shows_it).
README_FOLDER = os.environ.get("README_SCREENSHOTS")
README_NAMES = {"desktop": "screenshot.png", "phone": "screenshot-phone.png"}
TITLE = "2024年度武汉市蔡甸区城乡居民养老保险办公室部门决算公开"


def open_report(page, site):
    """From the start page to the report, as a visitor clicks."""
    page.goto(f"{site.url}/")
    page.get_by_role("link", name=re.compile("武汉市蔡甸区城乡居民养老保险办公室")).first.click()
    page.wait_for_load_state()
    if page.locator("h1").inner_text() != TITLE:  # the department's page lists its years
        page.get_by_role("link", name=re.compile("2024")).first.click()
        page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE


def page_width(page):
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_2_tables_scroll_sideways_in_their_frame_and_the_contents_stay_at_hand(walk, walk_site, window, shot):
    page = walk.page(window)
    open_report(page, walk_site)
    width, inner = page_width(page)
    assert width <= inner == page.viewport_size["width"]  # the page itself never scrolls sideways

    table = page.locator("#table-3")  # one block: its 科目名称 stays in view
    frame = table.locator(".scroll")
    table.scroll_into_view_if_needed()
    first = table.locator("tbody tr").nth(2).locator("th, td").first
    name = first.inner_text()
    if window == "phone":
        scroll_width, client_width = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert scroll_width > client_width  # wider than the phone: it scrolls in its frame
        left = first.bounding_box()["x"]
        frame.evaluate("el => { el.scrollLeft = 240; }")
        assert abs(first.bounding_box()["x"] - left) < 1  # the first column stays in view
        # 科目名称 is not squeezed to two characters a line
        assert first.bounding_box()["width"] > 4 * float(first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        # 公开06表's blocks sit side by side (人员经费 | 公用经费): a kept first column would stand
        # beside the second block's names, so the whole table moves
        blocks = page.locator("#table-6")
        blocks.scroll_into_view_if_needed()
        code = blocks.locator("tbody tr").nth(2).locator("th, td").first
        left = code.bounding_box()["x"]
        blocks.locator(".scroll").evaluate("el => { el.scrollLeft = 240; }")
        assert code.bounding_box()["x"] < left - 200
    assert name.strip()
    back = page.locator("a.to-toc")
    assert back.is_visible() and back.bounding_box()["y"] + back.bounding_box()["height"] <= page.viewport_size["height"]
    shot(page, "public-2-table-and-contents", at=table)
    back.click()
    assert abs(page.locator("#toc").bounding_box()["y"]) < 60
    page.locator("#toc").get_by_role("link", name=re.compile("第三部分")).click()
    heading = page.get_by_role("heading", name=re.compile("^第三部分"))
    assert abs(heading.bounding_box()["y"]) < 60  # the jump lands on the part


def test_3_the_pdf_opens_in_the_browser_and_was_ready_before_anyone_asked(walk, walk_site, window, shot):
    with walk_site.orm():
        version = published_version(department_code=CAIDIAN_CODE, year=2024)
        ready = RenderedDocument.objects.filter(version=version, status=DocumentStatus.DONE).exclude(file="").exists()
    assert ready  # rendered when the demo was published, not on the first visit
    page = walk.page(window)
    open_report(page, walk_site)
    downloads = page.locator("section", has=page.get_by_role("heading", name="下载"))
    opened = page.request.get(walk_site.url + downloads.get_by_role("link", name="PDF 全文").get_attribute("href"))
    assert opened.headers["content-type"] == "application/pdf" and opened.headers["content-disposition"].startswith("inline;")
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(opened.body())).pages[:2]))
    assert "武汉市蔡甸区城乡居民养老保险办公室" in text

    with page.expect_download() as saved:
        downloads.get_by_role("link", name="下载").click()
    assert saved.value.suggested_filename.endswith(".pdf") and "武汉市蔡甸区城乡居民养老保险办公室" in saved.value.suggested_filename
    if window == "desktop":  # a phone hands PDFs to its own viewer; Chromium on a desktop shows it in the tab
        downloads.get_by_role("link", name="PDF 全文").click()
        page.wait_for_url(re.compile(r"\.pdf$"))
        page.wait_for_timeout(1500)  # the viewer draws the first page
        shot(page, "public-3-pdf-in-the-browser")
        page.go_back()
    else:
        shot(page, "public-3-pdf-links", at=downloads)


def test_4_the_footer_says_whose_site_it_is(walk, walk_site, window, shot):
    page = walk.page(window)
    open_report(page, walk_site)
    footer = page.locator("footer.site")
    footer.scroll_into_view_if_needed()
    said = footer.inner_text()
    for text in ("主办单位：武汉市蔡甸区财政局", "联系电话：027-84941234", "网站标识码：4201140001", "鄂ICP备12345678号"):
        assert text in said
    assert footer.get_by_role("link", name="鄂ICP备12345678号").get_attribute("href") == "https://beian.miit.gov.cn/"
    assert footer.get_by_role("link", name="依申请公开").get_attribute("href") == IDENTITY["request_url"]
    assert footer.get_by_role("link", name="无障碍说明").get_attribute("href") == IDENTITY["accessibility_url"]
    shot(page, "public-4-footer")


def test_5_no_serious_accessibility_problem_and_large_text_on_request(walk, walk_site, window, shot):
    page = walk.page(window)
    page.goto(f"{walk_site.url}/")
    assert axe_serious(page) == []
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    page.get_by_role("link", name="长者模式（大字、高对比）").click()
    page.wait_for_load_state()
    assert page.url == f"{walk_site.url}/"  # back where the visitor was
    larger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
    assert larger >= 1.25 * size
    open_report(page, walk_site)  # it holds on the next page
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)") == larger
    assert page.get_by_role("link", name="退出长者模式").is_visible()
    width, inner = page_width(page)
    assert width <= inner == page.viewport_size["width"]
    assert axe_serious(page) == []
    shot(page, "public-5-large-text")
    page.get_by_role("link", name="退出长者模式").click()
    page.wait_for_load_state()
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)") == size


def png_for_the_readme(source, target):
    """The screenshot in 256 colours (text and flat colours lose nothing visible), optimised."""
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE).save(target, optimize=True)


def test_the_report_page_as_the_readme_shows_it(walk, walk_site, window, shot):
    page = walk.page(window)
    page.goto(walk_site.url + REPORT)
    assert page.locator("h1").inner_text() == TITLE
    if window == "phone":  # 公开03表 in its frame, wider than the phone
        table = page.locator("#table-3")
        table.evaluate("element => element.scrollIntoView({block: 'start'})")
        assert table.locator(".scroll").evaluate("el => el.scrollWidth > el.clientWidth")
    path = shot(page, "readme-report")
    if README_FOLDER:
        target = Path(README_FOLDER) / README_NAMES[window]
        png_for_the_readme(path, target)
        assert target.stat().st_size < 400_000
