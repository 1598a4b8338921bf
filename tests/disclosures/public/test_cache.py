"""Public pages are cached per address and made stale by a publication."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from disclosures.models import VersionState
from disclosures.selectors import public_cache_generation
from disclosures.services import public_cache_bump, version_start_correction
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

from .conftest import publish, set_body

pytestmark = pytest.mark.django_db


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
    publish(v2)  # sets it published and calls public_cache_bump()

    page = client.get(url).content.decode()
    assert "第二版的职能" in page and "更正职能表述" in page
    assert "/v1/" in page  # the earlier version stays listed
    assert "<mark>第二版</mark>的职能" in client.get("/search/?q=第二版").content.decode()


def test_the_bump_changes_the_generation():
    before = public_cache_generation()
    public_cache_bump()
    assert public_cache_generation() != before


def test_with_a_shared_cache_the_bump_alone_invalidates(client, tmp_path):
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    with override_settings(CACHES=shared):
        caches["default"].clear()
        department = make_department(make_region())
        _, version = make_report(department, state=VersionState.PUBLISHED)
        set_body(version, "overview.functions", "旧内容")
        url = f"/reports/{department.code}/2024/"
        assert "旧内容" in client.get(url).content.decode()
        set_body(version, "overview.functions", "新内容")
        assert "旧内容" in client.get(url).content.decode()
        public_cache_bump()
        assert "新内容" in client.get(url).content.decode()
    caches["default"].clear()


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
