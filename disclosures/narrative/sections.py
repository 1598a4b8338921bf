"""The explanation's sections (第三部分 情况说明) of a report: the region profile's list when it
has one ([narrative] sections = [{key, title}]), else the national list of the report's year."""

from ..narrative_catalog import sections_for_profile

EXPLANATION = "explanation"


def explanation_sections(*, year, profile=None):
    """[SectionSpec] of the explanation, in the template's order."""
    try:
        return [s for s in sections_for_profile(year, profile) if s.part == EXPLANATION]
    except LookupError:
        return []


def section_titles(*, year, profile=None):
    """{key: title} of the explanation's sections."""
    return {s.key: s.title for s in explanation_sections(year=year, profile=profile)}
