"""The review workflow: submit, withdraw, return, approve, publish, correct. Keyword-only, one
transaction each.

Every transition locks the version row (select_for_update), checks its state against the
transition table (transitions.py) and the state/revision the caller's form was loaded with,
then changes it. A refused transition raises TransitionRefused with a Chinese message and
writes nothing. The department's accountants get a notice in the portal of a return, an approval and a
publication (reviews.notices), with an e-mail; e-mails are sent when the transaction commits.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from disclosures.models import DocumentStatus, RenderedDocument, ReportVersion, VersionState
from disclosures.pdf.services import document_request
from disclosures.selectors import departments_for_user, version_tables
from disclosures.services import (
    ContentError,
    VersionLocked,
    report_published_version_refresh,
    version_start_correction,
)
from portal.accounts.models import Role, User
from portal.audit.services import audit_record
from portal.textpolicy import NOTE_LIMIT, text_problem

from ..models import ChecklistItem, DecisionAction, Finding, NoticeKind, ReasonKind, ReturnReason, ReviewDecision
from ..notices.services import mail_on_commit, report_notices_send
from ..selectors import checklist_for_version, version_submission_blockers
from .return_cells import CellNotFound, return_cells_resolve
from .selectors import return_count, return_reasons_unanswered
from .transitions import transition_sources, transition_target

STATE_LABELS = dict(VersionState.choices)
LISTED_PROBLEMS = 10  # a refusal names this many findings, then says how many more


class TransitionRefused(Exception):
    """The transition is not allowed now; nothing was written. The message is for the user."""

    def __init__(self, message, *, problems=()):
        self.problems = list(problems)
        super().__init__(message)


def _in_scope(*, user, version=None, report=None):
    report = report or version.report
    return departments_for_user(user=user).filter(pk=report.department_id).exists()


def _lock(*, version, transition, expected_state=None, expected_revision=None):
    locked = ReportVersion.objects.select_for_update().select_related("report__department").get(pk=version.pk)
    if expected_state and locked.state != expected_state:
        raise TransitionRefused(
            f"报告状态已变为“{locked.get_state_display()}”（您打开页面时为“{STATE_LABELS.get(expected_state, expected_state)}”），"
            "可能已有他人处理，本次操作未执行，请刷新页面。"
        )
    if expected_revision is not None and locked.revision != int(expected_revision):
        raise TransitionRefused("报告在您打开页面后已被修改，本次操作未执行，请刷新页面后重新核对。")
    if locked.state not in transition_sources(transition):
        raise TransitionRefused(f"第{locked.number}版处于“{locked.get_state_display()}”状态，不能执行此操作。")
    return locked


def _move(locked, transition, **stamps):
    ReportVersion.objects.filter(pk=locked.pk).update(
        state=transition_target(transition), revision=F("revision") + 1, updated_at=timezone.now(), **stamps
    )
    before = locked.state
    locked.refresh_from_db()
    return before


def _reviewers(version):
    return [u for u in User.objects.filter(role=Role.REVIEWER, is_active=True) if _in_scope(user=u, version=version)]


def _finding_line(finding):
    code = getattr(finding, "rule_code", "")
    message = getattr(finding, "message", None) or str(finding)
    return f"{code}：{message}" if code else message


def blocker_problems(*, version):
    """The open errors and unexplained warnings of a version, one line each (at most
    LISTED_PROBLEMS of each, then how many more); [] when nothing blocks it."""
    blockers = version_submission_blockers(version=version)
    problems = list(blockers.messages)
    for label, findings in (("错误", blockers.errors), ("未说明的提示", blockers.unexplained_warnings)):
        findings = list(findings)
        problems += [f"{label} {_finding_line(f)}" for f in findings[:LISTED_PROBLEMS]]
        if len(findings) > LISTED_PROBLEMS:
            problems.append(f"另有{len(findings) - LISTED_PROBLEMS}个{label}")
    return problems


@dataclass(frozen=True)
class SubmitBlockers:
    """Everything that stops a submission: the findings, the unanswered checklist items and the
    last return's unanswered reasons."""

    findings: object  # reviews.selectors.SubmissionBlockers
    unanswered_items: list  # [ChecklistItem]
    unanswered_reasons: list  # [ReturnReason]

    @property
    def reason_lines(self):
        return [f"退回理由未答复：{reason.summary}" for reason in self.unanswered_reasons]


def submit_blockers(*, version):
    return SubmitBlockers(
        findings=version_submission_blockers(version=version),
        unanswered_items=[row.item for row in checklist_for_version(version=version) if not row.auto and not row.answer],
        unanswered_reasons=list(return_reasons_unanswered(version=version)),
    )


def report_submit(*, version, user, expected_revision=None):
    """The accountant submits a draft or returned version; refused while an error is open, a
    warning is unexplained, a checklist item is unanswered or a return reason is unanswered."""
    if not (user.is_accountant and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有本部门的填报人可以提交报告。")
    with transaction.atomic():
        locked = _lock(version=version, transition="submit", expected_revision=expected_revision)
        problems = blocker_problems(version=locked)
        blocked = submit_blockers(version=locked)
        if blocked.unanswered_items:
            problems.append(f"自查表第{'、'.join(str(item.no) for item in blocked.unanswered_items)}项尚未回答")
        problems += blocked.reason_lines
        if problems:
            raise TransitionRefused("报告暂不能提交：" + "；".join(problems) + "。", problems=problems)
        before = _move(locked, "submit", submitted_at=locked.submitted_at or timezone.now())
        # A preview rendered for an earlier submission shows content that may have changed since.
        RenderedDocument.objects.filter(version=locked, kind=RenderedDocument.Kind.PREVIEW).delete()
        audit_record(action="submit", actor=user, version=locked, payload={"from": before, "to": locked.state})
        mail_on_commit(
            users=_reviewers(locked),
            subject=f"【待审核】{locked.report}",
            body=f"{user}已提交{locked}，请登录门户审核。",
        )
    return locked


def report_withdraw(*, version, user, expected_revision=None):
    """The accountant takes back a submission the reviewer has not decided yet: it becomes a
    draft again (the reasons of an earlier return still have to be answered)."""
    if not (user.is_accountant and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有本部门的填报人可以撤回提交。")
    with transaction.atomic():
        locked = _lock(version=version, transition="withdraw", expected_revision=expected_revision)
        before = _move(locked, "withdraw")
        audit_record(action="withdraw", actor=user, version=locked, payload={"from": before, "to": locked.state})
        mail_on_commit(
            users=_reviewers(locked), subject=f"【已撤回】{locked.report}", body=f"{user}撤回了{locked}的提交，无需审核。"
        )
    return locked


def return_reasons_reply(*, version, user, replies):
    """The accountant's written replies to the reasons of the last return: {reason id: text}.
    Only an editable version's own last return can be replied to; an empty text clears the reply."""
    if not (user.is_accountant and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有本部门的填报人可以答复退回理由。")
    with transaction.atomic():
        locked = _lock(version=version, transition="submit")
        decision = (
            ReviewDecision.objects.filter(version=locked, action=DecisionAction.RETURN).order_by("-created_at", "-pk").first()
        )
        reasons = {r.pk: r for r in (decision.reasons.all() if decision else ())}
        unknown = [str(pk) for pk in replies if int(pk) not in reasons]
        if unknown:
            raise TransitionRefused("所答复的退回理由不属于本报告最近一次退回，请刷新页面。")
        changed = {}
        for pk, text in replies.items():
            reason, text = reasons[int(pk)], (text or "").strip()
            if text != reason.reply:
                reason.reply, reason.replied_by, reason.replied_at = text, (user if text else None), (timezone.now() if text else None)
                reason.save(update_fields=["reply", "replied_by", "replied_at"])
                changed[reason.pk] = text
        if changed:
            audit_record(action="reply", actor=user, version=locked, payload={"replies": {str(k): v for k, v in changed.items()}})
    return len(changed)


def review_return(
    *, version, user, reason, findings=(), checklist_items=(), cells=(), expected_state=None, expected_revision=None
):
    """The reviewer returns a submitted version to the accountant, with reasons."""
    if not (user.is_reviewer and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有负责本部门的审核人可以退回报告。")
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("退回必须填写理由。")
    problem = text_problem(reason, multiline=True, max_length=NOTE_LIMIT, label="退回理由")
    if problem:
        raise TransitionRefused(problem + "。")
    with transaction.atomic():
        locked = _lock(
            version=version, transition="return", expected_state=expected_state, expected_revision=expected_revision
        )
        finding_ids = [getattr(f, "pk", f) for f in findings]
        found = list(Finding.objects.filter(version=locked, pk__in=finding_ids))
        if len(found) != len(set(finding_ids)):
            raise TransitionRefused("所选审核结果不属于本报告，请刷新页面。")
        item_ids = [getattr(i, "pk", i) for i in checklist_items]
        items = list(ChecklistItem.objects.filter(template__year=locked.report.year, pk__in=item_ids))
        if len(items) != len(set(item_ids)):
            raise TransitionRefused("所选自查项目不属于本年度自查表，请刷新页面。")
        decision = ReviewDecision.objects.create(version=locked, action=DecisionAction.RETURN, reviewer=user, reason=reason)
        tables = version_tables(version=locked) if cells else {}
        try:
            cells = return_cells_resolve(version=locked, tables=tables, refs=cells)
        except CellNotFound as exc:
            raise TransitionRefused(str(exc)) from None
        reasons = [ReturnReason(decision=decision, kind=ReasonKind.TEXT, text=reason)]
        reasons += [ReturnReason(decision=decision, kind=ReasonKind.FINDING, finding=f, text=f"{f.rule_code}：{f.message}") for f in found]
        reasons += [ReturnReason(decision=decision, kind=ReasonKind.CHECKLIST, checklist_item=i, text=i.text) for i in items]
        for c in cells:
            number, row, column = c.split(":")
            value = tables[int(number)].get(row, column)
            reasons.append(ReturnReason(decision=decision, kind=ReasonKind.CELL, cell=c, cell_value=value))
        ReturnReason.objects.bulk_create(reasons)
        before = _move(locked, "return")
        count = return_count(version=locked)
        audit_record(
            action="return",
            actor=user,
            version=locked,
            payload={
                "from": before,
                "to": locked.state,
                "reason": reason,
                "findings": [f"{f.rule_code}：{f.message}" for f in found],
                "checklist": [i.no for i in items],
                "cells": cells,
                "returns": count,
            },
        )
        report_notices_send(
            report=locked.report,
            kind=NoticeKind.RETURNED,
            title=str(locked),
            body=f"{user}退回了{locked}（第{count}次退回）。理由：{reason}",
        )
    return locked


def review_approve(*, version, user, publish_on=None, expected_state=None, expected_revision=None):
    """The reviewer approves a submitted version; refused while an error is open. The PDF is
    requested and publication follows once it exists: at once, or on `publish_on`."""
    if not (user.is_reviewer and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有负责本部门的审核人可以审核通过报告。")
    with transaction.atomic():
        locked = _lock(
            version=version, transition="approve", expected_state=expected_state, expected_revision=expected_revision
        )
        problems = blocker_problems(version=locked)
        if problems:
            raise TransitionRefused(
                f"{locked.report.department.name}第{locked.number}版有未解决的问题，不能审核通过，请退回填报人改正：" + "；".join(problems) + "。",
                problems=problems,
            )
        ReviewDecision.objects.create(version=locked, action=DecisionAction.APPROVE, reviewer=user, publish_on=publish_on)
        before = _move(locked, "approve", approved_at=timezone.now())
        audit_record(
            action="approve",
            actor=user,
            version=locked,
            payload={"from": before, "to": locked.state, "publish_on": publish_on.isoformat() if publish_on else None},
        )
        document_request(version=locked)
        # When the PDF is already there the render task will not run: publish here (idempotent).
        transaction.on_commit(lambda: report_publish(version=locked), robust=True)
        when = f"将于{publish_on:%Y年%m月%d日}公开" if publish_on else "生成PDF后即公开"
        report_notices_send(
            report=locked.report, kind=NoticeKind.APPROVED, title=str(locked), body=f"{user}已审核通过{locked}，{when}。"
        )
    return locked


def _publish_on(version):
    decision = ReviewDecision.objects.filter(version=version, action=DecisionAction.APPROVE).order_by("-pk").first()
    return decision.publish_on if decision else None


def report_publish(*, version, today=None):
    """Publish an approved version whose PDF is done and whose date (if any) has come.

    Idempotent: returns True only when this call published it; otherwise nothing changes.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().select_related("report__department").get(pk=version.pk)
        if locked.state not in transition_sources("publish"):
            return False
        done = RenderedDocument.objects.filter(
            version=locked, kind=RenderedDocument.Kind.PDF, status=DocumentStatus.DONE
        ).exists()
        publish_on = _publish_on(locked)
        if not done or (publish_on and publish_on > today):
            return False
        before = _move(locked, "publish", published_at=timezone.now())
        report_published_version_refresh(report=locked.report)
        audit_record(action="publish", actor=None, version=locked, payload={"from": before, "to": locked.state})
        report_notices_send(
            report=locked.report,
            kind=NoticeKind.PUBLISHED,
            title=str(locked),
            body=f"{locked}已在门户公开：{locked.get_absolute_url()}",
        )
    return True


def publish_due(*, today=None):
    """Publish every approved version that is due; returns how many were published."""
    return sum(
        report_publish(version=v, today=today)
        for v in ReportVersion.objects.filter(state__in=transition_sources("publish"))
    )


def report_start_correction(*, report, user, correction_note):
    """The accountant starts a correction of a published report: a new draft with its 更正说明."""
    if not (user.is_accountant and _in_scope(user=user, report=report)):
        raise TransitionRefused("只有本部门的填报人可以发起更正。")
    try:
        with transaction.atomic():
            new = version_start_correction(report=report, correction_note=correction_note, user=user)
            audit_record(
                action="correction", actor=user, version=new, payload={"note": new.correction_note, "number": new.number}
            )
    except (ContentError, VersionLocked) as exc:
        raise TransitionRefused(str(exc)) from None
    return new
