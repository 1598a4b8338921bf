"""The 公开检查 results page in a real browser (headless Chromium, under the site's strict CSP):
while files are being checked it polls their progress and shows the page again once all are done;
the 通报's 打印 button prints."""

import pytest
from django.core.files.base import ContentFile

from disclosures.models import Department
from portal.accounts.models import Role
from reviews.models import FileStatus, InspectedFile, Inspection, MatchState
from tests.browser import log_in
from tests.factories import PASSWORD, make_region, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_page_follows_the_checks_and_shows_the_results_when_all_are_done(live_server, browser_page):
    page, problems = browser_page
    region = make_region("浏览器区")
    department = Department.objects.create(region=region, code="BR-1", name="浏览器区财政局")
    reviewer = make_user(Role.REVIEWER, region=region)
    inspection = Inspection.objects.create(region=region, year=2024)
    file = InspectedFile(inspection=inspection, name="财政局.pdf", sha256="1" * 64)  # pending: a worker has it
    file.file.save("b.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    file.save()

    log_in(page, live_server.url, reviewer.username, PASSWORD)
    page.goto(f"{live_server.url}/review/inspections/{inspection.pk}/")
    assert page.text_content(".progress-label").strip() == "已检查0个，共1个"
    assert "等待检查" in page.text_content(f"#file-{file.pk}")

    # the worker finishes: the page notices and shows the row's results without a hand refresh
    InspectedFile.objects.filter(pk=file.pk).update(
        status=FileStatus.DONE, department=department, match=MatchState.SURE, year=2024, pages=24, errors=2, warnings=1, rounding=3,
        tables=[{"table": n, "code": f"公开0{n}表", "name": "", "label": f"公开0{n}表", "found": True, "pages": [n]} for n in range(1, 10)],
    )
    page.wait_for_selector(f"#file-{file.pk} >> text=浏览器区财政局", timeout=15000)
    assert page.text_content(".progress-label").strip() == "已检查1个，共1个"
    assert "9/9" in page.text_content(f"#file-{file.pk}")

    page.goto(f"{live_server.url}/review/inspections/{inspection.pk}/notice/")
    page.evaluate("window.print = () => { document.body.dataset.printed = '1'; }")
    page.click("button[data-print]")
    assert page.evaluate("document.body.dataset.printed") == "1"
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
