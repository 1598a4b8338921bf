"""The public searches (issue 22), on a desktop and on a 390 px phone: 三公经费, which the demo's
text writes “三公”经费, finds it and says what else it searched; the subject code 2080505
finds the report with the code's name and amounts; the year filter keeps only that year, and
the pages keep the filter. Only the start page's address is typed."""

import os

import pytest
from django.core.management import call_command

from disclosures.models import VersionState
from tests.factories import make_department, make_region, make_report

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_years(transactional_db, monkeypatch):
    """The demo (蔡甸区's 2024 report, published) and another department's 2023 report."""
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=open(os.devnull, "w"))
    department = make_department(make_region("庚区"), name="庚区民政局")
    make_report(department, year=2023, state=VersionState.PUBLISHED)
    return department


def fits(page):
    """The page is no wider than its window (nothing to scroll sideways on a phone)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_public_searches_words_codes_and_filters_by_year(live_server, browser, screenshots, published_years, phone):
    page = browser(phone=phone)
    page.goto(live_server.url + "/")
    page.fill("#search-q", "三公经费")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()

    status = page.get_by_role("status")
    assert "同时搜索了：因公出国（境）费、公务用车购置及运行维护费、公务接待费" in status.inner_text()
    results = page.locator(".search-results > li")
    assert results.count() == 2
    demo_hit = results.filter(has_text="2024年度部门决算")
    assert demo_hit.locator("mark", has_text="三公”经费").count() >= 1  # the text as written, the hit marked
    assert fits(page)
    screenshots(page, "words-三公经费")

    page.fill("#search-q", "2080505")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    code_line = page.locator(".snippets li", has_text="公开02表").first
    assert code_line.locator("mark").inner_text() == "2080505"
    assert "机关事业单位基本养老保险缴费支出" in code_line.inner_text() and "万元" in code_line.inner_text()
    assert fits(page)
    screenshots(page, "code-2080505")

    page.fill("#search-q", "三公经费")
    page.get_by_label("年度").select_option("2023")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert "year=2023" in page.url
    assert "2023年度" in status.inner_text() and "找到 1 份报告" in status.inner_text()
    assert page.locator(".search-results > li").count() == 1
    assert "庚区民政局 2023年度部门决算" in page.locator(".hit-title").inner_text()
    assert page.get_by_label("年度").input_value() == "2023"  # the form keeps what was chosen
    assert fits(page)
    screenshots(page, "filtered-2023")
    assert page.problems == []
