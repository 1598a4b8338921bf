"""A PDF's pages as text lines and ruled tables, with positions (pdfplumber).

Each page gives its lines of text outside tables (with the font size and the gaps that split a
line into columns) and its tables as grids of cell texts, a cell covered by a merged cell being
None, as a worksheet read by openpyxl gives it. The running header and footer (the department's
name over every page, “第 3 页 共 29 页”) are left out. Coordinates are pdfplumber's: points from
the page's top left, landscape and rotated pages already turned the way they are read.
"""

import re
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .text import wrap_space, writes_spaced

MAX_PAGES = 500  # a disclosure has 20–60 pages; far more is not one
MIN_TEXT_CHARS = 40  # fewer visible characters in the whole file: it has no text layer
COLUMN_GAP = 1.6  # × the font size: a wider gap between two characters separates columns of a line
RULE_TOLERANCE = 0.5  # points: a ruling line whose ends differ less than this is straight
EDGE_TOLERANCE = 2.0  # points: cell edges closer than this are one column edge
RUNNING_SHARE = 0.2  # of the page's height: where a running header or footer may be
_PAGE_NUMBER = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|[-—–]?\s*\d+\s*[-—–]?|\d+\s*/\s*\d+)$")
_DIGITS = re.compile(r"\d+")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})(\d{2})")


class PdfError(ValueError):
    """The file cannot be read as a PDF; the message says why, in Chinese."""


class NoTextLayer(PdfError):
    """A scanned PDF: its pages are images, there is no text to read."""


NOT_A_PDF = "不是PDF文件，或文件已损坏，无法读取"
ENCRYPTED = "PDF文件已加密，无法读取；请提供未加密的文件"
NO_TEXT = "PDF中没有可读取的文字（空白页面），不是一份部门决算公开文件"
SCANNED = (
    "这是扫描件：PDF中没有文字层（页面是图片），无法读取表格和文字。"
    "请提供带文字层的PDF（由Word、WPS或本平台直接导出），或先用文字识别（OCR）生成文字层后再检查。"
)


@dataclass
class Line:
    """One line of text: its characters left to right, split into columns where the gap is wide."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    font: str
    columns: list  # [(text, x0, x1)]
    glyphs: list = field(default_factory=list, repr=False)  # [(character, x0, x1)] of its visible characters

    @property
    def text(self):
        return " ".join(text for text, _, _ in self.columns)


@dataclass
class Grid:
    """A ruled table on one page: rows of cell texts ("" blank, None under a merged cell)."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list
    cell_boxes: list = field(default_factory=list)  # per row, each cell's (x0, top, x1, bottom) or None

    @property
    def column_edges(self):
        """The x of every column's left edge, and the grid's right edge."""
        edges = []
        for x in sorted(box[0] for row in self.cell_boxes for box in row if box is not None):
            if not edges or x - edges[-1] > EDGE_TOLERANCE:
                edges.append(x)
        return edges + [self.x1]


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    has_images: bool = False

    @property
    def landscape(self):
        return self.width > self.height

    @property
    def items(self):
        """Lines and grids in reading order (top to bottom)."""
        return sorted(self.lines + self.grids, key=lambda item: (item.top, item.x0))


def _visible(chars):
    return [c for c in chars if c["text"].strip()]


def _join_lines(lines):
    """A cell's lines as one text: a line break inside a cell is only where the text wrapped; the
    space it took is put back as in running text (text.wrap_space)."""
    parts = [line.strip() for line in lines if line.strip()]
    spaced = len(parts) > 1 and writes_spaced(parts)
    text = ""
    for part in parts:
        text += wrap_space(text[-1:], part[:1], spaced=spaced) + part
    return text


def _line_groups(chars):
    """Characters grouped into lines (sorted by top, then left to right)."""
    groups = []
    for char in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        size = max(char["size"], 1.0)
        if groups and abs(groups[-1][0]["top"] - char["top"]) <= 0.4 * size:
            groups[-1].append(char)
        else:
            groups.append([char])
    lines = []
    for group in groups:
        group.sort(key=lambda c: c["x0"])
        lines.append(group)
    # a line that started a little lower than a taller neighbour is merged above; sort by top again
    return sorted(lines, key=lambda g: min(c["top"] for c in g))


def _columns(chars):
    """[(text, x0, x1)]: a line's characters, split where two visible characters stand far apart."""
    columns, current, last = [], [], None
    for char in chars:
        if char["text"].strip() and last is not None and last["text"].strip():
            gap = char["x0"] - last["x1"]
            if gap > COLUMN_GAP * max(char["size"], last["size"]):
                columns.append(current)
                current = []
        current.append(char)
        last = char
    if current:
        columns.append(current)
    result = []
    for column in columns:
        text = re.sub(r"\s+", " ", "".join(c["text"] for c in column)).strip()
        visible = _visible(column)
        if text and visible:
            result.append((text, visible[0]["x0"], visible[-1]["x1"]))
    return result


def _text_lines(number, chars):
    lines = []
    for group in _line_groups(chars):
        visible = _visible(group)
        if not visible:
            continue
        sizes = Counter(round(c["size"], 1) for c in visible)
        fonts = Counter(c.get("fontname", "") for c in visible)
        columns = _columns(group)
        if not columns:
            continue
        lines.append(
            Line(
                page=number,
                top=min(c["top"] for c in visible),
                bottom=max(c["bottom"] for c in visible),
                x0=visible[0]["x0"],
                x1=visible[-1]["x1"],
                size=sizes.most_common(1)[0][0],
                font=fonts.most_common(1)[0][0].split("+")[-1],
                columns=columns,
                glyphs=[(c["text"], c["x0"], c["x1"]) for c in visible],
            )
        )
    return lines


def _cell_text(chars):
    return _join_lines("".join(c["text"] for c in group) for group in _line_groups(chars))


def _grid(number, table, chars):
    """The table's rows of cell texts; the characters it holds are taken out of `chars`."""
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    by_middle = sorted(inside, key=lambda c: (c["top"] + c["bottom"]) / 2)
    middles = [(c["top"] + c["bottom"]) / 2 for c in by_middle]
    rows, boxes = [], []
    for row in table.rows:
        values = []
        boxes.append(list(row.cells))
        for cell in row.cells:
            if cell is None:
                values.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            band = by_middle[bisect_left(middles, ctop) : bisect_right(middles, cbottom)]
            values.append(_cell_text([c for c in band if cx0 <= (c["x0"] + c["x1"]) / 2 <= cx1]))
        rows.append(values)
    return Grid(page=number, top=top, bottom=bottom, x0=x0, x1=x1, rows=rows, cell_boxes=boxes), inside


def _ruled_tables(page):
    """pdfplumber's tables of the page, found from its ruling lines.

    On a page turned by /Rotate (a landscape table on a portrait sheet) pdfplumber places the
    lines right but may call a horizontal line vertical (its ends differ by a rounding error after
    the turn): the lines are then told apart here, by their geometry, and given explicitly."""
    if page.rotation % 180 == 0:
        return page.find_tables()
    ruling = {"h": [], "v": []}
    for edge in page.edges:
        edge = dict(edge)
        if abs(edge["top"] - edge["bottom"]) < RULE_TOLERANCE and edge["x1"] - edge["x0"] >= 1:
            edge["orientation"], edge["bottom"] = "h", edge["top"]
        elif abs(edge["x1"] - edge["x0"]) < RULE_TOLERANCE and edge["bottom"] - edge["top"] >= 1:
            edge["orientation"], edge["x1"] = "v", edge["x0"]
        else:
            continue
        edge["object_type"] = "line_edge"
        ruling[edge["orientation"]].append(edge)
    if len(ruling["h"]) < 2 or len(ruling["v"]) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": ruling["v"],
        "explicit_horizontal_lines": ruling["h"],
    }
    return page.find_tables(table_settings=settings)


def _parsed(parse):
    """What `parse` (pdfplumber reading the file) returns; PdfError for whatever it raises: a
    damaged or crafted file makes pdfminer fail in many ways, all of them the file's fault."""
    try:
        return parse()
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfError(ENCRYPTED) from None
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PdfError(ENCRYPTED) from None
        raise PdfError(NOT_A_PDF) from None
    except Exception:
        raise PdfError(NOT_A_PDF) from None


def _page(number, page):
    chars, images, tables = _parsed(lambda: (page.chars, page.images, _ruled_tables(page)))
    result = Page(number=number, width=float(page.width), height=float(page.height), has_images=bool(images))
    taken = set()
    for table in tables:
        grid, inside = _grid(number, table, chars)
        if not any(value for row in grid.rows for value in row):
            continue  # a ruled box with nothing in it
        result.grids.append(grid)
        taken.update(id(c) for c in inside)
    result.lines = _text_lines(number, [c for c in chars if id(c) not in taken])
    return result


def _running_key(line):
    return _DIGITS.sub("#", re.sub(r"\s+", "", line.text))


def _edge_lines(page):
    """The first and the last line of a page, when nothing (no table) is above or below them."""
    if not page.lines:
        return []
    first, last = page.lines[0], page.lines[-1]
    edges = []
    margin = RUNNING_SHARE * page.height
    if first.top < margin and all(grid.top >= first.bottom for grid in page.grids):
        edges.append(first)
    if last is not first and last.bottom > page.height - margin and all(grid.bottom <= last.top for grid in page.grids):
        edges.append(last)
    return edges


def _drop_running_lines(pages):
    """Leave out page numbers, and the header or footer repeated at the top or bottom of most pages."""
    repeated = Counter(_running_key(line) for page in pages for line in _edge_lines(page))
    for page in pages:
        running = {
            id(line)
            for line in _edge_lines(page)
            if _PAGE_NUMBER.match(line.text.strip()) or (len(pages) > 2 and repeated[_running_key(line)] > len(pages) // 2)
        }
        page.lines = [line for line in page.lines if id(line) not in running]


def is_pdf(data):
    """Whether the bytes start as a PDF does (its header within the first KiB, as readers allow)."""
    return data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]


def pdf_pages(data, *, max_pages=MAX_PAGES, deadline=None):
    """[Page] of a PDF's bytes; PdfError when it cannot be read, NoTextLayer when it is a scan.

    max_pages: more pages are refused before any is read. deadline: a time.monotonic() value;
    a PDF still being read then is refused (checked after each page)."""
    if not is_pdf(data):
        raise PdfError(NOT_A_PDF)
    pdf = _parsed(lambda: pdfplumber.open(BytesIO(data)))
    with pdf:
        count = _parsed(lambda: len(pdf.pages))
        if count > max_pages:
            raise PdfError(f"PDF有{count}页，超过{max_pages}页的上限，不是一份部门决算公开文件")
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(_page(number, page))
            if deadline is not None and time.monotonic() > deadline:
                raise PdfError(f"读取到第{number}页（共{count}页）时超过时限，已停止；文件的页面过于复杂，无法检查")
    text = sum(len(line.text.replace(" ", "")) for page in pages for line in page.lines)
    text += sum(len(value) for page in pages for grid in page.grids for row in grid.rows for value in row if value)
    if text < MIN_TEXT_CHARS:
        raise NoTextLayer(SCANNED if any(page.has_images for page in pages) else NO_TEXT)
    _drop_running_lines(pages)
    return pages


def pdf_date(data):
    """The date the PDF says it was last changed (else made), from its document information, or None."""
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            info = pdf.metadata
    except Exception:  # whatever the file holds, no date is the answer
        return None
    for key in ("ModDate", "CreationDate"):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        match = _PDF_DATE.match(str(value or "").strip())
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None
