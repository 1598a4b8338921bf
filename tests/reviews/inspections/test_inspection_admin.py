"""The admin's screens of the 公开检查: inspections, files, findings and kept public results listed
under their Chinese names, filtered by year and status; what a check found is read-only, and a
file deleted there goes through the reviewers' audited service."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from reviews.models import FileStatus, InspectedFile, InspectedFinding, Inspection, KeptCheck, Severity
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def rows(putuo):
    files = []
    made = ((2024, FileStatus.DONE, "二〇二四已检查.pdf"), (2024, FileStatus.FAILED, "二〇二四无法读取.pdf"), (2023, FileStatus.DONE, "二〇二三已检查.pdf"))
    for year, status, name in made:
        inspection, _ = Inspection.objects.get_or_create(region=putuo.region, year=year)
        file = InspectedFile(inspection=inspection, name=name, sha256=name.encode().hex()[:64], status=status)
        file.file.save("admin.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        file.save()
        files.append(file)
    finding = InspectedFinding.objects.create(file=files[0], rule_code="R06-CLS", severity=Severity.WARNING, page=13, message="公用经费尾差")
    kept = KeptCheck.objects.create(token="admin-token-0123456789", digest="a" * 64, name="公开的.pdf", result={"findings": []})
    return files, finding, kept


def test_the_admin_lists_the_inspections_files_findings_and_kept_results_by_year_and_status(client, rows):
    files, finding, kept = rows
    client.force_login(make_user(Role.ADMIN))
    index = text_of(client.get("/admin/reviews/"))
    for name in ("公开检查", "公开检查文件", "公开检查结果", "保存的公开文件检查结果"):
        assert name in index, name
    listed = text_of(client.get("/admin/reviews/inspectedfile/?inspection__year=2024&status=done"))
    assert "二〇二四已检查.pdf" in listed and "二〇二四无法读取.pdf" not in listed and "二〇二三已检查.pdf" not in listed
    listed = text_of(client.get("/admin/reviews/inspectedfile/?status=failed"))
    assert "二〇二四无法读取.pdf" in listed and "二〇二四已检查.pdf" not in listed
    listed = text_of(client.get("/admin/reviews/inspection/?year=2023"))
    assert "普陀区2023年度部门决算公开检查" in listed and "普陀区2024年度部门决算公开检查" not in listed
    assert "R06-CLS" in text_of(client.get("/admin/reviews/inspectedfinding/?file__inspection__year=2024&severity=warning"))
    assert "R06-CLS" not in text_of(client.get("/admin/reviews/inspectedfinding/?file__inspection__year=2023"))
    assert "公开的.pdf" in text_of(client.get("/admin/reviews/keptcheck/"))


def test_what_a_check_found_is_read_only_in_the_admin(client, rows):
    files, finding, kept = rows
    client.force_login(make_user(Role.ADMIN))
    page = client.get(f"/admin/reviews/inspectedfinding/{finding.pk}/change/").content.decode()
    assert "公用经费尾差" in page and 'name="message"' not in page
    page = client.get(f"/admin/reviews/inspectedfile/{files[0].pk}/change/").content.decode()
    assert "R06-CLS" in page and 'name="status"' not in page and 'name="findings-0-message"' not in page
    for model in ("inspection", "inspectedfile", "inspectedfinding", "keptcheck"):
        assert client.get(f"/admin/reviews/{model}/add/").status_code == 403, model
    client.post(f"/admin/reviews/inspectedfinding/{finding.pk}/change/", {"message": "改过"})
    finding.refresh_from_db()
    assert finding.message == "公用经费尾差"
    assert client.get(f"/admin/reviews/inspection/{files[0].inspection_id}/delete/").status_code == 403


def test_a_file_deleted_in_the_admin_is_deleted_as_a_reviewer_deletes_it(client, rows, django_capture_on_commit_callbacks):
    files, finding, kept = rows
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    stored = files[0].file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/reviews/inspectedfile/{files[0].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not InspectedFile.objects.filter(pk=files[0].pk).exists() and not InspectedFinding.objects.exists()
    assert not default_storage.exists(stored)
    event = AuditEvent.objects.get(action="inspection_file_delete")
    assert event.actor_id == admin.pk and event.payload["name"] == "二〇二四已检查.pdf"
    client.post(f"/admin/reviews/keptcheck/{kept.pk}/delete/", {"post": "yes"})
    assert not KeptCheck.objects.exists()
