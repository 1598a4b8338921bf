"""A published disclosure read from its PDF: its parts, the nine tables and the text sections.

`published_read(data=…, profile=…)` is the one entry: the pages (pages.py), the parts (parts.py),
the nine tables rebuilt and read by the workbook reader (tables.py, disclosures.excel.reader), and
the text of 第一部分 概况, 第三部分 情况说明 and 第四部分 重点工作 as stored sections
({key: body}, split by the region profile's section titles, disclosures.narrative.text_file), the
items of 重点工作's table (key_work.py) and the entries of 名词解释 (glossary.py).
Every table, problem and note keeps the page it was printed on.
"""

import re
from dataclasses import dataclass, field

from ..excel.reader import sheets_read
from ..narrative.text_file import split_sections
from ..narrative_catalog import sections_for_year
from ..regions.tables import table_layout
from ..tables.spec import TABLES
from .attachments import project_evaluations
from .glossary import GLOSSARY_TERM, glossary_entries
from .key_work import key_work_items
from .pages import Grid, pdf_pages
from .parts import ATTACHMENTS, CONTENTS, EXPLANATION, GLOSSARY, KEY_WORK, OVERVIEW, TABLES as TABLES_PART, Part, document_parts
from .tables import printed_tables, table_starts
from .text import body_size, left_margin, paragraphs, paragraphs_text, right_edges, running_lines

_YEAR = re.compile(r"(20\d{2})\s*年度")
_DOCUMENT_TITLE = re.compile(r"^.+?\d{4}年度?部门决算")
_CELL = re.compile(r"^[A-Z]+(\d+)$")
KEY_WORK_SUMMARY = "key_work.summary"
TEXT_PARTS = (OVERVIEW, EXPLANATION, KEY_WORK)  # the parts of running text, whose left margin is the text's
NEWEST = 9999  # a year after every section list: sections_for_year gives the newest


@dataclass(frozen=True)
class PageNote:
    """Something said about the document, and the page it concerns (None: the whole document)."""

    page: int | None
    message: str

    def __str__(self):
        return f"第{self.page}页：{self.message}" if self.page else self.message


@dataclass
class PublishedDocument:
    page_count: int
    parts: list  # [parts.Part] in document order
    printed: dict  # {table number: tables.PrintedTable} of the tables found
    tables: dict  # {table number: TableData} of the tables found, amounts in 元
    unit: str
    department_name: str
    year: int | None
    sections: dict = field(default_factory=dict)  # {section key: body}
    section_starts: dict = field(default_factory=dict)  # {section key: [(offset in body, page)]}
    problems: list = field(default_factory=list)  # [PageNote]: what could not be read
    notes: list = field(default_factory=list)  # [PageNote]: how it was read where it could be read more than one way
    evaluations: list = field(default_factory=list)  # the project self-evaluations of 附件, unsaved
    glossary: list = field(default_factory=list)  # [glossary.GlossaryRead] of 名词解释
    key_work: list = field(default_factory=list)  # [key_work.KeyWorkRead]: the items of 重点工作's table

    def part(self, key):
        return next((p for p in self.parts if p.key == key), None)

    def table_pages(self, number):
        table = self.printed.get(number)
        return table.pages if table else []

    def page_of_text(self, section, offset=0):
        """The page a section's text is printed on at `offset`, or None."""
        pages = [page for start, page in self.section_starts.get(section, ()) if start <= offset]
        return pages[-1] if pages else None

    def page_of_source(self, source):
        """The page of a cell the reader names (“公开05表!C22”: the rebuilt sheet's cell), or None."""
        sheet, _, cell = (source or "").partition("!")
        match = _CELL.match(cell)
        table = next((t for t in self.printed.values() if t.sheet == sheet), None)
        if table is None:
            return None
        if match is None:
            return table.pages[0] if table.pages else None
        return table.page_of_row(int(match.group(1)) - 1)


def _year_in(parts):
    for part in parts:
        for line in part.lines:
            match = _YEAR.search(re.sub(r"\s+", "", line.text))
            if match:
                return int(match.group(1))
    return None


def _with_tables_part(parts):
    """The parts, with 第二部分 cut out of the part it is printed in when it has no heading of its
    own: from the first table's title (and the document's title just above it) to that part's end."""
    if any(p.key == TABLES_PART for p in parts):
        return parts
    for n, part in enumerate(parts):
        if part.key == CONTENTS:
            continue
        starts = table_starts(part.items)
        if not starts:
            continue
        at = starts[0]
        page = part.items[at].page
        while at > 0 and not isinstance(part.items[at - 1], Grid) and part.items[at - 1].page == page:
            if not _DOCUMENT_TITLE.match(re.sub(r"\s+", "", part.items[at - 1].text)):
                break
            at -= 1
        before = Part(key=part.key, title=part.title, items=part.items[:at], heading_page=part.heading_page)
        tables = Part(key=TABLES_PART, title=part.items[at].text, items=part.items[at:])
        return parts[:n] + ([before] if before.items or before.heading_page else []) + [tables] + parts[n + 1 :]
    return parts


def _section_year(year):
    """The year whose section list applies: the report's, else (no year, or one before any list)
    the newest list's."""
    try:
        sections_for_year(year or 0)
        return year
    except LookupError:
        return NEWEST


def _text(part, layout):
    """(text, [(offset, page)]) of a part's running text."""
    return paragraphs_text(paragraphs(running_lines(part.lines), **layout))


def _located(found, text, starts):
    """{key: (body, [(offset in body, page)])}: each section's body with the pages it is printed on."""
    located, at = {}, 0
    for key, body in found.items():
        position = text.find(body, at) if body else -1
        if position < 0:
            located[key] = (body, [])
            continue
        at = position + len(body)
        inside = [(offset - position, page) for offset, page in starts if position <= offset < at]
        before = [page for offset, page in starts if offset <= position]
        if not inside or inside[0][0] > 0:
            inside.insert(0, (0, before[-1] if before else (inside[0][1] if inside else None)))
        located[key] = (body, inside)
    return located


def _sections(parts, *, year, profile, edges):
    """{key: (body, [(offset, page)])} of the sections of 概况, 情况说明 and 重点工作."""
    by_key = {p.key: p for p in reversed(parts)}
    text_lines = running_lines([line for key in TEXT_PARTS if key in by_key for line in by_key[key].lines])
    layout = {"edges": edges, "margin": left_margin(text_lines, body_size(text_lines)) if text_lines else None}
    sections = {}
    overview = by_key.get(OVERVIEW)
    if overview is not None:
        text, starts = _text(overview, layout)
        sections.update(_located(split_sections(text, year=year, part=OVERVIEW), text, starts))
    explanation = by_key.get(EXPLANATION)
    if explanation is not None:
        text, starts = _text(explanation, layout)
        sections.update(_located(split_sections(text, year=year, profile=profile), text, starts))
    key_work = by_key.get(KEY_WORK)
    if key_work is not None:
        text, starts = _text(key_work, layout)
        sections[KEY_WORK_SUMMARY] = (text, starts or [(0, key_work.heading_page)])
    return sections


def _note(document, problem):
    """A reader's Problem (sheet, cell, message) as a PageNote on the page of its cell."""
    table = next((t for t in document.printed.values() if t.sheet == problem.sheet), None)
    if table is None:
        return PageNote(None, problem.message)
    page = document.page_of_source(f"{problem.sheet}!{problem.cell}")
    name = f"{TABLES[table.number - 1].code}（{table.title}）"
    return PageNote(page, f"{name}：{problem.message}")


def published_read(*, data, profile=None):
    """The PublishedDocument of a PDF's bytes; pages.PdfError when it cannot be read at all
    (pages.NoTextLayer for a scan)."""
    return published_document(pages=pdf_pages(data), profile=profile)


def published_document(*, pages, profile=None):
    """The PublishedDocument of a PDF's pages (pages.pdf_pages), read by `profile`'s layout."""
    parts = _with_tables_part(document_parts(pages))
    tables_part = next((p for p in parts if p.key == TABLES_PART), None)
    printed, table_notes = printed_tables(tables_part.items if tables_part else [], profile=profile)
    content, problems = sheets_read({t.sheet: t.rows for t in printed.values()}, profile=profile)
    year = content.year or _year_in(parts)
    document = PublishedDocument(
        page_count=len(pages),
        parts=parts,
        printed=printed,
        tables={n: content.tables[n] for n in printed},
        unit=content.unit,
        department_name=content.department_name,
        year=year,
    )
    document.problems = [_note(document, p) for p in problems]
    layout = table_layout(profile)
    document.problems += [
        PageNote(None, f"没有找到{spec.code}（{layout.title(spec.number)}）：PDF中没有标题为“{layout.title(spec.number)}”的表")
        for spec in TABLES
        if spec.number not in printed
    ]
    document.notes = [PageNote(page, message) for page, message in table_notes] + [_note(document, n) for n in content.notes]
    located = _sections(parts, year=_section_year(year), profile=profile, edges=right_edges(pages))
    document.sections = {key: body for key, (body, _) in located.items()}
    document.section_starts = {key: starts for key, (_, starts) in located.items()}
    key_work = document.part(KEY_WORK)
    document.key_work = key_work_items(key_work.items) if key_work is not None else []
    glossary = document.part(GLOSSARY)
    if glossary is not None:
        # the explanations (<dd>) are indented under their terms: their own left edge is the margin
        text_lines = [line for line in running_lines(glossary.lines) if not GLOSSARY_TERM.match(line.text.strip())]
        margin = left_margin(text_lines, body_size(text_lines)) if text_lines else None
        document.glossary = glossary_entries(_text(glossary, {"edges": right_edges(pages), "margin": margin})[0])
    attachments = document.part(ATTACHMENTS)
    document.evaluations = project_evaluations(attachments.items) if attachments is not None else []
    return document
