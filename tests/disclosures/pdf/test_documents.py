"""The stored PDF: requested, rendered by the Celery task (eager here), retried, never changed once done."""

import hashlib
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from disclosures.models import DocumentStatus, RenderedDocument, VersionState
from disclosures.pdf.services import DocumentNotFailed, document_request, document_retry
from disclosures.tasks import MAX_RETRIES, render_document
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def version(region):
    _, version = make_report(make_department(region, name="测试区财政局"), state=VersionState.APPROVED)
    return version


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """MEDIA_ROOT below a plain file: no directory can be made there, whoever runs the tests."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    good = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = blocker / "media"
    return good


def _request(version, capture):
    with capture(execute=True):
        document = document_request(version=version)
    document.refresh_from_db()
    return document


def test_approval_request_renders_and_stores_the_pdf_with_its_sha256(version, django_capture_on_commit_callbacks):
    document = _request(version, django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.DONE
    assert document.version == version
    content = Path(document.file.path).read_bytes()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.attempts == 1 and document.error == "" and document.finished_at
    assert "测试区财政局" in pypdf.PdfReader(document.file.path).pages[0].extract_text()


def test_a_done_document_is_never_rendered_again(version, django_capture_on_commit_callbacks):
    document = _request(version, django_capture_on_commit_callbacks)
    before = (Path(document.file.path).read_bytes(), document.sha256, document.file.name, document.finished_at)
    render_document.delay(document.pk)  # the task again, e.g. a redelivered message
    again = _request(version, django_capture_on_commit_callbacks)  # and the request again
    assert again.pk == document.pk
    assert (Path(again.file.path).read_bytes(), again.sha256, again.file.name, again.finished_at) == before
    assert again.attempts == 1
    assert RenderedDocument.objects.filter(version=version).count() == 1


def test_request_without_commit_queues_nothing(version):
    document = document_request(version=version)  # inside the test's transaction, never committed
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING and not document.file


def test_failure_is_retried_then_marked_failed_and_the_reviewer_retries_it(
    version, region, unwritable_media, settings, client, django_capture_on_commit_callbacks
):
    document = _request(version, django_capture_on_commit_callbacks)
    assert document.status == DocumentStatus.FAILED
    assert document.attempts == MAX_RETRIES + 1
    assert "NotADirectoryError" in document.error or "FileExistsError" in document.error
    assert not document.file and not document.sha256

    reviewer = make_user(Role.REVIEWER, region=region)
    client.login(username=reviewer.username, password=PASSWORD)
    page = client.get(reverse("review:report", kwargs={"pk": version.report_id})).content.decode()
    assert "生成失败" in page and "重新生成" in page and document.error.split(":")[0] in page

    settings.MEDIA_ROOT = unwritable_media  # the storage is fixed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review:document_retry", kwargs={"pk": document.pk}))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE and document.attempts == 1 and document.error == ""
    assert document.sha256 == hashlib.sha256(Path(document.file.path).read_bytes()).hexdigest()
    page = client.get(reverse("review:report", kwargs={"pk": version.report_id})).content.decode()
    assert "已生成" in page and document.sha256 in page and "重新生成" not in page


def test_only_a_failed_document_can_be_retried(version, django_capture_on_commit_callbacks):
    document = _request(version, django_capture_on_commit_callbacks)
    with pytest.raises(DocumentNotFailed):
        document_retry(document=document)


def test_retry_is_for_reviewers_of_the_region_only(version, region, client, unwritable_media, django_capture_on_commit_callbacks):
    document = _request(version, django_capture_on_commit_callbacks)
    url = reverse("review:document_retry", kwargs={"pk": document.pk})
    other_reviewer = make_user(Role.REVIEWER, region=make_region("汉阳区"))
    accountant = make_user(Role.ACCOUNTANT, departments=[version.report.department])
    for user, status in ((other_reviewer, 404), (accountant, 403)):
        client.login(username=user.username, password=PASSWORD)
        assert client.post(url).status_code == status
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    reviewer = make_user(Role.REVIEWER, region=region)
    client.login(username=reviewer.username, password=PASSWORD)
    assert client.get(url).status_code == 405
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED


def test_status_before_any_request(version, region, client):
    reviewer = make_user(Role.REVIEWER, region=region)
    client.login(username=reviewer.username, password=PASSWORD)
    page = client.get(reverse("review:report", kwargs={"pk": version.report_id})).content.decode()
    assert "标准格式 PDF" in page and "尚未生成" in page
