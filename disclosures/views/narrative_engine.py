"""What the 说明 editor needs from the text engine (disclosures/narrative, services, selectors),
in the shape its pages use: a section's body and revision, its draft, saving it, and the text
findings of each section with the span each points at."""

from dataclasses import dataclass

from ..models import NarrativeSection
from ..narrative.findings import is_text_cell
from ..providers import provided
from ..selectors import version_narrative_draft
from ..services import version_sections_save


@dataclass(frozen=True)
class TextFinding:
    """A stored text finding at one place of one section (a finding with several places gives several)."""

    finding: object  # a stored finding (disclosures.providers "findings")
    section: str
    span: tuple  # (start, end) into the section's body as it is now; () when the text is gone
    text: str  # what the finding says is written there
    stored: tuple  # (start, end) as stored in the finding

    @property
    def pk(self):
        return self.finding.pk

    @property
    def anchor(self):
        """The id Finding.anchors() gives this place, so the findings list links to the highlight."""
        return f"t0-{self.section}-{self.stored[0]}-{self.stored[1]}"


def section_body(*, version, key):
    section = NarrativeSection.objects.filter(version=version, key=key).only("body").first()
    return section.body if section else ""


def section_revision(*, version):
    """Text is saved against the version's revision, like the tables (one counter for the version)."""
    return version.revision


def save_sections(*, version, sections, user, expected_revision):
    """{key: body} stored, revision checked, findings refreshed (disclosures.services.version_sections_save)."""
    return version_sections_save(version=version, sections=sections, user=user, expected_revision=expected_revision)


def save(*, version, key, body, user, expected_revision):
    return save_sections(version=version, sections={key: body}, user=user, expected_revision=expected_revision)


def draft(*, version, key):
    """The drafted text of one section ("" for a section the engine does not draft)."""
    return version_narrative_draft(version=version).get(key, "")


def _locate(body, start, end, text):
    """The span the finding means in `body`: as stored, or `text` searched for nearest `start`
    when the body no longer has it there (None when it is gone)."""
    if 0 <= start < end <= len(body) and (not text or body[start:end] == text):
        return start, end
    if not text:
        return None
    places = []
    at = body.find(text)
    while at != -1:
        places.append(at)
        at = body.find(text, at + 1)
    if not places:
        return None
    nearest = min(places, key=lambda p: abs(p - start))
    return nearest, nearest + len(text)


def text_findings(*, version):
    """{section key: [TextFinding]} of the version's stored findings that point into the text,
    each list in the order of the text."""
    bodies = dict(NarrativeSection.objects.filter(version=version).values_list("key", "body"))
    by_section = {}
    for finding in provided("findings", version=version):
        for cell in finding.cells or ():
            if not is_text_cell(cell):
                continue
            section = cell["section"]
            start, end = int(cell.get("start", 0)), int(cell.get("end", 0))
            span = _locate(bodies.get(section, ""), start, end, cell.get("text", ""))
            by_section.setdefault(section, []).append(
                TextFinding(finding=finding, section=section, span=span or (), text=cell.get("text", ""), stored=(start, end))
            )
    for items in by_section.values():
        items.sort(key=lambda t: (t.span or (10**9,), t.finding.position))
    return by_section
