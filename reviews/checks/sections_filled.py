"""Every required section of the year's section list (disclosures/data/narrative_sections.toml) has text."""

from disclosures.narrative_catalog import PART_TITLES

from ..models import Part
from .finding import ERROR, CheckFinding
from .registry import check


@check(code_prefix="C-SECTION", part=Part.COMPLETENESS)
def sections_filled(context):
    return [
        CheckFinding(
            rule="C-SECTION",
            severity=ERROR,
            message=f"{PART_TITLES.get(spec.part, '')}“{spec.title}”尚未填写。",
            section=spec.key,
        )
        for spec in context.section_specs
        if spec.required and not (context.sections.get(spec.key) or "").strip()
    ]
