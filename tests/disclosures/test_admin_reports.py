"""The admin creates reports through the same service as everywhere else, and cannot move a
version through the workflow: state, revision and timestamps are read-only, and there is no
admin page or action that publishes, approves or returns."""

import pytest

from disclosures.models import NarrativeSection, Report, ReportVersion, VersionState
from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user

pytestmark = pytest.mark.django_db


def test_a_report_created_in_the_admin_has_its_first_version_and_the_accountant_can_work_on_it(client):
    department = make_department(make_region())
    client.force_login(make_user(Role.ADMIN))
    response = client.post("/admin/disclosures/report/add/", {
        "department": department.pk, "year": 2024,
        "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0, "versions-MIN_NUM_FORMS": 0, "versions-MAX_NUM_FORMS": 1000,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get(department=department, year=2024)
    version = report.versions.get()
    assert (version.number, version.state) == (1, VersionState.DRAFT)
    assert NarrativeSection.objects.filter(version=version).exists()  # the year's sections, as report_create makes them

    accountant = make_user(Role.ACCOUNTANT, departments=[department])
    client.force_login(accountant)
    for url in (f"/workspace/reports/{report.pk}/", f"/workspace/reports/{report.pk}/tables/1/", f"/workspace/reports/{report.pk}/checks/"):
        assert client.get(url).status_code == 200, url


def _change_form(version):
    return {
        "report": version.report_id, "number": version.number, "state": VersionState.PUBLISHED, "revision": 99,
        "entry_unit": version.entry_unit, "correction_note": "管理员改的", "source_filename": "x.xlsx",
        "published_at_0": "2025-01-01", "published_at_1": "00:00:00", "approved_at_0": "2025-01-01", "approved_at_1": "00:00:00",
        **{f"{prefix}-{k}": v for prefix in ("sections", "key_work_items", "glossary_entries")
           for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()},
    }


def test_a_post_to_the_version_change_form_cannot_change_its_state_revision_or_dates(client):
    _, version = make_report(make_department(make_region()), state=VersionState.SUBMITTED)
    before = ReportVersion.objects.filter(pk=version.pk).values().get()
    client.force_login(make_user(Role.ADMIN))
    url = f"/admin/disclosures/reportversion/{version.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="state"' not in page and 'name="revision"' not in page and 'name="published_at_0"' not in page
    client.post(url, _change_form(version))
    after = ReportVersion.objects.filter(pk=version.pk).values().get()
    for field in ("state", "revision", "submitted_at", "approved_at", "published_at", "created_at", "updated_at", "correction_note"):
        assert after[field] == before[field], field


def test_no_admin_page_or_action_adds_deletes_or_moves_a_version(client):
    _, version = make_report(make_department(make_region()), state=VersionState.SUBMITTED)
    client.force_login(make_user(Role.ADMIN))
    assert client.get("/admin/disclosures/reportversion/add/").status_code == 403
    assert client.get(f"/admin/disclosures/reportversion/{version.pk}/delete/").status_code == 403
    changelist = client.get("/admin/disclosures/reportversion/").content.decode()
    assert 'name="action"' not in changelist  # no bulk action (delete or any other) on versions
    response = client.post("/admin/disclosures/reportversion/", {"action": "delete_selected", "_selected_action": [version.pk]})
    assert ReportVersion.objects.filter(pk=version.pk, state=VersionState.SUBMITTED).exists()
    assert response.status_code in (200, 302)
