"""The deadline reminders (beat, daily): a notice and an e-mail to the accountants of each report
not yet submitted (报送截止) or published (公开截止), on the days NOTICE_DEADLINE_DAYS before it;
never twice for one report, deadline and day."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail

from disclosures.models import ReportingYear, VersionState
from portal.accounts.models import Role
from portal.celery import app
from reviews.models import Notice, NoticeKind
from reviews.notices.services import deadline_notices_send
from reviews.tasks import deadline_notices
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db

SUBMIT, PUBLISH = date(2025, 5, 31), date(2025, 7, 10)


@pytest.fixture
def reports(settings):
    settings.NOTICE_DEADLINE_DAYS = (7, 3, 1)
    ReportingYear.objects.create(year=2024, submit_deadline=SUBMIT, approval_date=date(2025, 6, 20), publish_deadline=PUBLISH)
    region = make_region()
    made = {}
    for state in (VersionState.DRAFT, VersionState.RETURNED, VersionState.SUBMITTED, VersionState.APPROVED, VersionState.PUBLISHED):
        department = make_department(region, name=f"{state}局")
        made[state] = make_report(department, state=state, complete=False)[0]
        accountant = make_user(Role.ACCOUNTANT, departments=[department])
        accountant.email = f"{state}@example.gov.cn"
        accountant.save()
    return made


def _reminded(kind):
    return sorted(n.report.department.name for n in Notice.objects.filter(kind=kind).select_related("report__department"))


def test_reports_not_submitted_are_reminded_of_the_submission_deadline_once_a_day(reports, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_notices_send(today=SUBMIT - timedelta(days=3)) == 2
    assert _reminded(NoticeKind.SUBMIT_DEADLINE) == ["draft局", "returned局"]
    notice = Notice.objects.filter(kind=NoticeKind.SUBMIT_DEADLINE).first()
    assert "距报送截止（2025年5月31日）还有3天" in notice.body and "尚未提交" in notice.body
    assert notice.link == f"/workspace/reports/{notice.report_id}/"
    assert sorted(m.to[0] for m in mail.outbox) == ["draft@example.gov.cn", "returned@example.gov.cn"]
    assert all(m.subject.startswith("【报送截止提醒】") for m in mail.outbox)

    # the beat running again that day: nothing new, no second e-mail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_notices_send(today=SUBMIT - timedelta(days=3)) == 0
    assert Notice.objects.filter(kind=NoticeKind.SUBMIT_DEADLINE).count() == 2 and mail.outbox == []

    # days that are not reminder days tell nobody; the next reminder day does
    assert deadline_notices_send(today=SUBMIT - timedelta(days=2)) == 0
    assert deadline_notices_send(today=SUBMIT - timedelta(days=1)) == 2
    assert Notice.objects.filter(kind=NoticeKind.SUBMIT_DEADLINE).count() == 4


def test_reports_not_published_are_reminded_of_the_publication_deadline(reports):
    assert deadline_notices_send(today=PUBLISH - timedelta(days=7)) == 4
    assert _reminded(NoticeKind.PUBLISH_DEADLINE) == ["approved局", "draft局", "returned局", "submitted局"]
    assert "距公开截止（2025年7月10日）还有7天" in Notice.objects.filter(kind=NoticeKind.PUBLISH_DEADLINE).first().body
    assert not Notice.objects.filter(kind=NoticeKind.SUBMIT_DEADLINE).exists()


def test_the_beat_runs_the_reminders_every_morning(reports):
    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "reviews.deadline_notices")
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert deadline_notices.name == "reviews.deadline_notices"
    deadline_notices.apply()  # today: no deadline of 2024 is near, so no notice
    assert not Notice.objects.exists()
