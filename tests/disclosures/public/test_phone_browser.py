"""The public report page on a 390 px phone, in a real browser: the nine tables scroll sideways
inside their frame, a table of one block with its first column kept in view, one of two blocks
side by side (收入 | 支出) whole; the page itself never scrolls sideways, and a link back to the
contents stays on screen."""

import pytest

from disclosures.models import VersionState
from tests.factories import make_department, make_region, make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tables_scroll_sideways_with_their_first_column_in_view(live_server, browser_page):
    page, problems = browser_page
    department = make_department(make_region())
    report, _ = make_report(department, state=VersionState.PUBLISHED)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{report.get_absolute_url()}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    frame = page.locator("#table-3 .scroll")
    sizes = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert sizes[0] > sizes[1]  # wider than the phone: it scrolls inside its frame
    first = page.locator("#table-3 tbody tr").nth(1).locator("th, td").first
    left_before = first.bounding_box()["x"]
    frame.evaluate("el => { el.scrollLeft = 300; }")
    assert abs(first.bounding_box()["x"] - left_before) < 1  # sticky: still where it was
    second = page.locator("#table-3 tbody tr").nth(1).locator("th, td").nth(1)
    assert second.bounding_box()["x"] < left_before + first.bounding_box()["width"]  # the rest moved under it

    first = page.locator("#table-4 tbody tr").nth(1).locator("th, td").first
    first.scroll_into_view_if_needed()
    left_before = first.bounding_box()["x"]
    page.locator("#table-4 .scroll").evaluate("el => { el.scrollLeft = 300; }")
    assert first.bounding_box()["x"] < left_before - 250  # two blocks: the 收入 side moves away whole

    page.locator("#table-9").scroll_into_view_if_needed()
    back = page.locator("a.to-toc")
    assert back.is_visible()
    back.click()
    assert page.locator("#toc").bounding_box()["y"] < 100
    assert problems == []
