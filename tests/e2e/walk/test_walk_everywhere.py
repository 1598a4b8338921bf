"""What every role meets anywhere (issue 22, “Everywhere”, and 长者模式 of “Public” 5), on a desktop and
on a 390 px phone: errors are Chinese pages in the site's frame with a way back, and 长者模式, turned
on from any page by a plain link, makes the text larger on every page of every role, keeps the page
from scrolling sideways and leaves no serious accessibility problem (axe-core).

Signing in's time is measured by a bench, not here (tests never assert timings).
"""

import pytest

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.models import Report
from tests.browser import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LARGE = 1.25  # at least this much larger than the standard text


def walk_setup(folder):
    return {"seed": Report.objects.get(department__code=CAIDIAN_CODE, year=2024).pk}


def text_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('main, #content') || document.body).fontSize)")


def sideways(page):
    """How far the page itself scrolls sideways, in CSS pixels (0: not at all)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") + (page.evaluate("window.innerWidth") - page.viewport_size["width"])


def test_errors_are_chinese_pages_in_the_frame_with_a_way_back(walk, walk_site, window, shot):
    page = walk.page(window)
    answer = page.goto(f"{walk_site.url}/reports/no-such-unit/2024/")
    assert answer.status == 404
    assert page.locator("h1").inner_text() == "页面不存在（404）"
    assert page.locator("header.site .brand").inner_text() == "部门决算公开平台"  # the site's frame
    assert "Not Found" not in page.content()
    shot(page, "everywhere-404")
    page.get_by_role("link", name="回到首页").click()
    page.wait_for_load_state()
    assert page.url == f"{walk_site.url}/"

    page = walk.page(window, "accountant")
    answer = page.goto(f"{walk_site.url}/review/")
    assert answer.status == 403
    assert page.locator("h1").inner_text() == "没有权限（403）" and "403 Forbidden" not in page.content()
    shot(page, "everywhere-403")
    page.locator("main").get_by_role("link", name="填报工作台").click()
    page.wait_for_load_state()
    assert page.url == f"{walk_site.url}/workspace/"


def pages_of(role, site):
    seed = site.data["seed"]
    return {
        None: ["/", "/years/", f"/reports/{CAIDIAN_CODE}/2024/", "/check/", "/accounts/login/"],
        "accountant": ["/workspace/", f"/workspace/reports/{seed}/", f"/workspace/reports/{seed}/tables/3/",
                       f"/workspace/reports/{seed}/checks/", f"/workspace/reports/{seed}/narrative/", f"/workspace/reports/{seed}/performance/",
                       f"/workspace/reports/{seed}/history/"],
        "reviewer": ["/review/", f"/review/reports/{seed}/", f"/review/reports/{seed}/history/", "/review/inspections/"],
        "admin": ["/admin/", "/admin/disclosures/department/"],
    }[role]


# axe-core where each role starts (the report page in 长者模式: test_walk_public_day)
AXE_ON = {"/", "/workspace/", "/review/", "/admin/"}


@pytest.mark.parametrize("role", [None, "accountant", "reviewer", "admin"], ids=["visitor", "accountant", "reviewer", "admin"])
def test_large_text_holds_on_every_page_of_every_role(walk, walk_site, window, role, shot):
    page = walk.page(window, role)
    first, *rest = pages_of(role, walk_site)
    page.goto(walk_site.url + first)
    standard = text_size(page)
    page.get_by_role("link", name="长者模式", exact=role == "admin").first.click()
    page.wait_for_load_state()
    assert page.url == walk_site.url + first  # back on the page it was turned on from
    large = text_size(page)
    assert large >= LARGE * standard
    problems = {}
    for path in [first, *rest]:
        page.goto(walk_site.url + path)
        said = []
        if text_size(page) != large:
            said.append(f"text {text_size(page)} px, not {large}")
        if not page.get_by_role("link", name="退出长者模式").is_visible():
            said.append("no way out of 长者模式 in view")
        if sideways(page) > 0:
            said.append(f"scrolls sideways by {sideways(page)} px")
        if path in AXE_ON:
            said += axe_serious(page)
        if said:
            problems[path] = said
    assert problems == {}
    page.goto(walk_site.url + rest[0])
    shot(page, f"everywhere-large-{role or 'visitor'}")
    page.get_by_role("link", name="退出长者模式").click()
    page.wait_for_load_state()
    assert text_size(page) == standard
