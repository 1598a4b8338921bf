"""Last year's totals for charts 1 and 4: last year's published report, else values entered by hand."""

from decimal import Decimal

import pytest

from disclosures.models import NarrativeSection, VersionState
from disclosures.pdf.selectors import prior_year_totals
from disclosures.pdf.services import prior_year_totals_set
from disclosures.services import ContentError, VersionLocked
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return make_department(make_region())


def test_nothing_known(department):
    _, version = make_report(department)
    assert prior_year_totals(version=version) == {"total": None, "fiscal_total": None, "source": ""}


def test_entered_by_hand_in_wan(department):
    _, version = make_report(department)
    prior_year_totals_set(version=version, total="501.35", fiscal_total="500.84")
    assert prior_year_totals(version=version) == {
        "total": Decimal("5013500.00"),
        "fiscal_total": Decimal("5008400.00"),
        "source": "entered",
    }
    stored = NarrativeSection.objects.get(version=version, key="prior_year.total")
    assert stored.body == "501.35"
    # Not one of the report's text parts.
    assert not stored.key.startswith(("overview.", "explanation.", "key_work."))


def test_last_years_published_report_wins(department):
    make_report(department, year=2023, state=VersionState.PUBLISHED)
    _, version = make_report(department, year=2024)
    prior_year_totals_set(version=version, total="1.00")
    totals = prior_year_totals(version=version)
    # tests.factories.GOOD_LINES add up to 68.33 万元, all general-budget money.
    assert totals == {"total": Decimal("683300.00"), "fiscal_total": Decimal("683300.00"), "source": "report"}


def test_bad_values_are_refused_and_nothing_is_written(department):
    _, version = make_report(department)
    with pytest.raises(ContentError) as error:
        prior_year_totals_set(version=version, total="五百", fiscal_total="1.1234567")
    assert "上年度收、支总计（万元）" in str(error.value)
    assert not NarrativeSection.objects.filter(version=version, key__startswith="prior_year.").exists()


def test_a_version_no_longer_editable_is_not_changed(department):
    _, version = make_report(department, state=VersionState.APPROVED)
    with pytest.raises(VersionLocked):
        prior_year_totals_set(version=version, total="1")
