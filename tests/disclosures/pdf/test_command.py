"""render_report: a version's PDF without the queue."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from disclosures.models import RenderedDocument, VersionState
from disclosures.services import version_start_correction
from tests.factories import make_department, make_region, make_report

pytestmark = pytest.mark.django_db


def test_by_code_newest_version_by_default(tmp_path):
    department = make_department(make_region(), name="测试区水务局")
    report, _ = make_report(department, state=VersionState.PUBLISHED)
    version_start_correction(report=report, correction_note="更正")
    out = io.StringIO()
    call_command("render_report", "--department", department.code, "--year", "2024", "--out", str(tmp_path / "a.pdf"), stdout=out)
    assert "第2版" in out.getvalue() and "SHA-256" in out.getvalue()
    reader = pypdf.PdfReader(tmp_path / "a.pdf")
    assert "测试区水务局" in reader.pages[0].extract_text()
    assert not RenderedDocument.objects.exists()  # nothing stored, nothing queued


def test_by_name_and_version(tmp_path):
    department = make_department(make_region(), name="测试区林业局")
    report, _ = make_report(department, state=VersionState.PUBLISHED)
    version_start_correction(report=report, correction_note="更正")
    out = io.StringIO()
    call_command(
        "render_report", "--department", "测试区林业局", "--year", "2024", "--version", "1",
        "--out", str(tmp_path / "sub" / "b.pdf"), stdout=out,
    )
    assert "第1版" in out.getvalue()
    assert (tmp_path / "sub" / "b.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("department", "year", "message"),
    [("不存在的部门", 2024, "找不到部门"), ("测试区交通局", 2019, "没有任何版本")],
)
def test_clear_errors(tmp_path, department, year, message):
    make_report(make_department(make_region(), name="测试区交通局"))
    with pytest.raises(CommandError, match=message):
        call_command("render_report", "--department", department, "--year", str(year), "--out", str(tmp_path / "c.pdf"))
    assert not (tmp_path / "c.pdf").exists()
