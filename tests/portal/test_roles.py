"""Role boundaries: each area refuses the roles it is not for, and objects outside a user's scope."""

import pytest

from disclosures.models import VersionState
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    caidian = make_region("蔡甸区")
    hannan = make_region("汉南区")
    own = make_department(caidian, "本部门")
    other = make_department(caidian, "同区其他部门")
    far = make_department(hannan, "汉南部门")
    reports = {
        "own_draft": make_report(own)[0],
        "other_submitted": make_report(other, state=VersionState.SUBMITTED)[0],
        "far_published": make_report(far, state=VersionState.PUBLISHED)[0],
    }
    users = {
        "accountant": make_user(Role.ACCOUNTANT, departments=[own]),
        "reviewer": make_user(Role.REVIEWER, region=caidian),
        "far_reviewer": make_user(Role.REVIEWER, region=hannan),
        "admin": make_user(Role.ADMIN),
    }
    return reports, users


def test_login_page_is_at_accounts_login_and_sends_each_role_home(client, world):
    _, users = world
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": users["reviewer"].username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/review/"


@pytest.mark.parametrize("url", ["/workspace/", "/review/", "/workspace/reports/1/", "/review/reports/1/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_each_area_refuses_the_other_roles(client, world):
    _, users = world
    expectations = {
        "accountant": {"/workspace/": 200, "/review/": 403},
        "reviewer": {"/workspace/": 403, "/review/": 200},
        "admin": {"/workspace/": 403, "/review/": 403, "/admin/": 200},
    }
    for name, urls in expectations.items():
        client.force_login(users[name])
        for url, status in urls.items():
            assert client.get(url).status_code == status, (name, url)
    client.force_login(users["accountant"])
    assert client.get("/admin/").status_code == 302  # not staff: the admin's own login


def test_accountants_see_only_their_own_departments_reports(client, world):
    reports, users = world
    client.force_login(users["accountant"])
    assert client.get(f"/workspace/reports/{reports['own_draft'].pk}/").status_code == 200
    for key in ("other_submitted", "far_published"):
        assert client.get(f"/workspace/reports/{reports[key].pk}/").status_code == 404
    page = client.get("/workspace/").content.decode()
    assert "本部门" in page and "同区其他部门" not in page


def test_reviewers_see_only_their_region(client, world):
    reports, users = world
    client.force_login(users["reviewer"])
    for key in ("own_draft", "other_submitted"):
        assert client.get(f"/review/reports/{reports[key].pk}/").status_code == 200
    assert client.get(f"/review/reports/{reports['far_published'].pk}/").status_code == 404
    assert client.get("/review/reports/999999/").status_code == 404
    client.force_login(users["far_reviewer"])
    assert client.get(f"/review/reports/{reports['own_draft'].pk}/").status_code == 404


def test_a_reviewer_of_a_city_sees_its_districts(client):
    city = make_region("武汉市")
    district = make_region("蔡甸区", parent=city)
    report, _ = make_report(make_department(district))
    client.force_login(make_user(Role.REVIEWER, region=city))
    assert client.get(f"/review/reports/{report.pk}/").status_code == 200


def test_a_reviewer_may_be_given_single_departments_outside_a_region(client, world):
    reports, users = world
    extra = make_user(Role.REVIEWER, departments=[reports["far_published"].department])
    client.force_login(extra)
    assert client.get(f"/review/reports/{reports['far_published'].pk}/").status_code == 200
    assert client.get(f"/review/reports/{reports['own_draft'].pk}/").status_code == 404


def test_an_inactive_accountant_is_refused(client, world):
    reports, users = world
    user = users["accountant"]
    user.is_active = False
    user.save()
    client.force_login(user)
    assert client.get(f"/workspace/reports/{reports['own_draft'].pk}/").status_code in (302, 403)


def test_the_public_sees_only_published_versions(client, world):
    reports, _ = world
    for key in ("own_draft", "other_submitted"):
        department = reports[key].department
        assert client.get(f"/reports/{department.code}/2024/").status_code == 404
        assert client.get(f"/reports/{department.code}/2024/v1/").status_code == 404
    published = reports["far_published"].department
    assert client.get(f"/reports/{published.code}/2024/").status_code == 200
    assert client.get(f"/reports/{published.code}/2024/v2/").status_code == 404
    home = client.get("/").content.decode()
    assert "汉南部门" in home and "本部门" not in home
