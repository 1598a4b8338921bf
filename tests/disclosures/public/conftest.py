"""Helpers for the public site's tests: a clean page cache for each test, published data."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from disclosures.models import NarrativeSection, ReportVersion, VersionState


@pytest.fixture(autouse=True)
def clean_cache():
    # Cached pages are keyed by tokens kept in the database; a test's rollback takes them
    # back to where an earlier test may have cached other content, so each test starts empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("load_demo", stdout=open("/dev/null", "w"))


def set_body(version, key, body):
    NarrativeSection.objects.filter(version=version, key=key).update(body=body)


def publish(version, when=None):
    """What the workflow does on publication, as far as the public site is concerned."""
    from disclosures.services import report_published_version_refresh

    ReportVersion.objects.filter(pk=version.pk).update(
        state=VersionState.PUBLISHED, published_at=when or timezone.now()
    )
    report_published_version_refresh(report=version.report)  # the pointer, search, the page cache
    version.refresh_from_db()
    return version
