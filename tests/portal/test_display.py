"""长者模式: a plain link sets a cookie and goes back to the page it was followed from; every page
of every role then loads the large, high-contrast style and offers the way out. The public
page cache keeps the two frames apart."""

import re

import pytest

from disclosures.models import VersionState
from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

LARGE_CSS = "css/large.css"


def test_the_link_sets_the_mode_and_goes_back_to_the_page(client):
    page = client.get("/years/").content.decode()
    assert "长者模式（大字、高对比）" in page and LARGE_CSS not in page
    assert 'href="/display/?mode=large&amp;next=%2Fyears%2F"' in page

    response = client.get("/display/", {"mode": "large", "next": "/years/"})
    assert response.status_code == 302 and response["Location"] == "/years/"
    cookie = response.cookies["display"]
    assert cookie.value == "large" and cookie["max-age"] == 365 * 24 * 3600 and cookie["httponly"] and cookie["samesite"] == "Lax"

    page = client.get("/years/").content.decode()
    assert LARGE_CSS in page and "退出长者模式" in page

    response = client.get("/display/", {"mode": "standard", "next": "/years/"})
    assert response["Location"] == "/years/" and response.cookies["display"]["max-age"] == 0
    assert LARGE_CSS not in client.get("/years/").content.decode()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_it_never_sends_anyone_off_the_site(client, next_url):
    response = client.get("/display/", {"mode": "large", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_after_a_form_it_goes_back_to_the_page_the_form_was_on(client):
    region = make_region()
    department = make_department(region)
    report, _ = make_report(department, complete=False)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    page = f"http://testserver/workspace/reports/{report.pk}/"
    refused = client.post(f"/workspace/reports/{report.pk}/submit/", HTTP_REFERER=page)
    assert refused.status_code == 409
    link = re.search(r'<a href="(/display/\?[^"]+)">长者模式', refused.content.decode())[1].replace("&amp;", "&")
    assert client.get(link)["Location"] == page


def test_it_changes_nothing_on_a_post(client):
    response = client.post("/display/", {"mode": "large"})
    assert response.status_code == 405 and "display" not in response.cookies


def test_every_role_sees_its_pages_in_the_mode(client):
    region = make_region()
    department = make_department(region)
    report, _ = make_report(department, complete=False)
    client.cookies["display"] = "large"
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    for path in ("/workspace/", f"/workspace/reports/{report.pk}/", f"/workspace/reports/{report.pk}/tables/3/"):
        assert LARGE_CSS in client.get(path).content.decode(), path
    client.force_login(make_user(Role.REVIEWER, region=region))
    assert LARGE_CSS in client.get("/review/").content.decode()
    client.force_login(make_user(Role.ADMIN))
    admin = client.get("/admin/").content.decode()
    assert LARGE_CSS in admin and "退出长者模式" in admin


def test_the_public_page_cache_keeps_each_mode_apart(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "display-test"}}
    report, _ = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    url = report.get_absolute_url()
    assert LARGE_CSS not in client.get(url).content.decode()  # cached in the standard frame
    client.cookies["display"] = "large"
    assert LARGE_CSS in client.get(url).content.decode()
    del client.cookies["display"]
    assert LARGE_CSS not in client.get(url).content.decode()
