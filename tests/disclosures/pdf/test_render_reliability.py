"""The render's claim, lease and sweeper in the database: one render per document, whatever
is delivered twice or killed half-way. (Real workers and a restarted Redis: the _worker module.)"""

import hashlib
import io
from datetime import timedelta

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

import reviews.tasks  # noqa: F401  (a worker autodiscovers it; this process registers it by importing)
from disclosures.models import DocumentStatus, RenderedDocument, VersionState
from disclosures.pdf.rendering import _document_store
from disclosures.pdf.services import (
    document_claim,
    document_mark_failed,
    document_render,
    document_request,
    document_retry,
    documents_requeue,
)
from disclosures.tasks import BACKOFF_MAX_SECONDS
from portal.celery import app
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db

LEASE = 360


@pytest.fixture(autouse=True)
def lease(settings):
    settings.PDF_RENDER_LEASE_SECONDS = LEASE
    settings.PDF_RENDER_REQUEUE_SECONDS = 300


@pytest.fixture
def version():
    _, version = make_report(make_department(make_region(), name="测试区审计局"), state=VersionState.APPROVED)
    return version


@pytest.fixture
def document(version):
    """A document requested inside the test's transaction: pending, its message never sent."""
    return document_request(version=version)


def _files(document):
    storage = document.file.storage
    folder = f"documents/rendered/{document.pk}"
    return sorted(storage.listdir(folder)[1]) if storage.exists(folder) else []


def _age(document, **fields_ago):
    """Move the document's timestamps into the past: claimed_at=400 means claimed 400 s ago."""
    now = timezone.now()
    RenderedDocument.objects.filter(pk=document.pk).update(
        **{name: now - timedelta(seconds=seconds) for name, seconds in fields_ago.items()}
    )


def _assert_one_valid_pdf(document):
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert _files(document) == [document.file.name.rsplit("/", 1)[1]]
    content = document.file.read()
    document.file.close()
    assert document.sha256 == hashlib.sha256(content).hexdigest() and document.size == len(content)
    assert document.sha256[:16] in document.file.name
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) >= 1
    assert RenderedDocument.objects.filter(version=document.version).count() == 1
    return document


def test_a_claim_is_held_by_one_token(document):
    first = document_claim(document_id=document.pk, token="message-a")
    assert first.status == DocumentStatus.RENDERING and first.claim_token == "message-a" and first.attempts == 1
    assert first.claimed_at and "pid" in first.claimed_by

    second = document_claim(document_id=document.pk, token="message-b")  # a second message, lease still valid
    assert second.claim_token == "message-a" and second.attempts == 1

    # the second message's task renders nothing and leaves the claim alone
    assert document_render(document_id=document.pk, token="message-b").claim_token == "message-a"
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING and document.attempts == 1 and _files(document) == []


def test_the_same_message_again_takes_its_claim_back(document):
    """A pool process killed mid-render: its message is put back and claims the render again."""
    document_claim(document_id=document.pk, token="message-a")
    again = document_claim(document_id=document.pk, token="message-a")
    assert again.status == DocumentStatus.RENDERING and again.attempts == 2
    _assert_one_valid_pdf(document_render(document_id=document.pk, token="message-a"))


def test_an_expired_lease_is_taken_over_and_rendered_once(document):
    document_claim(document_id=document.pk, token="killed-worker")
    _age(document, claimed_at=LEASE - 30)
    assert document_claim(document_id=document.pk, token="message-b").claim_token == "killed-worker"
    _age(document, claimed_at=LEASE + 1)
    rendered = _assert_one_valid_pdf(document_render(document_id=document.pk, token="message-b"))
    assert rendered.attempts == 2 and rendered.claim_token == ""

    # the killed worker's message, redelivered by Redis at last: nothing happens
    late = document_render(document_id=document.pk, token="killed-worker")
    assert (late.sha256, late.file.name, late.attempts) == (rendered.sha256, rendered.file.name, 2)
    _assert_one_valid_pdf(late)


def test_a_second_finished_render_is_dropped(document):
    """Two renders that both got to the end (one outlived its lease): the first to store wins."""
    document_claim(document_id=document.pk, token="slow")
    _age(document, claimed_at=LEASE + 1)
    published = _assert_one_valid_pdf(document_render(document_id=document.pk, token="fast"))
    kept = _document_store(document=published, content=b"%PDF-1.7 the slow render's bytes")
    assert (kept.sha256, kept.file.name) == (published.sha256, published.file.name)
    _assert_one_valid_pdf(kept)


def test_files_left_by_a_killed_render_are_removed_when_the_render_is_stored(document):
    """Killed between writing its file and marking the row done: the next render clears the folder."""
    storage = RenderedDocument._meta.get_field("file").storage
    storage.save(f"documents/rendered/{document.pk}/half-written.pdf", ContentFile(b"%PDF-1.7 trunc"))
    document_claim(document_id=document.pk, token="message-a")
    _assert_one_valid_pdf(document_render(document_id=document.pk, token="message-a"))


def test_a_done_document_is_never_claimed(document):
    done = _assert_one_valid_pdf(document_render(document_id=document.pk))
    again = document_claim(document_id=document.pk, token="another")
    assert (again.status, again.attempts, again.claim_token, again.sha256) == (DocumentStatus.DONE, 1, "", done.sha256)


def test_attempts_are_bounded_when_every_render_is_killed(document, django_capture_on_commit_callbacks):
    for n in range(RenderedDocument.MAX_ATTEMPTS):
        claimed = document_claim(document_id=document.pk, token=f"message-{n}")
        assert claimed.claim_token == f"message-{n}" and claimed.attempts == n + 1
        _age(document, claimed_at=LEASE + 1)
    refused = document_claim(document_id=document.pk, token="one-too-many")
    assert refused.status == DocumentStatus.FAILED and "中断" in refused.error
    assert refused.attempts == RenderedDocument.MAX_ATTEMPTS and _files(document) == []

    # the reviewer's retry starts afresh
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=refused)
    _assert_one_valid_pdf(refused)
    assert RenderedDocument.objects.get(pk=document.pk).attempts == 1


def test_an_error_of_a_render_that_lost_its_claim_changes_nothing(document):
    document_claim(document_id=document.pk, token="old")
    _age(document, claimed_at=LEASE + 1)
    document_claim(document_id=document.pk, token="new")
    assert document_mark_failed(document_id=document.pk, error="OSError: old", final=True, token="old") == "rendering"
    document.refresh_from_db()
    assert (document.status, document.claim_token, document.error) == (DocumentStatus.RENDERING, "new", "")
    assert document_mark_failed(document_id=document.pk, error="OSError: new", final=False, token="new") == "pending"


def test_sweeper_leaves_recently_queued_and_live_renders_alone(version, document):
    assert documents_requeue() == []
    document_claim(document_id=document.pk, token="live")
    assert documents_requeue() == [] and documents_requeue(everything=True) == []
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING and document.claim_token == "live"


def test_sweeper_queues_a_pending_render_whose_message_is_old(document):
    """Redis restarted and lost the message: after PDF_RENDER_REQUEUE_SECONDS the render is queued again
    (tasks run in this process here, so queued means rendered)."""
    _age(document, queued_at=301)
    assert documents_requeue() == [document.pk]
    _assert_one_valid_pdf(document)
    assert documents_requeue(everything=True) == []


def test_sweeper_queues_every_pending_render_at_once_when_asked(document):
    out = io.StringIO()
    call_command("render_pending", stdout=out)
    assert "重新排队0份" in out.getvalue() and "等待生成1份" in out.getvalue()
    call_command("render_pending", "--all", stdout=out)
    assert "重新排队1份" in out.getvalue()
    _assert_one_valid_pdf(document)


def test_sweeper_queues_a_render_whose_lease_expired(document):
    document_claim(document_id=document.pk, token="killed-worker")
    _age(document, claimed_at=LEASE + 1, queued_at=LEASE + 2)
    assert documents_requeue() == [document.pk]
    rendered = _assert_one_valid_pdf(document)
    assert rendered.attempts == 2


def test_sweeper_marks_failed_a_render_killed_every_time(document):
    RenderedDocument.objects.filter(pk=document.pk).update(attempts=RenderedDocument.MAX_ATTEMPTS)
    document_claim(document_id=document.pk, token="last")  # refused: attempts used up
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    RenderedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.RENDERING, claimed_at=None)
    assert documents_requeue() == [document.pk]
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and not document.file


def test_beat_runs_the_sweeper_and_publication(settings):
    names = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert names == {
        "disclosures.requeue_renders", "reviews.publish_due", "audit.anchor_head", "reviews.requeue_inspected_files",
        "reviews.purge_kept_checks", "reviews.deadline_notices",
    }  # fmt: skip
    app.loader.import_default_modules()  # what the worker and beat do when they start
    assert names <= set(app.tasks)
    # Redis must not hand out again a message its worker still waits on: a retry's countdown, a render.
    longest_wait = max(BACKOFF_MAX_SECONDS * 5 // 4, settings.PDF_RENDER_TIME_LIMIT)
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest_wait
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > app.tasks["reviews.check_inspected_file"].time_limit
    assert settings.PDF_RENDER_LEASE_SECONDS > settings.PDF_RENDER_TIME_LIMIT


def test_sweeper_task_publishes_nothing_twice(version):
    """The beat's publication entry publishes an approved version whose PDF was stored by a worker
    killed before it could publish."""
    document = document_request(version=version)
    document_render(document_id=document.pk)  # stored; the worker that did it died before publishing
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED
    assert app.tasks["reviews.publish_due"].delay().get() == 1
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    assert app.tasks["reviews.publish_due"].delay().get() == 0
