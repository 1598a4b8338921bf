"""The year's list of text sections, read from disclosures/data/narrative_sections.toml."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .regions.profiles import region_profile

CATALOG_FILE = Path(__file__).parent / "data" / "narrative_sections.toml"

PART_TITLES = {
    "overview": "第一部分 概况",
    "explanation": "第三部分 情况说明",
    "key_work": "第四部分 重点工作完成情况",
}


@dataclass(frozen=True)
class SectionSpec:
    key: str
    part: str
    title: str
    position: int
    tables: tuple = ()
    required: bool = True  # a report is incomplete while a required section has no text


@cache
def _editions():
    with open(CATALOG_FILE, "rb") as fh:
        raw = tomllib.load(fh)
    editions = []
    for edition in raw["edition"]:
        sections = tuple(
            SectionSpec(
                key=s["key"],
                part=s["part"],
                title=s["title"],
                position=i,
                tables=tuple(s.get("tables", ())),
                required=s.get("required", True),
            )
            for i, s in enumerate(edition["section"], start=1)
        )
        editions.append((edition["from_year"], sections))
    return sorted(editions)


def sections_for_year(year):
    """The sections a report of `year` has, in the official order."""
    chosen = None
    for from_year, sections in _editions():
        if from_year <= year:
            chosen = sections
    if chosen is None:
        raise LookupError(f"no narrative section list covers {year}")
    return chosen


def sections_for_profile(year, profile=None):
    """The sections of a report of `year` whose department's region has `profile`.

    The year's list, with its explanation part (第三部分) replaced by the profile's
    [narrative] sections when it lists them: their numbering and titles, in their order. A
    section the national list also has keeps its tables and whether it is required; one of the
    profile's own is required unless it says `required = false`.
    """
    national = sections_for_year(year)
    listed = (profile.section("narrative", {}) if profile is not None else {}).get("sections")
    if not listed:
        return national
    by_key = {s.key: s for s in national}
    explanation = [
        (
            item["key"],
            item["title"],
            by_key[item["key"]].tables if item["key"] in by_key else (),
            item.get("required", by_key[item["key"]].required if item["key"] in by_key else True),
        )
        for item in listed
    ]
    first = next((i for i, s in enumerate(national) if s.part == "explanation"), len(national))
    rows = [(s.key, s.part, s.title, s.tables, s.required) for s in national[:first]]
    rows += [(key, "explanation", title, tables, required) for key, title, tables, required in explanation]
    rows += [(s.key, s.part, s.title, s.tables, s.required) for s in national[first:] if s.part != "explanation"]
    return tuple(
        SectionSpec(key=key, part=part, title=title, position=i, tables=tables, required=required)
        for i, (key, part, title, tables, required) in enumerate(rows, start=1)
    )


def sections_for_report(report):
    """The sections of `report`, by its department's region profile."""
    return sections_for_profile(report.year, region_profile(region=report.department.region))
