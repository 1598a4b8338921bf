"""Public pages are cached per address; a publication makes stale the pages of that report and
the listings it appears in, no others; a cached hit reads tokens, never an aggregate."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from disclosures.models import Department, PublicCacheTag, VersionState
from disclosures.public_cache import LISTINGS, report_tag, tags_token
from disclosures.services import public_cache_bump, version_start_correction
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

from .conftest import publish, set_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(tmp_path):
    """A cache every process would share (a file-based one stands in for Redis)."""
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=shared):
        caches["default"].clear()
        yield
    caches["default"].clear()


def test_a_publication_shows_the_new_content_on_the_cached_pages(client):
    department = make_department(make_region())
    report, v1 = make_report(department, state=VersionState.PUBLISHED)
    set_body(v1, "overview.functions", "第一版的职能")
    url = f"/reports/{department.code}/2024/"
    assert "第一版的职能" in client.get(url).content.decode()

    # a change behind the cache's back is not seen: the page comes from the cache
    set_body(v1, "overview.functions", "直接改动（不应出现）")
    assert "第一版的职能" in client.get(url).content.decode()

    v2 = version_start_correction(report=report, correction_note="更正职能表述")
    set_body(v2, "overview.functions", "第二版的职能")
    assert "第二版的职能" not in client.get(url).content.decode()
    publish(v2)

    page = client.get(url).content.decode()
    assert "第二版的职能" in page and "更正职能表述" in page
    assert "/v1/" in page  # the earlier version stays listed
    assert "<mark>第二版</mark>的职能" in client.get("/search/?q=第二版").content.decode()


def test_a_publication_leaves_the_other_reports_pages_cached(client):
    region = make_region()
    other_region = make_region("另一区")
    mine, _ = make_report(make_department(region, name="甲局"), state=VersionState.PUBLISHED)
    theirs, their_version = make_report(make_department(other_region, name="乙局"), state=VersionState.PUBLISHED)
    mine_url = f"/reports/{mine.department.code}/2024/"
    their_url = f"/reports/{theirs.department.code}/2024/"
    their_region_url = f"/regions/{other_region.code}/"
    for url in (mine_url, their_url, their_region_url, "/"):
        assert client.get(url).status_code == 200

    # A published version's body never changes (its stored page); its department's name in the
    # lines above the body is read afresh whenever the page is built.
    Department.objects.filter(pk=theirs.department_id).update(name="乙局的改动（缓存中看不到）")
    correction = version_start_correction(report=mine, correction_note="更正甲局")
    set_body(correction, "overview.functions", "甲局第二版")
    publish(correction)

    assert "甲局第二版" in client.get(mine_url).content.decode()
    assert "乙局的改动" not in client.get(their_url).content.decode()  # still the cached page
    public_cache_bump()  # the whole site, as after the demo's load
    assert "乙局的改动" in client.get(their_url).content.decode()


def test_a_new_report_reaches_its_year_region_above_and_department_pages(client):
    city = make_region("某市")
    district = make_region("某区", parent=city)
    parent = make_department(district, name="丙局")
    make_report(parent, state=VersionState.PUBLISHED)
    unit = make_department(district, name="丙局下属中心", parent=parent)
    pages = ("/", "/years/", "/years/2024/", f"/regions/{city.code}/", f"/regions/{district.code}/", f"/departments/{parent.code}/",
             "/api/v1/reports/")
    for url in pages:
        assert "丙局下属中心" not in client.get(url).content.decode(), url

    make_report(unit, state=VersionState.PUBLISHED)

    for url in pages[2:]:
        assert "丙局下属中心" in client.get(url).content.decode(), url
    assert f"/reports/{unit.code}/2024/" in client.get("/").content.decode()


def test_a_cached_hit_reads_the_tokens_by_primary_key_and_nothing_else(client):
    department = make_department(make_region())
    make_report(department, state=VersionState.PUBLISHED)
    for url in ("/", f"/reports/{department.code}/2024/", "/api/v1/reports/", "/search/?q=测试"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 1, url
        sql = queries[0]["sql"]
        assert PublicCacheTag._meta.db_table in sql and "COUNT(" not in sql.upper() and "MAX(" not in sql.upper()


def test_with_a_shared_cache_a_hit_runs_no_query_and_the_publication_invalidates_on_commit(
    client, shared_cache, django_capture_on_commit_callbacks
):
    department = make_department(make_region())
    report, version = make_report(department, state=VersionState.PUBLISHED)
    url = f"/reports/{department.code}/2024/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0
    assert PublicCacheTag.objects.count() == 0  # the tokens are in the shared cache

    correction = version_start_correction(report=report, correction_note="更正")
    set_body(correction, "overview.functions", "新内容")
    with django_capture_on_commit_callbacks(execute=True):
        publish(correction)
    assert "新内容" in client.get(url).content.decode()


def test_the_tokens_change_only_for_what_is_published():
    department = make_department(make_region())
    other = make_department(make_region())
    report, _ = make_report(department, state=VersionState.APPROVED)
    mine = [report_tag(department_code=department.code, year=2024)]
    theirs = [report_tag(department_code=other.code, year=2024)]
    before = tags_token(mine), tags_token(theirs), tags_token([LISTINGS])
    publish(report.versions.get())
    after = tags_token(mine), tags_token(theirs), tags_token([LISTINGS])
    assert after[0] != before[0] and after[1] == before[1] and after[2] != before[2]


def test_signed_in_users_get_a_fresh_page_never_a_cached_one(client):
    department = make_department(make_region())
    make_report(department, state=VersionState.PUBLISHED)
    url = f"/reports/{department.code}/2024/"
    anonymous = client.get(url).content.decode()
    user = make_user("reviewer", username="cache-reviewer")
    client.login(username="cache-reviewer", password=PASSWORD)
    signed_in = client.get(url).content.decode()
    assert "cache-reviewer" in signed_in and "cache-reviewer" not in anonymous
    client.logout()
    assert "cache-reviewer" not in client.get(url).content.decode()
    assert user.pk


def test_a_404_is_not_cached(client):
    department = make_department(make_region())
    _, version = make_report(department, state=VersionState.APPROVED)
    url = f"/reports/{department.code}/2024/"
    assert client.get(url).status_code == 404
    publish(version)
    assert client.get(url).status_code == 200
