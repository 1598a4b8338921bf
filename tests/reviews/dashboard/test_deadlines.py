"""Deadlines: 9月20日 / 9月29日 of the following year unless the year has its own row."""

from datetime import date

import pytest

from disclosures.models import ReportingYear
from reviews.selectors import deadlines_for_year

pytestmark = pytest.mark.django_db


def test_the_defaults_are_september_20_and_29_of_the_following_year():
    deadlines = deadlines_for_year(year=2024)
    assert (deadlines.submit, deadlines.publish, deadlines.configured) == (date(2025, 9, 20), date(2025, 9, 29), False)


def test_a_year_row_overrides_the_defaults_for_that_year_only():
    ReportingYear.objects.create(year=2024, submit_deadline=date(2025, 8, 31), publish_deadline=date(2025, 9, 15))
    deadlines = deadlines_for_year(year=2024)
    assert (deadlines.submit, deadlines.publish, deadlines.configured) == (date(2025, 8, 31), date(2025, 9, 15), True)
    assert deadlines_for_year(year=2023).submit == date(2024, 9, 20)


def test_the_admin_edits_reporting_years(admin_client):
    response = admin_client.post(
        "/admin/disclosures/reportingyear/add/",
        {"year": 2025, "submit_deadline": "2026-09-18", "publish_deadline": "2026-09-28"},
    )
    assert response.status_code == 302
    assert deadlines_for_year(year=2025).publish == date(2026, 9, 28)
