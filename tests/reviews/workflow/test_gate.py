"""The gate: submit, approve and bulk approve refuse a version with an open error, naming it;
approval shows the preview PDF and the publication date and asks for confirmation; the
accountant can withdraw an undecided submission; a resubmission answers every return reason."""

import io

import pytest
from pypdf import PdfReader

from disclosures.models import DocumentStatus, RenderedDocument, ReportVersion, VersionState
from disclosures.selectors import version_latest
from portal.audit.models import AuditEvent
from reviews.models import Finding, ReturnReason, Severity
from reviews.workflow import report_withdraw, return_reasons_reply, review_return
from tests.disclosures.test_table_edit import submit as post_table
from tests.factories import complete_version

from .test_cycle import answer_checklist

pytestmark = pytest.mark.django_db

ERROR = "公开01表 第27行 不等于 第1行至第8行之和（差额100.00元）"


@pytest.fixture(autouse=True)
def complete_demo(demo):
    """The demo's 教育局 and 卫生健康局 with every section written and the checklist answered, so
    that the error each test opens is the only one (their incompleteness is tests/reviews/checks')."""
    for key in ("submitted", "returned"):
        complete_version(version_latest(report=demo[key]))


def open_error(version):
    return Finding.objects.create(version=version, rule_code="R01-027", severity=Severity.ERROR, message=ERROR, fingerprint="gate")


def state(report):
    return version_latest(report=report).state


def test_submit_refuses_an_open_error_and_names_it(demo, client):
    report = demo["returned"]  # 卫生健康局
    version = version_latest(report=report)
    client.force_login(demo["accountant"])
    answer_checklist(client, report)  # saving answers recomputes the findings: the error comes after
    open_error(version)
    response = client.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "报告暂不能提交" in body and "1个错误：请改正" in body
    item = body[body.index("finding-error") : body.index("</li>", body.index("finding-error"))]
    assert ERROR in item and "R01-027" in item
    assert state(report) == VersionState.RETURNED


def test_approval_refuses_an_open_error_on_the_confirm_page_and_its_post(demo, client):
    report = demo["submitted"]  # 教育局
    version = version_latest(report=report)
    open_error(version)
    client.force_login(demo["reviewer"])
    page = client.get(f"/review/reports/{report.pk}/approve/").content.decode()
    assert "不能审核通过" in page and f"R01-027：{ERROR}" in page and "<button type=\"submit\">确认审核通过" not in page
    response = client.post(
        f"/review/reports/{report.pk}/approve/", {"confirm": "1", "expected_state": "submitted", "expected_revision": version.revision}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "武汉市蔡甸区教育局第1版有未解决的问题，不能审核通过" in body and f"R01-027：{ERROR}" in body
    assert state(report) == VersionState.SUBMITTED
    assert not RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).exists()


def test_bulk_approval_refuses_an_open_error(demo, client):
    report = demo["submitted"]
    open_error(version_latest(report=report))
    client.force_login(demo["reviewer"])
    response = client.post(
        "/review/dashboard/bulk/", {"year": 2024, "action": "approve", "ids": [report.department_id]}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("未能审核" in t and "教育局" in t and f"R01-027：{ERROR}" in t for t in texts), texts
    assert state(report) == VersionState.SUBMITTED


def test_no_preview_is_rendered_for_a_version_that_cannot_be_approved(demo, client, django_capture_on_commit_callbacks):
    report = demo["submitted"]
    open_error(version_latest(report=report))
    client.force_login(demo["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/review/reports/{report.pk}/approve/")
    assert response["Location"] == f"/review/reports/{report.pk}/approve/"
    assert not RenderedDocument.objects.filter(version__report=report, kind=RenderedDocument.Kind.PREVIEW).exists()
    page = client.get(response["Location"]).content.decode()
    assert "不能审核通过" in page and ERROR in page and "approve-confirm" not in page


def test_approval_renders_a_preview_shows_the_date_and_asks_before_approving(demo, client, django_capture_on_commit_callbacks):
    report = demo["submitted"]
    version = version_latest(report=report)
    client.force_login(demo["reviewer"])
    page = client.get(f"/review/reports/{report.pk}/").content.decode()
    assert "审核通过…" in page

    status = client.get(f"/review/reports/{report.pk}/approve/preview.json").json()
    assert status["status"] == "" and not status["done"]
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery renders it at commit
        response = client.post(f"/review/reports/{report.pk}/approve/")
    assert response.status_code == 302 and response["Location"] == f"/review/reports/{report.pk}/approve/"
    assert state(report) == VersionState.SUBMITTED  # a preview decides nothing, publishes nothing
    preview = RenderedDocument.objects.get(version=version, kind=RenderedDocument.Kind.PREVIEW)
    assert preview.status == DocumentStatus.DONE

    status = client.get(f"/review/reports/{report.pk}/approve/preview.json").json()
    assert status["done"] and status["label"] == "已生成"
    pdf = client.get(status["url"])
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[:3])
    assert "武汉市蔡甸区教育局" in text

    page = client.get(f"/review/reports/{report.pk}/approve/").content.decode()
    assert "查看预览 PDF" in page and 'name="publish_on"' in page and "公开截止日为" in page
    assert 'name="confirm"' in page and "确认审核通过" in page and "approve_preview.js" in page

    response = client.post(
        f"/review/reports/{report.pk}/approve/",
        {"confirm": "1", "publish_on": "2099-09-29", "expected_state": "submitted", "expected_revision": version.revision},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.APPROVED  # published on 2099-09-29, once its PDF exists


def test_the_accountant_withdraws_an_undecided_submission(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    client.force_login(demo["accountant"])
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert f'action="/workspace/reports/{report.pk}/withdraw/"' in page and "撤回" in page
    response = client.post(f"/workspace/reports/{report.pk}/withdraw/", {"expected_revision": version.revision})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT and version.is_editable
    event = AuditEvent.objects.filter(version=version, action="withdraw").get()
    assert event.payload == {"from": "submitted", "to": "draft"} and event.actor == demo["accountant"]
    history = client.get(f"/workspace/reports/{report.pk}/history/").content.decode()
    assert "撤回提交" in history

    # Once withdrawn (or decided), there is nothing to withdraw.
    response = client.post(f"/workspace/reports/{report.pk}/withdraw/")
    assert response.status_code == 409 and "不能执行此操作" in response.content.decode()


def test_a_decided_submission_cannot_be_withdrawn_and_a_reviewer_cannot_withdraw(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    from reviews.workflow import TransitionRefused

    with pytest.raises(TransitionRefused, match="只有本部门的填报人"):
        report_withdraw(version=version, user=demo["reviewer"])
    review_return(version=version, user=demo["reviewer"], reason="请核对")
    with pytest.raises(TransitionRefused, match="“退回”状态，不能执行此操作"):
        report_withdraw(version=version, user=demo["accountant"])
    client.force_login(demo["reviewer"])
    assert client.post(f"/workspace/reports/{report.pk}/withdraw/").status_code == 403
    assert ReportVersion.objects.get(pk=version.pk).state == VersionState.RETURNED


def test_a_resubmission_answers_each_return_reason_by_a_changed_cell_or_a_reply(demo, client):
    report = demo["submitted"]
    version = version_latest(report=report)
    review_return(version=version, user=demo["reviewer"], reason="三公经费预算数漏填", cells=["9:1:budget_abroad", "9:1:budget_reception"])
    reasons = {r.cell or r.kind: r for r in ReturnReason.objects.filter(decision__version=version)}
    client.force_login(demo["accountant"])
    answer_checklist(client, report)

    response = client.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    body = response.content.decode()
    assert body.count("<li>退回理由未答复") == 3 and "单元格 公开09表 第1行 预算数因公出国(境)费" in body
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert page.count("（尚未答复）") == 3 and f'name="reply-{reasons["text"].pk}"' in page

    # The reviewer's 9:1:budget_abroad is changed in the table: that reason is answered.
    version.refresh_from_db()
    response = post_table(client, f"/workspace/reports/{report.pk}/tables/9/", changes={"c__1__budget_abroad": "12,000.00", "c__1__budget_total": "473,824.20"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert page.count("（尚未答复）") == 2 and "（单元格已修改，已答复）" in page

    # A reply to one reason only: still refused, naming the one left.
    response = client.post(f"/workspace/reports/{report.pk}/submit/", {f"reply-{reasons['text'].pk}": "已补填因公出国(境)费"})
    assert response.status_code == 409
    assert response.content.decode().count("<li>退回理由未答复") == 1
    reasons["text"].refresh_from_db()
    assert reasons["text"].reply == "已补填因公出国(境)费" and reasons["text"].replied_by == demo["accountant"]

    response = client.post(f"/workspace/reports/{report.pk}/submit/", {f"reply-{reasons['9:1:budget_reception'].pk}": "公务接待费确为0"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert state(report) == VersionState.SUBMITTED
    replies = AuditEvent.objects.filter(version=version, action="reply").values_list("payload", flat=True)
    assert [list(p["replies"].values()) for p in replies] == [["已补填因公出国(境)费"], ["公务接待费确为0"]]


def test_a_reply_to_a_reason_of_another_report_is_refused(demo):
    from reviews.workflow import TransitionRefused

    other = version_latest(report=demo["returned"])
    review_return(version=version_latest(report=demo["submitted"]), user=demo["reviewer"], reason="请核对")
    foreign = ReturnReason.objects.get(decision__version__report=demo["submitted"])
    with pytest.raises(TransitionRefused, match="不属于本报告最近一次退回"):
        return_reasons_reply(version=other, user=demo["accountant"], replies={foreign.pk: "答复"})
    assert ReturnReason.objects.get(pk=foreign.pk).reply == ""


def test_a_refused_submission_links_each_error_to_its_cell_and_each_unanswered_item(demo, client):
    report = demo["returned"]
    version = version_latest(report=report)
    client.force_login(demo["accountant"])
    answer_checklist(client, report)
    Finding.objects.create(
        version=version, rule_code="R01-027", severity=Severity.ERROR, message=ERROR, fingerprint="cell",
        cells=[{"table": 1, "row": "27", "column": "amount", "label": "公开01表 第27行"}],
    )
    first_item = version.checklist_answers.order_by("item__no").first()
    first_item.delete()
    body = client.post(f"/workspace/reports/{report.pk}/submit/").content.decode()
    assert f'href="/workspace/reports/{report.pk}/tables/1/#c__27__amount">公开01表 第27行</a>' in body
    assert f'href="/workspace/reports/{report.pk}/checks/#item-{first_item.item.no}"' in body
    assert "自查表有1项尚未回答" in body
