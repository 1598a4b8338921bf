"""The demo report rendered once per test module (inside a transaction rolled back afterwards)."""

import hashlib
import io
import subprocess
from dataclasses import dataclass

import pypdf
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.pdf import engine, fonts
from disclosures.pdf.render import html_pdf_bytes, version_pdf_html
from disclosures.selectors import published_version


@dataclass
class RenderedDemo:
    html: str
    pdf: bytes
    text: str  # pdftotext -layout
    reader: pypdf.PdfReader
    sections: dict  # key -> (title, body)
    labels: list  # every table label shown


class _Rollback(Exception):
    pass


def pdftotext(pdf, *, layout=True):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def rendered_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    # The subset fonts as installed (`make install` builds them; built here when it has not).
    if fonts.build_fonts():
        engine.reset()
    result = {}
    with django_db_blocker.unblock():
        # Only ever the test database (modules using this fixture are marked django_db).
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, name
        try:
            with transaction.atomic():
                call_command("load_demo", stdout=io.StringIO())
                version = published_version(department_code=CAIDIAN_CODE, year=2024)
                html = version_pdf_html(version=version)
                result["html"] = html
                result["sections"] = {s.key: (s.title, s.body) for s in version.sections.all()}
                raise _Rollback
        except _Rollback:
            pass
    pdf = html_pdf_bytes(result["html"])
    path = tmp_path_factory.mktemp("pdf") / "demo.pdf"
    path.write_bytes(pdf)
    return RenderedDemo(
        html=result["html"],
        pdf=pdf,
        text=pdftotext(pdf),
        reader=pypdf.PdfReader(io.BytesIO(pdf)),
        sections=result["sections"],
        labels=[],
    )


def sha256(data):
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored PDFs go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
