"""No placeholder is left in the text: the marks listed in placeholders.toml, each found at its place."""

import re
import tomllib
from functools import cache
from pathlib import Path

from disclosures.narrative.findings import Place
from disclosures.narrative.reader import sentence_number

from ..models import Part
from .finding import ERROR, CheckFinding
from .registry import check

DATA_FILE = Path(__file__).with_name("placeholders.toml")


@cache
def placeholder_marks():
    """[(name, compiled pattern)] from placeholders.toml."""
    with open(DATA_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    return tuple((entry["name"], re.compile(entry["pattern"])) for entry in raw["placeholder"])


def placeholder_places(key, title, body):
    """[Place] of every mark in one section's body, in the order of the text."""
    places = []
    for _, pattern in placeholder_marks():
        for match in pattern.finditer(body):
            start, end = match.span()
            places.append(Place(section=key, title=title, start=start, end=end, text=body[start:end], sentence=sentence_number(body, start)))
    places.sort(key=lambda p: p.start)
    kept, at = [], -1
    for place in places:  # marks that overlap (（由填报单位填写） inside a longer one) count once
        if place.start >= at:
            kept.append(place)
            at = place.end
    return kept


@check(code_prefix="C-PLACEHOLDER", part=Part.COMPLETENESS, published=True)
def placeholders_left(context):
    result = []
    for spec in context.section_specs:
        places = placeholder_places(spec.key, spec.title, context.sections.get(spec.key) or "")
        if not places:
            continue
        marks = "、".join(dict.fromkeys(f"“{p.text}”" for p in places))
        result.append(
            CheckFinding(
                rule="C-PLACEHOLDER",
                severity=ERROR,
                message=f"“{spec.title}”仍有{len(places)}处占位文字{marks}，请改为实际内容。",
                cells=[p.cell() for p in places],
                section=spec.key,
                key=marks,
            )
        )
    return result
