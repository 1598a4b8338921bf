"""PDFs the portal renders, made once per test module inside a transaction rolled back afterwards,
with what the version stored: the nine tables, the text sections and the project self-evaluations."""

import io
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from disclosures.demo.loader import CAIDIAN_CODE
from disclosures.pdf import engine, fonts
from disclosures.pdf.render import html_pdf_bytes, version_pdf_html
from disclosures.regions import region_profile
from disclosures.selectors import published_version, version_attachments, version_tables

TEXT_PARTS = ("overview.", "explanation.", "key_work.")


@dataclass
class Rendered:
    pdfs: dict  # profile name -> PDF bytes
    tables: dict  # {number: TableData} as stored, in 元
    sections: dict  # {key: body} of the text the PDF prints
    evaluations: list = field(default_factory=list)  # [(name, budget, executed, [(level1, level2, level3, target, actual)])]
    glossary: list = field(default_factory=list)  # [(position, term, definition)]
    key_work: list = field(default_factory=list)  # [(position, title, content, status)]


class _Rollback(Exception):
    pass


def stored(version):
    return {
        "tables": version_tables(version=version),
        "sections": {s.key: s.body for s in version.sections.all() if s.key.startswith(TEXT_PARTS)},
        "key_work": [(k.position, k.title, k.content, k.status) for k in version.key_work_items.order_by("position")],
        "glossary": [(g.position, g.term, g.definition) for g in version.glossary_entries.order_by("position")],
        "evaluations": [
            (e.project_name, e.budget, e.executed, [(i.level1, i.level2, i.level3, i.target, i.actual) for i in e.indicators.all()])
            for e in version_attachments(version=version)
        ],
    }


def render_rolled_back(django_db_blocker, make_version, profiles=("湖北省",)):
    """Rendered: `make_version()` run in a transaction rolled back afterwards, its PDF in each profile."""
    if fonts.build_fonts():
        engine.reset()
    result = {}
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, name  # only ever the test database
        try:
            with transaction.atomic():
                version = make_version()
                result.update(stored(version))
                result["html"] = {p: version_pdf_html(version=version, profile=region_profile(name_or_code=p)) for p in profiles}
                raise _Rollback
        except _Rollback:
            pass
    pdfs = {p: html_pdf_bytes(html) for p, html in result.pop("html").items()}
    return Rendered(pdfs=pdfs, **result)


def load_demo():
    call_command("load_demo", stdout=io.StringIO())
    return published_version(department_code=CAIDIAN_CODE, year=2024)


@pytest.fixture(scope="module")
def demo_rendered(django_db_setup, django_db_blocker):
    """Seed 001's report as the demo publishes it, printed in Hubei's and in Shanghai's layout."""
    return render_rolled_back(django_db_blocker, load_demo, profiles=("湖北省", "上海市"))
