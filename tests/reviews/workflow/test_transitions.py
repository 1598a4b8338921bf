"""Each transition is atomic and guarded: concurrent decisions, scheduled publication, audit of uploads, access."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from disclosures.models import DocumentStatus, RenderedDocument, ReportVersion, VersionState
from disclosures.services import version_import_workbook
from reviews.workflow import (
    TransitionRefused,
    publish_due,
    report_publish,
    report_submit,
    review_approve,
    review_return,
)
from portal.accounts.models import Role
from portal.audit.models import AuditEvent
from reviews.models import ReviewDecision
from reviews.services import checklist_template_load
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

WORKBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "workbooks" / "caidian-2024.xlsx"


@pytest.fixture
def world():
    region = make_region()
    department = make_department(region, name=SAMPLE_DEPARTMENT)
    report, version = make_report(department, state=VersionState.SUBMITTED)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    first, second = make_user(Role.REVIEWER, region=region), make_user(Role.REVIEWER, region=region)
    other_region = make_region("汉南区")
    other_department = make_department(other_region)
    return {
        "report": report,
        "version": version,
        "accountant": accountant,
        "reviewers": (first, second),
        "outsider_reviewer": make_user(Role.REVIEWER, region=other_region),
        "outsider_accountant": make_user(Role.ACCOUNTANT, departments=[other_department]),
        "admin": make_user(Role.ADMIN),
    }


def snapshot(version):
    version = ReportVersion.objects.get(pk=version.pk)
    return (
        version.state,
        version.revision,
        ReviewDecision.objects.filter(version=version).count(),
        AuditEvent.objects.filter(version=version).count(),
        RenderedDocument.objects.filter(version=version).count(),
    )


def test_two_reviewers_deciding_the_same_version_one_wins_the_other_is_refused(world):
    version = world["version"]
    first, second = world["reviewers"]
    seen = ReportVersion.objects.get(pk=version.pk)  # both opened the page now
    review_return(version=seen, user=first, reason="数据有误", expected_state="submitted", expected_revision=seen.revision)
    after_first = snapshot(version)
    with pytest.raises(TransitionRefused, match="报告状态已变为“退回”"):
        review_approve(version=seen, user=second, expected_state="submitted", expected_revision=seen.revision)
    assert snapshot(version) == after_first  # nothing half-done: no decision, no event, no PDF
    assert after_first[0] == VersionState.RETURNED and after_first[4] == 0


def test_a_second_approval_is_refused_and_writes_nothing(world, django_capture_on_commit_callbacks):
    version = world["version"]
    first, second = world["reviewers"]
    seen = ReportVersion.objects.get(pk=version.pk)
    with django_capture_on_commit_callbacks(execute=True):
        review_approve(version=seen, user=first, expected_state="submitted", expected_revision=seen.revision)
    after_first = snapshot(version)
    with pytest.raises(TransitionRefused):
        review_approve(version=seen, user=second, expected_state="submitted", expected_revision=seen.revision)
    with pytest.raises(TransitionRefused):
        review_return(version=seen, user=second, reason="x", expected_state="submitted", expected_revision=seen.revision)
    assert snapshot(version) == after_first


def test_a_stale_form_after_a_resubmission_is_refused(world):
    version = world["version"]
    first, _ = world["reviewers"]
    stale = ReportVersion.objects.get(pk=version.pk)
    review_return(version=version, user=first, reason="请核对")
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)  # resubmitted meanwhile
    with pytest.raises(TransitionRefused, match="已被修改"):
        review_approve(version=stale, user=first, expected_state="submitted", expected_revision=stale.revision)


def test_the_concurrent_decision_views_answer_409_with_a_message(world, client):
    report, version = world["report"], world["version"]
    first, second = world["reviewers"]
    form = {"expected_state": "submitted", "expected_revision": version.revision, "reason": "请核对", "confirm": "1"}
    client.force_login(first)
    assert client.post(f"/review/reports/{report.pk}/return/", form).status_code == 302
    client.force_login(second)
    response = client.post(f"/review/reports/{report.pk}/approve/", form)
    assert response.status_code == 409
    assert "报告状态已变为“退回”" in response.content.decode()


def test_a_return_needs_a_reason_and_well_formed_cells(world):
    version = world["version"]
    reviewer = world["reviewers"][0]
    before = snapshot(version)
    with pytest.raises(TransitionRefused, match="退回必须填写理由"):
        review_return(version=version, user=reviewer, reason="  ")
    with pytest.raises(TransitionRefused, match="“表号:行:列”"):
        review_return(version=version, user=reviewer, reason="见单元格", cells=["十:1:amount"])
    assert snapshot(version) == before


def test_only_accountants_in_scope_submit_and_only_reviewers_in_scope_decide(world):
    version = world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.DRAFT)
    version.refresh_from_db()
    for user in (world["reviewers"][0], world["outsider_accountant"], world["admin"]):
        with pytest.raises(TransitionRefused):
            report_submit(version=version, user=user)
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
    for user in (world["accountant"], world["outsider_reviewer"], world["admin"]):
        with pytest.raises(TransitionRefused):
            review_approve(version=version, user=user)
        with pytest.raises(TransitionRefused):
            review_return(version=version, user=user, reason="x")


def test_a_scheduled_publication_waits_for_its_date_and_publish_due_is_idempotent(world, django_capture_on_commit_callbacks):
    version = world["version"]
    reviewer = world["reviewers"][0]
    day = timezone.localdate() + timedelta(days=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_approve(version=version, user=reviewer, publish_on=day)
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED
    assert version.documents.get().status == DocumentStatus.DONE
    assert publish_due() == 0
    call_command("publish_due", stdout=open("/dev/null", "w"))
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        assert publish_due(today=day) == 1
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED and version.published_at
    assert publish_due(today=day) == 0 and report_publish(version=version, today=day) is False
    assert AuditEvent.objects.filter(version=version, action="publish").count() == 1


def test_publication_waits_for_the_pdf(world):
    version = world["version"]
    review_approve(version=version, user=world["reviewers"][0])  # no commit callbacks run: the PDF is pending
    assert RenderedDocument.objects.get(version=version).status == DocumentStatus.PENDING
    assert report_publish(version=version) is False
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED


def test_an_upload_and_its_changed_cells_are_recorded(world):
    version = world["version"]
    ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.DRAFT)
    version.refresh_from_db()
    with open(WORKBOOK, "rb") as fh:
        version_import_workbook(version=version, fileobj=fh, filename="/tmp/uploads/caidian-2024.xlsx", user=world["accountant"])
    upload = AuditEvent.objects.get(version=version, action="upload")
    assert upload.actor == world["accountant"] and upload.payload["filename"] == "caidian-2024.xlsx"
    assert upload.payload["tables"] == 9 and upload.payload["cells"] > 100
    cells = AuditEvent.objects.filter(version=version, action="cells").latest("seq")
    assert cells.actor == world["accountant"] and cells.seq < upload.seq
    change = cells.payload["changes"][0]
    assert set(change) == {"table", "row", "column", "from", "to"}


@pytest.mark.services("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_threads_deciding_at_once_exactly_one_succeeds(world):
    version = world["version"]
    seen = ReportVersion.objects.get(pk=version.pk)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(action, user):
        try:
            barrier.wait()
            if action == "approve":
                review_approve(version=seen, user=user, expected_state="submitted", expected_revision=seen.revision)
            else:
                review_return(version=seen, user=user, reason="并发", expected_state="submitted", expected_revision=seen.revision)
            outcomes.append(("ok", action))
        except TransitionRefused as exc:
            outcomes.append(("refused", str(exc)))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("approve", world["reviewers"][0])),
        threading.Thread(target=decide, args=("return", world["reviewers"][1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"], outcomes
    winner = next(action for kind, action in outcomes if kind == "ok")
    version.refresh_from_db()
    assert version.state == (VersionState.APPROVED if winner == "approve" else VersionState.RETURNED)
    assert ReviewDecision.objects.filter(version=version).count() == 1
    assert AuditEvent.objects.filter(version=version, action__in=["approve", "return"]).count() == 1


def test_every_workflow_view_refuses_other_roles_and_scopes(world, client):
    report = world["report"]
    workspace = [f"/workspace/reports/{report.pk}/{p}/" for p in ("submit", "correction")]
    review = [f"/review/reports/{report.pk}/{p}/" for p in ("return", "approve")]
    client.force_login(world["accountant"])
    for url in review + [f"/review/reports/{report.pk}/history/"]:
        assert client.post(url).status_code == 403, url
    assert client.get(f"/review/reports/{report.pk}/history/").status_code == 403
    for url in workspace:
        assert client.get(url).status_code == 405, url  # POST only
    client.force_login(world["reviewers"][0])
    for url in workspace:
        assert client.post(url).status_code == 403, url
    assert client.get(f"/workspace/reports/{report.pk}/history/").status_code == 403
    for user, urls, history in (
        (world["outsider_accountant"], workspace, "workspace"),
        (world["outsider_reviewer"], review, "review"),
    ):
        client.force_login(user)
        for pk in (report.pk, report.pk + 1000):  # someone else's report, a guessed id
            for url in urls:
                assert client.post(url.replace(f"/{report.pk}/", f"/{pk}/")).status_code == 404, (user, url)
            assert client.get(f"/{history}/reports/{pk}/history/").status_code == 404
    client.logout()
    for url in workspace + review:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert snapshot(world["version"])[0] == VersionState.SUBMITTED


def test_posts_without_a_csrf_token_are_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["reviewers"][0])
    response = client.post(f"/review/reports/{world['report'].pk}/approve/")
    assert response.status_code == 403
    assert snapshot(world["version"])[0] == VersionState.SUBMITTED


def test_the_history_page_detects_a_direct_database_edit(world, client):
    version, reviewer = world["version"], world["reviewers"][0]
    review_return(version=version, user=reviewer, reason="原始理由")
    client.force_login(reviewer)
    page = client.get(f"/review/reports/{world['report'].pk}/history/").content.decode()
    assert "审计链校验通过" in page and "原始理由" in page
    event = AuditEvent.objects.get(version=version, action="return")
    AuditEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "reason": "篡改后的理由"})
    page = client.get(f"/review/reports/{world['report'].pk}/history/").content.decode()
    assert "审计链校验失败" in page and f"第{event.seq}号事件的内容已被改动" in page
    client.force_login(world["accountant"])
    page = client.get(f"/workspace/reports/{world['report'].pk}/history/").content.decode()
    assert "审计链校验失败" in page


def test_checklist_item_41_counts_the_returns(world):
    checklist_template_load(year=2024)
    from reviews.selectors import checklist_for_version

    version, reviewer = world["version"], world["reviewers"][0]
    for _ in range(2):
        ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.SUBMITTED)
        review_return(version=version, user=reviewer, reason="请核对")
    rows = {row.item.no: row for row in checklist_for_version(version=version)}
    assert rows[41].answer == "否" and "被退回2次" in rows[41].evidence

