"""The year's list of text sections, read from disclosures/data/narrative_sections.toml."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

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
