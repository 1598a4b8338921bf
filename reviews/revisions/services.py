"""Writes of rule-set revisions: keep the state before a change, make the new revision (audited),
re-check the year's reports against it and tell the accountants."""

from django.db import transaction
from django.urls import reverse

from portal.accounts.models import Role, User
from portal.audit.services import audit_record

from ..models import NoticeKind, RuleSetRevision
from ..notices.services import notices_send
from .recheck import revision_recheck_versions
from .selectors import change_line, revision_changes, revision_latest, revision_snapshot, revision_value, year_has_submission
from .tasks import rule_revision_recheck_start

LISTED_CHANGES = 10  # a notice names this many changes, then says how many more


def rule_set_revision_baseline(*, year):
    """Call before an administrator changes the year's rules or checklist: once a report of the
    year was submitted, keep what they are now as revision 1 when the year has none yet. Returns
    the revision made, or None."""
    if not year_has_submission(year=year) or revision_latest(year=year) is not None:
        return None
    snapshot = revision_snapshot(year=year)
    return RuleSetRevision.objects.create(year=year, number=1, rules=snapshot["rules"], checklist=snapshot["checklist"])


def _accountants_of_year(year):
    return User.objects.filter(role=Role.ACCOUNTANT, is_active=True, departments__reports__year=year).distinct().order_by("pk")


def _notice_body(*, revision, changes):
    lines = [f"{revision.year}年度部门决算审核规则已于{revision.created_at:%Y年%m月%d日}修订为第{revision.number}版，共{len(changes)}处变动："]
    lines += [f"- {change_line(c)}" for c in changes[:LISTED_CHANGES]]
    if len(changes) > LISTED_CHANGES:
        lines.append(f"- 另有{len(changes) - LISTED_CHANGES}处变动")
    lines.append("尚未审核通过的报告将按新规则重新审核，请登录部门决算公开平台查看报告的审核结果。")
    return "\n".join(lines)


def rule_set_revise(*, year, user=None):
    """Call after an administrator changed the year's rules or checklist. Once a report of the
    year was submitted and they now differ from the latest revision: a new revision with the
    changes (audited), the year's reports still in the workflow checked again against it in the
    background, and a notice to each accountant of the year's departments with e-mail where they
    have an address. Returns the revision, or None (no submission yet: the change applies in
    place; or nothing changed)."""
    if not year_has_submission(year=year):
        return None
    with transaction.atomic():
        latest = RuleSetRevision.objects.select_for_update().filter(year=year).order_by("-number").first()
        snapshot = revision_snapshot(year=year)
        if latest is None:  # changed where no baseline was kept: what it is now is the first revision
            return RuleSetRevision.objects.create(year=year, number=1, rules=snapshot["rules"], checklist=snapshot["checklist"])
        changes = revision_changes(revision_value(latest), snapshot)
        if not changes:
            return None
        revision = RuleSetRevision.objects.create(
            year=year,
            number=latest.number + 1,
            rules=snapshot["rules"],
            checklist=snapshot["checklist"],
            changes=changes,
            created_by=user,
            recheck_total=revision_recheck_versions(year=year).count(),
        )
        accountants = list(_accountants_of_year(year))
        notices_send(
            users=accountants,
            kind=NoticeKind.RULE_REVISION,
            title=f"{year}年度审核规则已修订（第{revision.number}版）",
            body=_notice_body(revision=revision, changes=changes),
            link=reverse("workspace:index"),
        )
        RuleSetRevision.objects.filter(pk=revision.pk).update(notified=len(accountants))
        revision.notified = len(accountants)
        audit_record(
            action="rule_revision",
            actor=user,
            payload={
                "year": year,
                "number": revision.number,
                "changes": changes,
                "notified": revision.notified,
                "recheck": revision.recheck_total,
            },
        )
        rule_revision_recheck_start(revision=revision)
    revision.refresh_from_db()
    return revision
