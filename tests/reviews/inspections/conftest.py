"""A region as the real Putuo PDF needs it: 上海市 › 普陀区 (so the Shanghai profile applies) with
the department that published it and two others, its reviewer, and the 2024 code lists."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from disclosures.models import Department, Region
from portal.accounts.models import Role
from tests.factories import make_user

PUTUO = Path(__file__).parents[2] / "fixtures" / "published" / "putuo-shegongbu-2024.pdf"
PUTUO_NAME = "中共上海市普陀区委社会工作部-2024年度部门决算.pdf"


@dataclass
class Putuo:
    region: object
    social: object
    finance: object
    education: object
    reviewer: object


@pytest.fixture
def putuo(db):
    call_command("load_reference_codes", stdout=io.StringIO())
    shanghai = Region.objects.create(code="310000", name="上海市")
    region = Region.objects.create(code="310107", name="普陀区", parent=shanghai)
    social = Department.objects.create(region=region, code="PT-SOCIAL", name="中共上海市普陀区委社会工作部")
    finance = Department.objects.create(region=region, code="PT-FINANCE", name="上海市普陀区财政局")
    education = Department.objects.create(region=region, code="PT-EDU", name="上海市普陀区教育局")
    return Putuo(region, social, finance, education, make_user(Role.REVIEWER, region=region))


def zip_of(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()
