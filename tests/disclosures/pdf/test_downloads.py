"""Who may download a version's PDF, and how it is served."""

import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures.models import DocumentStatus, RenderedDocument, ReportVersion, VersionState
from disclosures.pdf.services import document_render_now
from disclosures.services import version_start_correction
from portal.accounts.models import Role
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def department(region):
    return make_department(region, name="测试区民政局")


def _public_url(version, *, numbered):
    kwargs = {"department_code": version.report.department.code, "year": version.report.year}
    if numbered:
        return reverse("public:report_version_pdf", kwargs={**kwargs, "number": version.number})
    return reverse("public:report_pdf", kwargs=kwargs)


def _body(response):
    return b"".join(response.streaming_content)


def test_published_pdf_is_rendered_once_then_served_unchanged(department, client):
    _, version = make_report(department, state=VersionState.PUBLISHED)
    assert not RenderedDocument.objects.exists()
    response = client.get(_public_url(version, numbered=False))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    filename = "2024年度测试区民政局部门决算公开.pdf"
    # opens in the browser (自查表第53项), under its Chinese name when saved
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(filename)}"
    content = _body(response)
    document = RenderedDocument.objects.get(version=version)
    assert document.status == DocumentStatus.DONE
    assert response["ETag"] == f'"{document.sha256}"' and hashlib.sha256(content).hexdigest() == document.sha256
    again = client.get(_public_url(version, numbered=True))
    assert _body(again) == content
    saved = client.get(_public_url(version, numbered=True) + "?download=1")
    assert saved["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}" and _body(saved) == content
    assert RenderedDocument.objects.get(version=version).finished_at == document.finished_at


def test_unpublished_versions_are_404_for_the_public(department, client):
    for state in (VersionState.DRAFT, VersionState.SUBMITTED, VersionState.APPROVED):
        _, version = make_report(make_department(department.region), state=state)
        assert client.get(_public_url(version, numbered=False)).status_code == 404
        assert client.get(_public_url(version, numbered=True)).status_code == 404
    assert not RenderedDocument.objects.exists()  # nothing was rendered for them


def test_a_correction_does_not_change_the_published_pdf(department, client):
    report, first = make_report(department, state=VersionState.PUBLISHED)
    original = _body(client.get(_public_url(first, numbered=True)))
    second = version_start_correction(report=report, correction_note="更正表3的科目名称")
    assert client.get(_public_url(second, numbered=True)).status_code == 404  # a draft
    ReportVersion.objects.filter(pk=second.pk).update(state=VersionState.PUBLISHED, published_at=timezone.now())
    newest = client.get(_public_url(second, numbered=False))
    assert "%EF%BC%88%E7%AC%AC2%E7%89%88%EF%BC%89" in newest["Content-Disposition"]  # （第2版）
    assert _body(client.get(_public_url(first, numbered=True))) == original
    assert RenderedDocument.objects.count() == 2


def test_a_failed_pdf_gives_the_public_a_clear_404_page(department, client):
    _, version = make_report(department, state=VersionState.PUBLISHED)
    RenderedDocument.objects.create(version=version, status=DocumentStatus.FAILED, error="OSError: disk full")
    response = client.get(_public_url(version, numbered=False))
    assert response.status_code == 404
    page = response.content.decode()
    assert "PDF 暂不可用" in page and "阅读网页版报告" in page and "disk full" not in page


def test_internal_download_by_scope_in_any_state(department, region, client):
    _, version = make_report(department, state=VersionState.SUBMITTED)
    document = document_render_now(version=version)
    url = reverse("public:document_download", kwargs={"pk": document.pk})
    allowed = (
        make_user(Role.REVIEWER, region=region),
        make_user(Role.ACCOUNTANT, departments=[department]),
        make_user(Role.ADMIN),
    )
    for user in allowed:
        client.login(username=user.username, password=PASSWORD)
        response = client.get(url)
        assert response.status_code == 200, user.role
        assert _body(response) == Path(document.file.path).read_bytes()
        assert response["Cache-Control"] == "private, no-store"
    refused = (
        make_user(Role.REVIEWER, region=make_region("汉阳区")),
        make_user(Role.ACCOUNTANT, departments=[make_department(region)]),
    )
    for user in refused:
        client.login(username=user.username, password=PASSWORD)
        assert client.get(url).status_code == 404, user.role
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_public_report_page_links_its_pdf_and_shows_the_charts(department, client):
    _, version = make_report(department, state=VersionState.PUBLISHED)
    page = client.get(version.get_absolute_url()).content.decode()
    assert _public_url(version, numbered=True) in page
    for number, caption in ((1, "图1：收、支决算总计变动情况"), (3, "图3：支出决算结构")):
        assert f'<figure class="chart" id="figure-{number}">' in page
        assert f"<figcaption>{caption}</figcaption>" in page
    assert page.count("<svg") == 4
    assert 'aria-labelledby="chart-3-title"' in page
    assert "<caption>图3：支出决算结构</caption>" in page  # the figures as a table for screen readers
