"""A region as the real Putuo PDF needs it: 上海市 › 普陀区 (so the Shanghai profile applies) with
the department that published it and two others, its reviewer, and the 2024 code lists; an upload
through the page, checked in the background as without a broker (Celery eager), and waited for.

The checks run as without a broker in a deployment: jobs of the process's background thread
(portal.background, EAGER_TASKS_IN_THREAD on here). No test leaves them running: each waits for
them after it (a thread writing to the test database after its teardown would write into the next
test)."""

import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError

from disclosures.models import Department, Region
from portal.accounts.models import Role
from portal.background import background_wait
from reviews.models import InspectedFile, Inspection
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


@pytest.fixture(autouse=True)
def _background_checks_finished(settings):
    settings.EAGER_TASKS_IN_THREAD = True
    yield
    assert background_wait(timeout=600), "background checks still running after the test"


def beside_the_checks(read):
    """`read()` while the background thread may be writing. The tests' in-memory SQLite (shared
    cache) refuses a statement that meets another connection's write (“table is locked”) instead
    of waiting as a SQLite file or PostgreSQL does; the thread retries such errors, and so does this."""
    for _ in range(100):
        try:
            return read()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.05)
    return read()


def upload(client, files, year=2024, wait=True):
    """POST an upload; it returns at once, the files being checked in the background: waited for."""
    response = client.post("/review/inspections/upload/", {"year": year, "files": files})
    if wait:
        assert background_wait(timeout=600)
    return response


@pytest.fixture
def checked(putuo, client):
    """The Putuo PDF uploaded as itself and, inside a ZIP with a note, as another copy."""
    client.force_login(putuo.reviewer)
    pdf = PUTUO.read_bytes()
    archive = zip_of([("2024/社工部公开.pdf", pdf + b"\n% a copy saved again\n"), ("2024/说明.txt", "不是PDF".encode())])
    response = upload(client, [SimpleUploadedFile(PUTUO_NAME, pdf), SimpleUploadedFile("全部.zip", archive)])
    inspection = Inspection.objects.get(region=putuo.region, year=2024)
    assert response.status_code == 302 and response["Location"] == f"/review/inspections/{inspection.pk}/"
    first = InspectedFile.objects.get(inspection=inspection, name=PUTUO_NAME)
    copy = InspectedFile.objects.get(inspection=inspection, name="社工部公开.pdf")
    return inspection, first, copy, response
