"""A published text split into its sections by the titles of the year's section list.

The text is plain text as in the published document: a line that is a section's title
("二、收入决算情况说明", or the body's variant "十、机关运行经费支出情况") starts that section;
a part heading ("第四部分 …") ends the last one. Lines before the first title are ignored.
"""

import re

from ..narrative_catalog import sections_for_year

_PART = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
_VARIANT_ENDINGS = ("情况说明", "说明", "情况")


def _title_forms(title):
    """The title as the contents writes it and as the body may: 支出说明 / 支出情况 / 情况说明."""
    forms = {title}
    for ending in _VARIANT_ENDINGS:
        if title.endswith(ending):
            stem = title[: -len(ending)]
            forms.update(stem + e for e in _VARIANT_ENDINGS)
            forms.add(stem)
    return {re.sub(r"\s+", "", form) for form in forms}


def split_sections(text, *, year, part="explanation"):
    """{section key: body} for the sections of `part` found in `text`, in the official order."""
    specs = [s for s in sections_for_year(year) if s.part == part]
    forms = {form: spec.key for spec in specs for form in _title_forms(spec.title)}
    sections, current, lines = {}, None, []

    def close():
        if current is not None:
            sections[current] = "\n".join(lines).strip()

    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        squeezed = re.sub(r"\s+", "", line)
        key = forms.get(squeezed)
        if key is not None and key not in sections and key != current:
            close()
            current, lines = key, []
            continue
        if _PART.match(line) and current is not None:
            close()
            current, lines = None, []
            continue
        if current is not None:
            lines.append(line.rstrip())
    close()
    return sections
