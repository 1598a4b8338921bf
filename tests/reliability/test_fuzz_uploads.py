"""A few hundred fuzzed uploads through the upload page: no server error, never half a write.

The same check as bench/fuzz_uploads.py (which posts 10,000 to a gunicorn server), here
through Django's test client, i.e. the whole URL, middleware and view stack, against the
test database (PostgreSQL in CI). A fixed seed: every run posts the same uploads.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portal.accounts.models import Role
from tests.factories import SAMPLE_DEPARTMENT, make_department, make_region, make_report, make_user

from .uploads import XLSX, fuzz

pytestmark = pytest.mark.django_db
EXAMPLES = 150


def test_fuzzed_uploads_never_fail_the_server_nor_write_half(client):
    call_command("load_reference_codes", stdout=io.StringIO())
    department = make_department(make_region(), name=SAMPLE_DEPARTMENT)
    report, version = make_report(department)
    client.force_login(make_user(Role.ACCOUNTANT, departments=[department]))
    url = f"/workspace/reports/{report.pk}/upload/"

    def post(data, filename):
        response = client.post(url, {"file": SimpleUploadedFile(filename, data, content_type=XLSX)})
        return response.status_code, response.content

    result = fuzz(post=post, version_pk=version.pk, year=2024, count=EXAMPLES, seed_value=0)

    assert [(outcome, description, detail) for outcome, description, _, _, detail in result.failures] == []
    assert result.examples == EXAMPLES
    # Both verdicts occur, so both checks (nothing written / exactly the reader's values) ran.
    assert result.outcomes["accepted"] >= 5 and result.outcomes["rejected"] >= 5
