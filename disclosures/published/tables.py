"""The nine tables of a published PDF, rebuilt as the cell grids the workbook reader reads.

A table starts at a line holding its title (公开01表 收入支出决算总表, or any region's title,
disclosures.excel.reader.table_of_title) and runs to the next title or the end of 第二部分. Its
rows are the lines above and below its ruled grid (the document's title, 编制单位/年度/金额单位,
注：…) with their columns split where a line has wide gaps, and the grid's rows; a grid that runs
over further pages is appended without the header rows it repeats, its cells put under the
columns of the first page's grid. Amounts (583.56, 1,234.56) become Decimals, as a workbook's
numbers; everything else stays text. disclosures.excel.reader then reads the grids as sheets: one
reader for every printed layout.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..excel.reader import table_of_title
from ..regions.tables import table_layout
from ..tables.spec import TABLES
from .pages import Grid

_AMOUNT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")
_PAREN_AMOUNT = re.compile(r"^\((?:\d{1,3}(?:,\d{3})+|\d+)\.\d+\)$")
X_TOLERANCE = 2.0  # points: column edges of two pages' grids closer than this are the same


@dataclass
class PrintedTable:
    """One of the nine tables as printed: its sheet of rows for the reader, the page of each row."""

    number: int
    sheet: str  # the sheet title the reader sees (as the region names its sheets: 公开01表, 表1)
    title: str  # the title line as printed
    rows: list = field(default_factory=list)
    row_pages: list = field(default_factory=list)

    @property
    def pages(self):
        return sorted(set(self.row_pages))

    def page_of_row(self, row):
        """The page of a 0-based row of the sheet."""
        return self.row_pages[row] if 0 <= row < len(self.row_pages) else None


def cell_value(text):
    """A printed cell as a workbook holds it: an amount as a Decimal, else the text."""
    if text is None:
        return None
    stripped = text.strip()
    if _AMOUNT.match(stripped):
        return Decimal(stripped.replace(",", ""))
    if _PAREN_AMOUNT.match(stripped):
        return -Decimal(stripped[1:-1].replace(",", ""))
    return stripped


def _same_columns(a, b):
    return len(a) == len(b) and all(abs(x - y) <= X_TOLERANCE for x, y in zip(a, b))


def _under_columns(grid, edges):
    """The grid's rows with each cell moved under the column of `edges` its middle falls in."""
    if _same_columns(grid.column_edges, edges):
        return grid.rows
    rows = []
    for values, boxes in zip(grid.rows, grid.cell_boxes):
        row = [""] * (len(edges) - 1)
        for value, box in zip(values, boxes):
            if box is None or value is None:
                continue
            middle = (box[0] + box[2]) / 2
            column = next((i for i in range(len(edges) - 1) if edges[i] <= middle < edges[i + 1]), None)
            if column is not None:
                row[column] = (row[column] + value) if row[column] else value
        rows.append(row)
    return rows


def _repeated_header(rows, first_rows):
    """How many leading rows repeat the first page's leading rows (a header printed again)."""
    def same(a, b):  # a cell under a merged cell is None on one page, "" once moved under columns
        return [v or "" for v in a] == [v or "" for v in b]

    count = 0
    while count < len(rows) and count < len(first_rows) and same(rows[count], first_rows[count]):
        count += 1
    return count


def _line_row(line):
    return [text for text, _, _ in line.columns]


def _wraps_into(previous, line, right):
    """True when `line` carries on `previous` (a note under a table wrapped at the right edge)."""
    return (
        previous is not None
        and previous.page == line.page
        and len(previous.columns) == len(line.columns) == 1
        and previous.x1 >= right - 2 * previous.size
        and abs(line.x0 - previous.x0) <= line.size
        and line.top - previous.bottom < line.size
    )


def is_table_title(item):
    return not isinstance(item, Grid) and table_of_title(item.text) is not None


def table_starts(items):
    """Where the tables begin among `items`: each title line that has a ruled grid after it, before
    the next title (a title in running text, or the contents, has none)."""
    titles = [i for i, item in enumerate(items) if is_table_title(item)]
    starts = []
    for n, i in enumerate(titles):
        stop = titles[n + 1] if n + 1 < len(titles) else len(items)
        if any(isinstance(item, Grid) for item in items[i + 1 : stop]):
            starts.append(i)
    return starts


def printed_tables(items, *, profile=None):
    """({table number: PrintedTable}, [(page, message)]) of the nine tables among `items`
    (a part's lines and grids in reading order)."""
    layout = table_layout(profile)
    starts = table_starts(items)
    tables, notes = {}, []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(items)
        title = items[start]
        number = table_of_title(title.text)
        if number in tables:
            notes.append((title.page, f"{TABLES[number - 1].code}（{TABLES[number - 1].name}）印了两次：读取第{tables[number].pages[0]}页的一张"))
            continue
        spec = TABLES[number - 1]
        sheet = layout.sheet_name.format(code=spec.code, printed=layout.printed_number(number))
        table = PrintedTable(number=number, sheet=sheet, title=title.text)
        # the first table takes the lines above its title on its page (the document's title)
        before = start
        while n == 0 and before > 0 and not isinstance(items[before - 1], Grid) and items[before - 1].page == title.page:
            before -= 1
        first_grid, previous = None, None
        for item in items[before:stop]:
            if isinstance(item, Grid):
                previous = None
                if first_grid is None:
                    first_grid = item
                    rows = item.rows
                else:
                    rows = _under_columns(item, first_grid.column_edges)
                    rows = rows[_repeated_header(rows, first_grid.rows) :]
                for row in rows:
                    table.rows.append([cell_value(v) for v in row])
                    table.row_pages.append(item.page)
            elif first_grid is not None and _wraps_into(previous, item, first_grid.x1):
                table.rows[-1] = [table.rows[-1][0] + item.text]
                previous = item
            else:
                table.rows.append(_line_row(item))
                table.row_pages.append(item.page)
                previous = item
        tables[number] = table
    return tables, notes
