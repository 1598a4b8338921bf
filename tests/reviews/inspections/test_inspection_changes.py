"""An upload returns at once and its files are checked after it, in the background, without a
broker; a reviewer of the inspection's region deletes a file (its findings and stored PDF with
it) or checks files again, say after the rules changed. Others get 403 or 404 and change nothing."""

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from portal.background import background_wait
from reviews.inspections.selectors import inspection_progress
from reviews.models import FileStatus, InspectedFile, InspectedFinding, Inspection, MatchState, Rule
from reviews.services import rule_set_load
from tests.factories import make_region, make_user

from .conftest import PUTUO, beside_the_checks, upload

# The checks run in a background thread, which sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def rules_of(file):
    return sorted(InspectedFinding.objects.filter(file=file).values_list("rule_code", flat=True))


def test_an_upload_returns_before_its_files_are_checked_and_they_are_checked_after_it(putuo, client):
    client.force_login(putuo.reviewer)
    pdf = PUTUO.read_bytes()
    files = [SimpleUploadedFile(f"社工部-{n}.pdf", pdf + f"\n% copy {n}\n".encode()) for n in range(4)]
    response = upload(client, files, wait=False)
    assert response.status_code == 302
    inspection = Inspection.objects.get(region=putuo.region, year=2024)
    # the request did not check them: right after it, the batch is not done
    progress = beside_the_checks(lambda: inspection_progress(inspection=inspection))
    assert progress.total == 4 and progress.open > 0
    polled = beside_the_checks(lambda: client.get(f"/review/inspections/{inspection.pk}/progress.json").json())
    assert polled["total"] == 4 and polled["finished"] is False
    # later they are, each as the worker would have done it
    assert background_wait(timeout=600)
    assert client.get(f"/review/inspections/{inspection.pk}/progress.json").json() == {
        "total": 4, "done": 4, "failed": 0, "open": 0, "percent": 100, "finished": True, "label": "已检查4个，共4个",
    }  # fmt: skip
    for file in InspectedFile.objects.filter(inspection=inspection):
        assert (file.status, file.department, file.errors, file.rounding) == (FileStatus.DONE, putuo.social, 5, 4)
        assert len(rules_of(file)) == 9


def test_the_next_upload_s_thread_first_takes_up_what_a_stopped_process_left(putuo, client):
    inspection = Inspection.objects.create(region=putuo.region, year=2024)
    stale = timezone.now() - timedelta(hours=1)  # handed to a process that stopped before checking it
    lost = InspectedFile(inspection=inspection, name="lost.pdf", sha256="1" * 64, queued_at=stale)
    lost.file.save("lost.pdf", ContentFile(b"%PDF-1.4\nnot really a pdf\n"), save=False)
    lost.save()
    client.force_login(putuo.reviewer)
    upload(client, [SimpleUploadedFile("new.pdf", b"%PDF-1.4\nnot one either\n")])
    new = InspectedFile.objects.get(inspection=inspection, name="new.pdf")
    for file in (lost, new):
        file.refresh_from_db()
        assert (file.status, file.attempts) == (FileStatus.FAILED, 1) and "不是PDF文件" in file.error  # each checked once


def test_a_reviewer_deletes_a_file_with_its_findings_and_stored_pdf(putuo, client, checked):
    inspection, first, copy, _ = checked
    stored = first.file.name
    assert default_storage.exists(stored) and InspectedFinding.objects.filter(file=first).count() == 9
    page = text_of(client.get(f"/review/inspections/{inspection.pk}/"))
    assert "重新检查" in page and "删除" in page and "全部重新检查" in page
    asked = text_of(client.get(f"/review/inspections/files/{first.pk}/delete/"))
    assert f"删除{first.name}" in asked and "9条检查结果" in asked
    response = client.post(f"/review/inspections/files/{first.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/review/inspections/{inspection.pk}/"
    assert not InspectedFile.objects.filter(pk=first.pk).exists()
    assert not InspectedFinding.objects.filter(file_id=first.pk).exists()
    assert not default_storage.exists(stored)
    assert InspectedFinding.objects.filter(file=copy).count() == 9  # the other file keeps its own
    event = AuditEvent.objects.get(action="inspection_file_delete")
    assert event.actor_id == putuo.reviewer.pk
    assert (event.payload["file"], event.payload["name"], event.payload["findings"]) == (first.pk, first.name, 9)
    page = text_of(client.get(response["Location"]))
    assert f"已删除{first.name}及其检查结果" in page and "已检查1个，共1个" in page
    # deleted, it may be uploaded again and is checked again
    upload(client, [SimpleUploadedFile(first.name, PUTUO.read_bytes())])
    again = InspectedFile.objects.get(inspection=inspection, name=first.name)
    assert again.status == FileStatus.DONE and len(rules_of(again)) == 9


def test_a_reviewer_checks_files_again_after_the_rules_changed(putuo, client, checked):
    inspection, first, copy, _ = checked
    assert "R06-CLS" in rules_of(first)
    confirmed = {f"f{first.pk}-department": putuo.social.pk, f"f{first.pk}-published_on": "2025-09-20"}
    client.post(f"/review/inspections/files/{first.pk}/confirm/", confirmed)
    # the bureau switches a rule off in the admin: the year's rule set now comes from the database
    rule_set, _ = rule_set_load(year=2024)
    Rule.objects.filter(rule_set=rule_set, code="R06-CLS").update(enabled=False)

    response = client.post(f"/review/inspections/files/{first.pk}/recheck/")
    assert response["Location"] == f"/review/inspections/{inspection.pk}/#file-{first.pk}"
    assert background_wait(timeout=600)
    first.refresh_from_db()
    assert first.status == FileStatus.DONE and "R06-CLS" not in rules_of(first) and len(rules_of(first)) == 8
    assert (first.errors, first.rounding, first.pages, first.year) == (5, 3, 24, 2024)
    # what the reviewer confirmed stays
    assert (first.department, first.match, str(first.published_on)) == (putuo.social, MatchState.CONFIRMED, "2025-09-20")
    copy.refresh_from_db()
    assert "R06-CLS" in rules_of(copy) and copy.rounding == 4  # not asked for
    assert AuditEvent.objects.get(action="inspection_recheck").payload["files"] == [first.pk]

    response = client.post(f"/review/inspections/{inspection.pk}/recheck/")
    assert background_wait(timeout=600)
    assert "2个文件正在重新读取和检查" in text_of(client.get(response["Location"]))
    copy.refresh_from_db()
    assert copy.status == FileStatus.DONE and "R06-CLS" not in rules_of(copy) and copy.rounding == 3
    assert (copy.department, copy.match) == (putuo.social, MatchState.SURE)  # matched again from what was read
    assert sorted(AuditEvent.objects.filter(action="inspection_recheck").last().payload["files"]) == sorted([first.pk, copy.pk])


def test_only_the_inspections_own_reviewers_delete_or_check_again(putuo, client):
    inspection = Inspection.objects.create(region=putuo.region, year=2024)
    file = InspectedFile(inspection=inspection, name="a.pdf", sha256="1" * 64, status=FileStatus.DONE, errors=2)
    file.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    file.save()
    writes = [
        ("post", f"/review/inspections/files/{file.pk}/delete/"),
        ("post", f"/review/inspections/files/{file.pk}/recheck/"),
        ("post", f"/review/inspections/{inspection.pk}/recheck/"),
        ("get", f"/review/inspections/files/{file.pk}/delete/"),
    ]
    above = make_user(Role.REVIEWER, region=putuo.region.parent)  # 上海市: sees 普陀区's inspection
    client.force_login(above)
    page = text_of(client.get(f"/review/inspections/{inspection.pk}/"))
    assert "a.pdf" in page and "重新检查" not in page and "删除" not in page
    callers = [
        (above, 403),
        (make_user(Role.REVIEWER, region=make_region("别的区")), 404),
        (make_user(Role.ACCOUNTANT, departments=[putuo.social]), 403),
        (make_user(Role.ADMIN), 403),
    ]
    for user, status in callers:
        client.force_login(user)
        for method, address in writes:
            assert getattr(client, method)(address).status_code == status, (user.role, address)
    client.logout()
    for method, address in writes:
        assert getattr(client, method)(address)["Location"].startswith("/accounts/login/"), address
    file.refresh_from_db()
    assert (file.status, file.errors) == (FileStatus.DONE, 2) and default_storage.exists(file.file.name)
    assert not AuditEvent.objects.filter(action__in=("inspection_file_delete", "inspection_recheck")).exists()
    client.force_login(putuo.reviewer)
    assert client.get(f"/review/inspections/files/{file.pk}/delete/").status_code == 200
    assert "重新检查" in text_of(client.get(f"/review/inspections/files/{file.pk}/"))
