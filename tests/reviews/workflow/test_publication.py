"""Publication keeps each report's pointer to its newest published version, which the public
listings follow: right after the first publication, during a correction and after it."""

import pytest

from disclosures.models import DocumentStatus, RenderedDocument, Report, VersionState
from portal.accounts.models import Role
from reviews.workflow import report_publish, report_start_correction, report_submit, review_approve
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


def _publish(version, reviewer):
    """Approve and publish as the workflow does; the PDF is marked done instead of rendered."""
    review_approve(version=version, user=reviewer)  # its render is queued on commit, which never comes here
    RenderedDocument.objects.filter(version=version, kind=RenderedDocument.Kind.PDF).update(status=DocumentStatus.DONE)
    assert report_publish(version=version) is True


def _listed(client, department):
    """The versions of the department's report the public listings show: home page and API."""
    home = client.get("/").content.decode()
    api = client.get("/api/v1/reports/", {"department": department.code}).json()
    return home.count(f"/reports/{department.code}/2024/"), [r["current_version"] for r in api["results"]]


def test_the_pointer_follows_publication_and_correction(client):
    region = make_region()
    department = make_department(region, name="戊区民政局")
    report, v1 = make_report(department, state=VersionState.SUBMITTED)
    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    reviewer = make_user(Role.REVIEWER, region=region)
    assert Report.objects.get(pk=report.pk).published_version is None
    assert _listed(client, department) == (0, [])

    _publish(v1, reviewer)
    assert Report.objects.get(pk=report.pk).published_version == v1
    assert _listed(client, department)[1] == [1]

    v2 = report_start_correction(report=report, user=accountant, correction_note="更正科目名称")
    assert Report.objects.get(pk=report.pk).published_version == v1  # a draft changes nothing public
    assert _listed(client, department)[1] == [1]

    report_submit(version=v2, user=accountant)
    _publish(v2, reviewer)
    assert Report.objects.get(pk=report.pk).published_version == v2
    count, versions = _listed(client, department)
    assert versions == [2] and count >= 1
    assert client.get("/api/v1/reports/", {"department": department.code}).json()["count"] == 1
