"""The demo's published checklist answers (seed 001's 自查表), and its findings stored."""

import json

from disclosures.demo.loader import CAIDIAN_CODE, SEED_DIR, YEAR
from disclosures.models import ReportVersion, VersionState

from .models import ChecklistAnswer
from .services import checklist_answers_import, checklist_template_load, findings_refresh


def demo_checklist_load():
    """Store seed 001's answers on the demo's published version, once, then the findings of every
    demo version (the loader writes their text and attachments directly). Returns True if loaded."""
    version = (
        ReportVersion.objects.filter(
            report__department__code=CAIDIAN_CODE, report__year=YEAR, state=VersionState.PUBLISHED
        )
        .order_by("-number")
        .first()
    )
    if version is None or ChecklistAnswer.objects.filter(version=version).exists():
        return False
    checklist_template_load(year=YEAR)
    with open(SEED_DIR / "checklist_answers.json", encoding="utf-8") as fh:
        answers = json.load(fh)
    checklist_answers_import(version=version, answers=answers)
    demo_findings_refresh()
    return True


def demo_findings_refresh():
    """Recompute the findings of every version of the demo's year."""
    for version in ReportVersion.objects.filter(report__year=YEAR).select_related("report"):
        findings_refresh(version=version)
