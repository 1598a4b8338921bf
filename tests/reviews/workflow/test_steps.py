"""The accountant's report page shows the five steps with the current one marked, and the days
left before the year's submission deadline (or how far past it)."""

from datetime import date

from disclosures.models import ReportingYear, VersionState
from disclosures.selectors import version_latest
from portal.accounts.models import Role
from reviews.selectors import version_submission_blockers
from reviews.workflow.steps import report_steps
from tests.factories import make_department, make_region, make_report, make_user


def test_steps_and_countdown_follow_the_state_and_the_calendar(db, client):
    department = make_department(make_region())
    report, version = make_report(department, complete=False)
    ReportingYear.objects.create(year=2024, submit_deadline=date(2025, 9, 20), publish_deadline=date(2025, 9, 29))
    steps, countdown = report_steps(version=version, blockers=version_submission_blockers(version=version), today=date(2025, 9, 10))
    assert [(s.label, s.status) for s in steps][:2] == [("填报", "current"), ("自查", "todo")]
    assert countdown.text == "距报送截止（9月20日）还有10天"
    assert report_steps(version=version, blockers=version_submission_blockers(version=version), today=date(2025, 9, 23))[1].text == "已超过报送截止（9月20日）3天"

    submitted, _ = make_report(make_department(department.region), state=VersionState.SUBMITTED)
    v = version_latest(report=submitted)
    steps, countdown = report_steps(version=v, blockers=version_submission_blockers(version=v), today=date(2025, 9, 25))
    assert [s.status for s in steps] == ["done", "done", "done", "current", "todo"]
    assert countdown.text == "距公开截止（9月29日）还有4天"

    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    page = client.get(f"/workspace/reports/{report.pk}/").content.decode()
    assert '<li class="step-current" aria-current="step">填报</li>' in page and "报送截止（9月20日）" in page
