import pytest

from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user


@pytest.fixture
def world(db):
    """A department's consistent 2024 report (tests.factories.make_report), its accountant, a
    reviewer of its region, and people who must not see it."""
    region, other_region = make_region(), make_region("汉阳区")
    department, other_department = make_department(region), make_department(region)
    report, version = make_report(department, complete=False)
    return {
        "report": report,
        "version": version,
        "accountant": make_user(Role.ACCOUNTANT, departments=[department]),
        "other_accountant": make_user(Role.ACCOUNTANT, departments=[other_department]),
        "reviewer": make_user(Role.REVIEWER, region=region),
        "other_reviewer": make_user(Role.REVIEWER, region=other_region),
    }


@pytest.fixture
def editor(client, world):
    client.force_login(world["accountant"])
    return client
