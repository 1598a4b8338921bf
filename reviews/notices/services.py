"""Writes of notices: send (with e-mail), the deadline reminders, mark read."""

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from disclosures.models import Report, ReportVersion, VersionState
from portal.accounts.models import Role, User

from ..models import Notice, NoticeKind
from ..selectors import deadlines_for_year
from .tasks import notice_mail_start


def mail_on_commit(*, users, subject, body):
    """E-mail the active users who have an address, each a message of their own, once the
    transaction commits (in the background: portal.background)."""
    recipients = sorted({u.email for u in users if u.email and u.is_active})
    if recipients:
        transaction.on_commit(lambda: notice_mail_start(subject=subject, body=body, recipients=recipients), robust=True)
        # robust: a mail server that is down must not break the request after the commit.
    return recipients


def report_accountants(*, report):
    return User.objects.filter(role=Role.ACCOUNTANT, is_active=True, departments=report.department_id)


def report_link(report):
    return reverse("workspace:report", kwargs={"pk": report.pk})


def notices_send(*, users, kind, title, body, report=None, link="", mail=True):
    """A notice to each active user, and (with `mail`) the same words by e-mail to those with an
    address (subject: “【kind】title”). Call inside the transaction of what it tells; returns the
    notices."""
    users = [u for u in users if u.is_active]
    notices = Notice.objects.bulk_create(
        Notice(user=u, kind=kind, title=title[:200], body=body, report=report, link=link[:255]) for u in users
    )
    if mail:
        mail_on_commit(users=users, subject=f"【{NoticeKind(kind).label}】{title}", body=body)
    return notices


def report_notices_send(*, report, kind, title, body):
    """A notice about a report to its department's accountants, with e-mail."""
    return notices_send(
        users=list(report_accountants(report=report)), kind=kind, title=title, body=body, report=report, link=report_link(report)
    )


def notice_mark_read(*, notice, user):
    """Mark the user's own notice read; a notice of someone else is never touched (LookupError)."""
    if notice.user_id != user.pk:
        raise LookupError("not the user's notice")
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
    return notice


def notices_mark_all_read(*, user):
    """Mark every unread notice of the user read; returns how many."""
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# ---- the deadlines coming up (beat, daily) ------------------------------------------------------

NOT_SUBMITTED = (VersionState.DRAFT, VersionState.RETURNED)


def _reports_due(*, year, kind):
    """The year's reports a deadline reminder is for: not submitted (newest version a draft or
    returned, never published) for 报送截止; not published for 公开截止."""
    reports = Report.objects.filter(year=year, published_version__isnull=True).select_related("department")
    if kind == NoticeKind.SUBMIT_DEADLINE:
        newest = ReportVersion.objects.filter(report_id=OuterRef("pk")).order_by("-number").values("state")[:1]
        reports = reports.annotate(newest_state=Subquery(newest)).filter(newest_state__in=NOT_SUBMITTED)
    return reports.order_by("department__code")


def deadline_notices_send(*, today=None):
    """The reminders of the deadlines coming up: on each day that is NOTICE_DEADLINE_DAYS days
    before a year's 报送截止 (reports not submitted) or 公开截止 (reports not published), a notice
    to each accountant of such a report, with e-mail. At most one per user, report, deadline and
    day, however often it runs. Returns how many notices were created."""
    today = today or timezone.localdate()
    days = set(settings.NOTICE_DEADLINE_DAYS)
    created = 0
    for year in Report.objects.order_by().values_list("year", flat=True).distinct():
        deadlines = deadlines_for_year(year=year)
        for kind, label, day, action in (
            (NoticeKind.SUBMIT_DEADLINE, "报送截止", deadlines.submit, "尚未提交"),
            (NoticeKind.PUBLISH_DEADLINE, "公开截止", deadlines.publish, "尚未公开"),
        ):
            left = (day - today).days
            if left not in days:
                continue
            for report in _reports_due(year=year, kind=kind):
                created += _deadline_notice(report=report, kind=kind, label=label, day=day, left=left, action=action, today=today)
    return created


def _deadline_notice(*, report, kind, label, day, left, action, today):
    key = f"{kind}:{report.pk}:{day.isoformat()}:{today.isoformat()}"
    when = f"{day.year}年{day.month}月{day.day}日"
    title = f"{label}提醒：{report}"
    body = (
        f"距{label}（{when}）还有{left}天" if left else f"今天（{when}）是{label}日"
    ) + f"，{report}{action}。请登录部门决算公开平台处理。"
    with transaction.atomic():
        users = [u for u in report_accountants(report=report) if not Notice.objects.filter(user=u, key=key).exists()]
        if not users:
            return 0
        Notice.objects.bulk_create(
            (Notice(user=u, kind=kind, title=title[:200], body=body, report=report, link=report_link(report), key=key) for u in users),
            ignore_conflicts=True,  # a second beat at the same moment: the constraint keeps one
        )
        mail_on_commit(users=users, subject=f"【{label}提醒】{report}", body=body)
    return len(users)
