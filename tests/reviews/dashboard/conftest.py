import pytest

from disclosures.models import VersionState
from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user


@pytest.fixture
def world(db):
    """Two regions; 蔡甸 has a 主管部门 with a unit, a department without a report, and one
    in each other state; 汉南 has one department with an accountant of its own."""
    caidian = make_region("蔡甸区")
    hannan = make_region("汉南区")
    parent = make_department(caidian, "甲局")
    departments = {
        "parent": parent,
        "unit": make_department(caidian, "甲局下属中心", parent=parent),
        "empty": make_department(caidian, "乙局"),
        "submitted": make_department(caidian, "丙局"),
        "far": make_department(hannan, "汉南某局"),
    }
    reports = {
        "parent": make_report(parent)[1],
        "unit": make_report(departments["unit"], state=VersionState.PUBLISHED)[1],
        "submitted": make_report(departments["submitted"], state=VersionState.SUBMITTED)[1],
        "far": make_report(departments["far"], state=VersionState.SUBMITTED)[1],
    }
    users = {
        "reviewer": make_user(Role.REVIEWER, region=caidian),
        "far_reviewer": make_user(Role.REVIEWER, region=hannan),
        "accountant": make_user(Role.ACCOUNTANT, departments=[parent]),
    }
    return departments, reports, users
