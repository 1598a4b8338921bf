"""The explanation's sections (第三部分 情况说明) of a report: the region profile's list when it
has one ([narrative] sections = [{key, title}]), else the national list of the report's year."""

from ..narrative_catalog import SectionSpec, sections_for_year

EXPLANATION = "explanation"


def explanation_sections(*, year, profile=None):
    """[SectionSpec] of the explanation, in the template's order."""
    listed = (profile.section("narrative", {}) if profile is not None else {}).get("sections")
    if listed:
        return [
            SectionSpec(key=item["key"], part=EXPLANATION, title=item["title"], position=i)
            for i, item in enumerate(listed, start=1)
        ]
    try:
        return [s for s in sections_for_year(year) if s.part == EXPLANATION]
    except LookupError:
        return []


def section_titles(*, year, profile=None):
    """{key: title} of the explanation's sections."""
    return {s.key: s.title for s in explanation_sections(year=year, profile=profile)}
