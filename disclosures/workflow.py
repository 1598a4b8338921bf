"""The review workflow: submit, return, approve, publish, correct. Keyword-only, one transaction each.

Every transition locks the version row (select_for_update), checks its state (and the
state/revision the caller's form was loaded with), then changes it. A refused transition
raises TransitionRefused with a Chinese message and writes nothing. E-mails are sent when
the transaction commits.
"""

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal.audit.services import audit_record
from portal.textpolicy import NOTE_LIMIT, text_problem

from .models import ReportVersion, VersionState
from .services import ContentError, VersionLocked, public_cache_bump, version_start_correction

STATE_LABELS = dict(VersionState.choices)


class TransitionRefused(Exception):
    """The transition is not allowed now; nothing was written. The message is for the user."""

    def __init__(self, message, *, problems=()):
        self.problems = list(problems)
        super().__init__(message)


def _in_scope(*, user, version=None, report=None):
    from .selectors import departments_for_user

    report = report or version.report
    return departments_for_user(user=user).filter(pk=report.department_id).exists()


def _lock(*, version, allowed, expected_state=None, expected_revision=None):
    locked = ReportVersion.objects.select_for_update().select_related("report__department").get(pk=version.pk)
    if expected_state and locked.state != expected_state:
        raise TransitionRefused(
            f"报告状态已变为“{locked.get_state_display()}”（您打开页面时为“{STATE_LABELS.get(expected_state, expected_state)}”），"
            "可能已有他人处理，本次操作未执行，请刷新页面。"
        )
    if expected_revision is not None and locked.revision != int(expected_revision):
        raise TransitionRefused("报告在您打开页面后已被修改，本次操作未执行，请刷新页面后重新核对。")
    if locked.state not in allowed:
        raise TransitionRefused(f"第{locked.number}版处于“{locked.get_state_display()}”状态，不能执行此操作。")
    return locked


def _move(locked, state, **stamps):
    ReportVersion.objects.filter(pk=locked.pk).update(
        state=state, revision=F("revision") + 1, updated_at=timezone.now(), **stamps
    )
    before = locked.state
    locked.refresh_from_db()
    return before


def _mail_on_commit(*, users, subject, body):
    recipients = sorted({u.email for u in users if u.email and u.is_active})
    if recipients:
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients), robust=True)
        # robust: a mail server that is down must not break the request after the commit.


def _accountants(version):
    from portal.accounts.models import Role, User

    return User.objects.filter(role=Role.ACCOUNTANT, is_active=True, departments=version.report.department_id)


def _reviewers(version):
    from portal.accounts.models import Role, User

    return [u for u in User.objects.filter(role=Role.REVIEWER, is_active=True) if _in_scope(user=u, version=version)]


def return_count(*, version):
    """How many times this version was returned."""
    from reviews.models import DecisionAction, ReviewDecision

    return ReviewDecision.objects.filter(version=version, action=DecisionAction.RETURN).count()


def report_submit(*, version, user, expected_revision=None):
    """The accountant submits a draft or returned version; refused while anything blocks it."""
    from reviews.selectors import checklist_for_version, version_submission_blockers

    if not (user.is_accountant and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有本部门的填报人可以提交报告。")
    with transaction.atomic():
        locked = _lock(
            version=version,
            allowed=(VersionState.DRAFT, VersionState.RETURNED),
            expected_revision=expected_revision,
        )
        problems = list(version_submission_blockers(version=locked).messages)
        unanswered = [row.item.no for row in checklist_for_version(version=locked) if not row.auto and not row.answer]
        if unanswered:
            problems.append(f"自查表第{'、'.join(str(n) for n in unanswered)}项尚未回答")
        if problems:
            raise TransitionRefused("报告暂不能提交：" + "；".join(problems) + "。", problems=problems)
        before = _move(locked, VersionState.SUBMITTED, submitted_at=locked.submitted_at or timezone.now())
        audit_record(action="submit", actor=user, version=locked, payload={"from": before, "to": locked.state})
        _mail_on_commit(
            users=_reviewers(locked),
            subject=f"【待审核】{locked.report}",
            body=f"{user}已提交{locked}，请登录门户审核。",
        )
    return locked


def _parse_cell(ref):
    parts = [p.strip() for p in str(ref).split(":")]
    if len(parts) != 3 or not all(parts) or not parts[0].isdigit() or not 1 <= int(parts[0]) <= 9:
        raise TransitionRefused(f"单元格“{ref}”的格式应为“表号:行:列”，如 1:1:final，表号为1至9。")
    return ":".join(parts)


def review_return(
    *, version, user, reason, findings=(), checklist_items=(), cells=(), expected_state=None, expected_revision=None
):
    """The reviewer returns a submitted version to the accountant, with reasons."""
    from reviews.models import ChecklistItem, DecisionAction, Finding, ReasonKind, ReturnReason, ReviewDecision

    if not (user.is_reviewer and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有负责本部门的审核人可以退回报告。")
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("退回必须填写理由。")
    problem = text_problem(reason, multiline=True, max_length=NOTE_LIMIT, label="退回理由")
    if problem:
        raise TransitionRefused(problem + "。")
    cells = [_parse_cell(c) for c in cells if str(c).strip()]
    with transaction.atomic():
        locked = _lock(
            version=version,
            allowed=(VersionState.SUBMITTED,),
            expected_state=expected_state,
            expected_revision=expected_revision,
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
        reasons = [ReturnReason(decision=decision, kind=ReasonKind.TEXT, text=reason)]
        reasons += [ReturnReason(decision=decision, kind=ReasonKind.FINDING, finding=f, text=f"{f.rule_code}：{f.message}") for f in found]
        reasons += [ReturnReason(decision=decision, kind=ReasonKind.CHECKLIST, checklist_item=i, text=i.text) for i in items]
        reasons += [ReturnReason(decision=decision, kind=ReasonKind.CELL, cell=c) for c in cells]
        ReturnReason.objects.bulk_create(reasons)
        before = _move(locked, VersionState.RETURNED)
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
        _mail_on_commit(
            users=_accountants(locked),
            subject=f"【退回】{locked.report}",
            body=f"{user}退回了{locked}（第{count}次退回）。理由：{reason}",
        )
    return locked


def review_approve(*, version, user, publish_on=None, expected_state=None, expected_revision=None):
    """The reviewer approves a submitted version; the PDF is requested and publication follows
    once it exists: at once, or on `publish_on`."""
    from reviews.models import DecisionAction, ReviewDecision

    from .pdf.services import document_request

    if not (user.is_reviewer and _in_scope(user=user, version=version)):
        raise TransitionRefused("只有负责本部门的审核人可以审核通过报告。")
    with transaction.atomic():
        locked = _lock(
            version=version,
            allowed=(VersionState.SUBMITTED,),
            expected_state=expected_state,
            expected_revision=expected_revision,
        )
        ReviewDecision.objects.create(version=locked, action=DecisionAction.APPROVE, reviewer=user, publish_on=publish_on)
        before = _move(locked, VersionState.APPROVED, approved_at=timezone.now())
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
        _mail_on_commit(
            users=_accountants(locked), subject=f"【审核通过】{locked.report}", body=f"{user}已审核通过{locked}，{when}。"
        )
    return locked


def _publish_on(version):
    from reviews.models import DecisionAction, ReviewDecision

    decision = ReviewDecision.objects.filter(version=version, action=DecisionAction.APPROVE).order_by("-pk").first()
    return decision.publish_on if decision else None


def report_publish(*, version, today=None):
    """Publish an approved version whose PDF is done and whose date (if any) has come.

    Idempotent: returns True only when this call published it; otherwise nothing changes.
    """
    from .models import DocumentStatus, RenderedDocument

    today = today or timezone.localdate()
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().select_related("report__department").get(pk=version.pk)
        if locked.state != VersionState.APPROVED:
            return False
        done = RenderedDocument.objects.filter(
            version=locked, kind=RenderedDocument.Kind.PDF, status=DocumentStatus.DONE
        ).exists()
        publish_on = _publish_on(locked)
        if not done or (publish_on and publish_on > today):
            return False
        before = _move(locked, VersionState.PUBLISHED, published_at=timezone.now())
        audit_record(action="publish", actor=None, version=locked, payload={"from": before, "to": locked.state})
        transaction.on_commit(public_cache_bump, robust=True)
        _mail_on_commit(
            users=_accountants(locked), subject=f"【已公开】{locked.report}", body=f"{locked}已在门户公开：{locked.get_absolute_url()}"
        )
    return True


def publish_due(*, today=None):
    """Publish every approved version that is due; returns how many were published."""
    return sum(
        report_publish(version=v, today=today) for v in ReportVersion.objects.filter(state=VersionState.APPROVED)
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
