"""The whole cycle at view level with the demo users: submit, return, fix, resubmit, approve, publish, correct."""

import pytest
from django.core import mail

from disclosures.models import DocumentStatus, ReportVersion, VersionState
from reviews.models import ChecklistItem, DecisionAction, ReturnReason, ReviewDecision
from reviews.selectors import checklist_for_version
from tests.disclosures.test_table_edit import submit as post_table

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def answer_checklist(client, report):
    items = ChecklistItem.objects.filter(template__year=report.year, mode="accountant")
    data = {f"answer-{item.no}": "是" for item in items}
    assert client.post(f"/workspace/reports/{report.pk}/checks/checklist/", data).status_code == 302


def write_every_section(client, report):
    """The accountant writes each section the demo left empty, in the text editor."""
    version = latest(report)
    for section in version.sections.order_by("position"):
        if section.body.strip() or section.key.startswith("prior_year."):
            continue
        response = client.post(
            f"/workspace/reports/{report.pk}/narrative/{section.key}/",
            {"body": "本部门按规定如实说明本部分情况。", "revision": latest(report).revision},
        )
        assert response.status_code == 302, response.content.decode()[:500]


def latest(report):
    return ReportVersion.objects.filter(report=report).order_by("-number").first()


def test_the_whole_cycle(demo, client, django_capture_on_commit_callbacks):
    report = demo["draft"]
    accountant = login(client, "accountant")
    page = accountant.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert f'action="/workspace/reports/{report.pk}/submit/"' in page and "提交审核" in page

    # Blocked: the text is not written and the checklist is not answered.
    response = accountant.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    assert "报告暂不能提交" in response.content.decode() and "自查表第" in response.content.decode()
    assert latest(report).state == VersionState.DRAFT
    answer_checklist(accountant, report)
    response = accountant.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409 and "个错误须改正后才能提交" in response.content.decode()
    codes = set(latest(report).findings.values_list("rule_code", flat=True))
    # the empty sections, and the checklist's “是” that they contradict (自查表第14、18…项)
    assert {c for c in codes if not c.startswith("CL-")} == {"C-SECTION"} and {"CL-14", "CL-18"} <= codes
    write_every_section(accountant, report)
    assert not latest(report).findings.filter(rule_code__startswith="CL-", message__contains="答“是”").exists()
    assert all(row.answer for row in checklist_for_version(version=latest(report)) if not row.auto)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = accountant.post(f"/workspace/reports/{report.pk}/submit/", {"expected_revision": latest(report).revision})
    assert response.status_code == 302
    version = latest(report)
    assert version.state == VersionState.SUBMITTED and version.submitted_at
    assert [m.to for m in mail.outbox] == [["reviewer@example.gov.cn"]] and "待审核" in mail.outbox[0].subject

    # Under review the accountant cannot edit: clear message, nothing saved.
    response = accountant.post(
        f"/workspace/reports/{report.pk}/tables/9/",
        {"revision": version.revision, "c__1__budget_abroad": "1.00", "action": "save"},
    )
    assert response.status_code == 409 and "不能修改" in response.content.decode()
    assert not version.cells.filter(table=9, column="budget_abroad").exists()

    # The reviewer returns it with a reason on a cell.
    client.logout()
    reviewer = login(client, "reviewer")
    page = reviewer.get(f"/review/reports/{report.pk}/").content.decode()
    assert f'action="/review/reports/{report.pk}/return/"' in page and f'action="/review/reports/{report.pk}/approve/"' in page
    mail.outbox.clear()
    item = ChecklistItem.objects.get(template__year=2024, no=41)
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            f"/review/reports/{report.pk}/return/",
            {
                "reason": "三公经费预算数漏填",
                "confirm": "1",
                "cells": "9:1:budget_abroad",
                "checklist_items": [item.pk],
                "expected_state": "submitted",
                "expected_revision": version.revision,
            },
        )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.RETURNED
    decision = ReviewDecision.objects.get(version=version, action=DecisionAction.RETURN)
    kinds = sorted(ReturnReason.objects.filter(decision=decision).values_list("kind", flat=True))
    assert kinds == ["cell", "checklist", "text"]
    assert ReturnReason.objects.get(decision=decision, kind="cell").cell == "9:1:budget_abroad"
    assert [m.to for m in mail.outbox] == [["accountant@example.gov.cn"]] and "退回" in mail.outbox[0].subject
    rows = {row.item.no: row for row in checklist_for_version(version=version)}
    assert rows[41].answer == "是" and "被退回1次" in rows[41].evidence

    # The accountant fixes that cell through the table edit view and resubmits.
    client.logout()
    accountant = login(client, "accountant")
    page = accountant.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert "提交审核" in page
    url = f"/workspace/reports/{report.pk}/tables/9/"
    response = post_table(accountant, url, changes={"c__1__budget_abroad": "12,000.00", "c__1__budget_total": "80,517.00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    # The changed cell answers its reason; the others are answered in writing on the submit form.
    response = accountant.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    assert "退回理由未答复：三公经费预算数漏填" in response.content.decode()
    assert "退回理由未答复：单元格" not in response.content.decode()
    replies = {
        f"reply-{r.pk}": "已补填三公经费预算数" for r in ReturnReason.objects.filter(decision=decision).exclude(kind="cell")
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = accountant.post(f"/workspace/reports/{report.pk}/submit/", replies)
    assert response.status_code == 302, response.content.decode()
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED

    # The reviewer approves; the PDF is rendered (eager Celery) and the report is published.
    client.logout()
    reviewer = login(client, "reviewer")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # 审核通过… renders the preview first
        response = reviewer.post(f"/review/reports/{report.pk}/approve/")
    assert response.status_code == 302 and response["Location"] == f"/review/reports/{report.pk}/approve/"
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED  # nothing decided yet
    page = reviewer.get(response["Location"]).content.decode()
    assert "查看预览 PDF" in page and "确认审核通过" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(
            f"/review/reports/{report.pk}/approve/",
            {"confirm": "1", "expected_state": "submitted", "expected_revision": version.revision},
        )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED and version.published_at and version.approved_at
    assert version.documents.get(kind="pdf").status == DocumentStatus.DONE
    subjects = [m.subject for m in mail.outbox]
    assert any("审核通过" in s for s in subjects) and any("已公开" in s for s in subjects)
    assert all(m.to == ["accountant@example.gov.cn"] for m in mail.outbox)

    # The public sees it.
    client.logout()
    public = client.get(version.get_absolute_url())
    assert public.status_code == 200

    # The history page shows each step, newest first, with the cell from → to in 万元 and 元.
    reviewer = login(client, "reviewer")
    page = reviewer.get(f"/review/reports/{report.pk}/history/").content.decode()
    assert "审计链校验通过" in page
    for text in ("公开", "审核通过", "提交审核", "退回", "三公经费预算数漏填", "单元格：公开09表", "修改数据", "修改文字"):
        assert text in page, text
    assert "9:1:budget_abroad" not in page and ">sections<" not in page  # plain words, not keys
    assert "修改了“一、收入支出决算总体情况说明”" in page
    assert "0.00 → 1.20 万元（0.00 → 12000.00 元）" in page
    assert page.index("状态：已审核 → 已公开") < page.index("三公经费预算数漏填")

    # The accountant starts a correction with its 更正说明; the published version stays.
    client.logout()
    accountant = login(client, "accountant")
    page = accountant.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert "发起更正" in page
    assert accountant.post(f"/workspace/reports/{report.pk}/correction/", {"correction_note": " "}).status_code == 409
    response = accountant.post(f"/workspace/reports/{report.pk}/correction/", {"correction_note": "更正三公经费预算数"})
    assert response.status_code == 302
    new = latest(report)
    assert new.number == version.number + 1 and new.state == VersionState.DRAFT
    assert new.correction_note == "更正三公经费预算数"
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    page = accountant.get(f"/workspace/reports/{report.pk}/history/").content.decode()
    assert "发起更正" in page and "更正说明：更正三公经费预算数" in page


def test_a_correction_with_unexplained_warnings_is_blocked_until_explained(demo, client):
    report = demo["published"]
    accountant = login(client, "accountant")
    assert accountant.post(f"/workspace/reports/{report.pk}/correction/", {"correction_note": "更正尾差"}).status_code == 302
    version = latest(report)
    # the published text's errors (one indicator given 96.33% and 106%, a wrong year …) are corrected first
    from disclosures.services import version_sections_save
    from tests.disclosures.narrative.passages import corrected_sections

    version_sections_save(version=version, sections=corrected_sections())
    response = accountant.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "提示尚未填写说明" in body
    for finding in version.findings.all():
        assert finding.severity == "warning", (finding.rule_code, finding.message)
        accountant.post(f"/workspace/reports/{report.pk}/checks/findings/{finding.pk}/", {"explanation": "尾差，四舍五入所致。"})
    response = accountant.post(f"/workspace/reports/{report.pk}/submit/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.state == VersionState.SUBMITTED
