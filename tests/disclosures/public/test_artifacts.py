"""A published version's page body, CSVs and workbook are built once, when it is published, and
served unchanged from its own address with a strong ETag: 304 when the client has it, kept for a
year there; the report's address follows corrections and is revalidated soon."""

import io
import zlib

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from disclosures.artifacts import build
from disclosures.artifacts.services import KINDS, PAGE, XLSX, csv_kind
from disclosures.models import CodeRow, PublishedArtifact, VersionState
from disclosures.public_cache import IMMUTABLE, NEWEST_CACHE_CONTROL
from disclosures.services import version_start_correction
from tests.factories import PASSWORD, make_department, make_region, make_report, make_user

from .conftest import publish, set_body

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.invalid","点此")'


def stored(version, kind):
    artifact = PublishedArtifact.objects.get(version=version, kind=kind)
    return zlib.decompress(artifact.content)


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """A report published the way the workflow publishes it, its commit run (the artifacts
    are built when the publication commits)."""
    department = make_department(make_region(), name="制品局")
    report, version = make_report(department, state=VersionState.APPROVED)
    set_body(version, "overview.functions", "第一版的职能说明")
    with django_capture_on_commit_callbacks(execute=True):
        publish(version)
    return report, version


def test_every_artifact_is_built_at_publication_before_anyone_asks(published):
    _, version = published
    assert set(PublishedArtifact.objects.filter(version=version).values_list("kind", flat=True)) == set(KINDS)
    assert "第一版的职能说明" in stored(version, PAGE).decode()


def test_the_versioned_page_shows_the_stored_body_which_is_the_report_as_rendered(client, published):
    report, version = published
    body = stored(version, PAGE)
    assert body == build.page_body(version)  # what a fresh render of the report gives

    for url in (f"/reports/{report.department.code}/2024/v1/", f"/reports/{report.department.code}/2024/"):
        response = client.get(url)
        assert response.status_code == 200
        assert body in response.content, url
    csv = client.get(f"/reports/{report.department.code}/2024/v1/tables/3.csv")
    assert csv.content == stored(version, csv_kind(3)) == build.table_csv(version, 3)
    xlsx = client.get(f"/reports/{report.department.code}/2024/v1/tables.xlsx")
    assert xlsx.content == stored(version, XLSX)


def test_a_strong_etag_answers_304_and_the_versioned_address_is_immutable(client, published):
    report, _ = published
    code = report.department.code
    for url, cache_control in (
        (f"/reports/{code}/2024/v1/", IMMUTABLE),
        (f"/reports/{code}/2024/v1/tables/3.csv", IMMUTABLE),
        (f"/reports/{code}/2024/v1/tables.xlsx", IMMUTABLE),
        (f"/reports/{code}/2024/", NEWEST_CACHE_CONTROL),
        (f"/reports/{code}/2024/tables/3.csv", NEWEST_CACHE_CONTROL),
        (f"/reports/{code}/2024/tables.xlsx", NEWEST_CACHE_CONTROL),
    ):
        first = client.get(url)
        etag = first["ETag"]
        assert etag.startswith('"') and not etag.startswith('W/'), url
        assert first["Cache-Control"] == cache_control, url
        again = client.get(url, headers={"If-None-Match": etag})
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag), url
        other = client.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == first.content, url
    assert IMMUTABLE == "public, max-age=31536000, immutable"


def test_a_cached_page_carries_the_same_etag_and_still_answers_304(client, published):
    report, _ = published
    url = f"/reports/{report.department.code}/2024/v1/"
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "artifacts"}}
    with override_settings(CACHES=locmem):
        fresh = client.get(url)
        cached = client.get(url)
        assert cached.content == fresh.content and cached["ETag"] == fresh["ETag"]
        assert client.get(url, headers={"If-None-Match": fresh["ETag"]}).status_code == 304


def test_signed_in_users_get_a_private_answer_without_etag(client, published):
    report, _ = published
    make_user("reviewer", username="artifact-reviewer")
    client.login(username="artifact-reviewer", password=PASSWORD)
    response = client.get(f"/reports/{report.department.code}/2024/v1/")
    assert "artifact-reviewer" in response.content.decode()
    assert response["Cache-Control"] == "private, no-cache" and not response.has_header("ETag")


def test_a_correction_gets_artifacts_of_its_own_and_leaves_the_first_versions_untouched(
    client, published, django_capture_on_commit_callbacks
):
    report, v1 = published
    code = report.department.code
    before = list(PublishedArtifact.objects.filter(version=v1).order_by("kind").values_list("pk", "kind", "sha256", "built_at"))
    v1_page = client.get(f"/reports/{code}/2024/v1/")

    v2 = version_start_correction(report=report, correction_note="更正职能表述")
    set_body(v2, "overview.functions", "第二版的职能说明")
    assert not PublishedArtifact.objects.filter(version=v2).exists()  # a draft has none
    with django_capture_on_commit_callbacks(execute=True):
        publish(v2)

    assert list(PublishedArtifact.objects.filter(version=v1).order_by("kind").values_list("pk", "kind", "sha256", "built_at")) == before
    assert set(PublishedArtifact.objects.filter(version=v2).values_list("kind", flat=True)) == set(KINDS)
    assert "第二版的职能说明" in stored(v2, PAGE).decode() and "第二版的职能说明" not in stored(v1, PAGE).decode()
    # v1's own address still gives the same bytes (and ETag): nothing on it names the correction
    again = client.get(f"/reports/{code}/2024/v1/")
    assert (again.content, again["ETag"]) == (v1_page.content, v1_page["ETag"])
    newest = client.get(f"/reports/{code}/2024/").content.decode()
    assert "第二版的职能说明" in newest and "更正职能表述" in newest and f"/reports/{code}/2024/v1/" in newest


def test_a_version_published_before_artifacts_existed_gets_them_on_its_first_request_or_from_the_command(client):
    department = make_department(make_region())
    report, version = make_report(department, state=VersionState.PUBLISHED)  # the commit never runs here
    other_report, other = make_report(make_department(make_region()), state=VersionState.PUBLISHED)
    assert not PublishedArtifact.objects.exists()

    assert client.get(f"/reports/{department.code}/2024/tables/3.csv").status_code == 200
    assert list(PublishedArtifact.objects.values_list("version", "kind")) == [(version.pk, csv_kind(3))]

    out = io.StringIO()
    call_command("build_published_artifacts", stdout=out)
    assert "为2个已公开版本生成" in out.getvalue()
    for v in (version, other):
        assert PublishedArtifact.objects.filter(version=v).count() == len(KINDS)
    out = io.StringIO()
    call_command("build_published_artifacts", stdout=out)
    assert "为0个已公开版本生成0个文件" in out.getvalue()


def test_the_stored_csv_and_workbook_still_write_formula_like_text_as_text(client, django_capture_on_commit_callbacks):
    department = make_department(make_region())
    report, version = make_report(department, state=VersionState.APPROVED)
    row = CodeRow.objects.filter(version=version, table=3).order_by("position").first()
    CodeRow.objects.filter(pk=row.pk).update(name=FORMULA)
    with django_capture_on_commit_callbacks(execute=True):
        publish(version)

    csv = client.get(f"/reports/{department.code}/2024/v1/tables/3.csv").content.decode("utf-8-sig")
    assert f"'{FORMULA}".replace('"', '""') in csv

    sheets = load_workbook(io.BytesIO(client.get(f"/reports/{department.code}/2024/v1/tables.xlsx").content))
    cells = [cell for sheet in sheets for line in sheet.iter_rows() for cell in line if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_only_a_published_version_gets_artifacts():
    from disclosures.artifacts.services import NotPublished, version_artifacts_build

    _, version = make_report(make_department(make_region()), state=VersionState.APPROVED)
    with pytest.raises(NotPublished):
        version_artifacts_build(version=version)
    assert not PublishedArtifact.objects.exists()
