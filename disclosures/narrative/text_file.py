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


_INDENT = re.compile(r"^[ \t\u3000]{1,6}\S")
_LAYOUT_SHARE = 0.3  # of the lines blank, some indented: the text is a PDF's double-spaced layout text


def reflow_layout_text(text):
    """A PDF's text as `pdftotext -layout` gives it, one paragraph a line.

    In that text a paragraph starts with a short indent, its other lines start at the margin
    (or far right, where the layout placed a stray "，" or a line's end) and blank lines come
    between them: "   …收入支出总计 307.82" / "" / "万元。与 2023 年度相比…". A text without
    indented lines (typed, or copied from a web page) is returned as it is.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    filled = [line for line in lines if line.strip()]
    blank = len(lines) - len(filled)
    if not any(_INDENT.match(line) for line in filled) or blank < _LAYOUT_SHARE * len(lines):
        return text or ""
    paragraphs = []
    for line in filled:
        if _INDENT.match(line) or not paragraphs or _PART.match(line):
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += line.strip()
    return "\n".join(paragraphs)


def split_sections(text, *, year, part="explanation", profile=None):
    """{section key: body} for the sections of `part` found in `text`, in the official order.

    profile: the region profile whose [narrative] section list (numbers and titles) the text
    follows; without one, the national list of `year`. A PDF's layout text is reflowed first.
    """
    if part == "explanation":
        from .sections import explanation_sections

        specs = explanation_sections(year=year, profile=profile)
    else:
        specs = [s for s in sections_for_year(year) if s.part == part]
    forms = {form: spec.key for spec in specs for form in _title_forms(spec.title)}
    sections, current, lines = {}, None, []

    def close():
        if current is not None:
            sections[current] = reflow_layout_text("\n".join(lines).strip("\n")).strip()

    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        squeezed = re.sub(r"\s+", "", line)
        key = forms.get(squeezed)
        # a title met again starts its section over: the contents page lists every title first
        if key is not None and key != current:
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
