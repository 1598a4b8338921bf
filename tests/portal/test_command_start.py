"""A management command starts without loading the machinery it does not run (issue #20: a command
starts in at most 0.3 s; bench/command_start.py measures it). A regression here went unseen once:
a receiver connected at django.setup() imported the PDF checks, and every command took twice as long.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Imported by the work itself (reading a workbook or a PDF, rendering, queueing), never by start-up.
HEAVY = (
    "openpyxl",
    "pdfminer",
    "pdfplumber",
    "weasyprint",
    "celery",
    "tomllib",
    "django_tables2",
    "reviews.inspections.checking",
    "reviews.checks",
    "disclosures.views",
    "disclosures.excel.reader",
)


def _imported(*argv):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def _heavy(modules):
    return sorted(name for name in modules if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY))


def test_django_setup_loads_no_heavy_module():
    assert _heavy(_imported("-c", "import django; django.setup()")) == []


@pytest.mark.parametrize(
    "command", ["review_workbook", "import_workbook", "export_workbook", "render_report", "review_pdf", "review_report"]
)
def test_command_help_loads_no_heavy_module(command):
    assert _heavy(_imported("manage.py", command, "--help")) == []


def test_reviewing_a_workbook_imports_no_view():
    """The issue's own case: checking a workbook from the command line needs the reader and the
    checks, not the site (Django's system checks, which import every view, are not run first)."""
    workbook = ROOT / "tests" / "fixtures" / "workbooks" / "caidian-2024.xlsx"
    imported = _imported("manage.py", "review_workbook", str(workbook))
    assert "reviews.rules.engine" in imported  # it did review the workbook
    site = sorted(name for name in imported if name.split(".")[0] in ("disclosures", "reviews", "portal") and (
        ".views" in name or name.endswith(".urls") or name.endswith(".api")))
    assert site == []
    assert not [name for name in imported if name.split(".")[0] in ("weasyprint", "celery")]
