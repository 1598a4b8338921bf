"""The cell values of an .xlsx package, read straight from its XML with expat.

What openpyxl's read-only, data-only load gives row by row (`iter_rows(values_only=True)`),
and the cells that hold a formula, in one pass over each sheet. openpyxl builds an element
tree and a dict per cell and parses the styles, theme and properties into objects; for the
nine tables that cost 2-3 times the import's own work (bench/import_speed.py). The
conversions are openpyxl's, case by case (numbers, shared and inline strings, booleans,
errors, ISO dates, date-formatted numbers by the cell's style); tests/disclosures/excel/
test_values.py reads every workbook the tests make both ways and compares. Like openpyxl,
a sheet's cell, merge or dimension reference that is not one raises (a damaged file), and
elements in another namespace than SpreadsheetML's are not read.

Untrusted input: every part goes through a parser that refuses any DTD (limits.py), the
package was counted before (limits.package_census) and the deadline is checked per row.
"""

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime

from .limits import WORKBOOK_TYPES, refusing_parser

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STYLES_PART = "xl/styles.xml"  # where openpyxl looks for them, whatever the relationships say

SEPARATOR = " "  # expat's, between an element's namespace and its local name
ROW, VALUE, FORMULA, INLINE, TEXT, RUN = (f"{MAIN}{SEPARATOR}{name}" for name in ("row", "v", "f", "is", "t", "r"))
MERGE, DIMENSION = f"{MAIN}{SEPARATOR}mergeCell", f"{MAIN}{SEPARATOR}dimension"
_DIGITS = frozenset("0123456789")
WINDOWS_EPOCH, MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)  # openpyxl's calendars
MAX_COLUMN, MAX_ROW = 18278, 1048576  # ZZZ, and Excel's last row: openpyxl's bounds of a range
_RANGE = re.compile(r"^[$]?([A-Za-z]{1,3})?[$]?(\d+)?(:[$]?([A-Za-z]{1,3})?[$]?(\d+)?)?$")


@dataclass
class WorkbookValues:
    rows: dict  # {sheet title: [[value, …], …]}: trailing blanks of a row and trailing empty rows dropped
    formulas: dict = field(default_factory=dict)  # {sheet title: {(row, column)}}, 0-based, like `rows`


def _parse(package, part, start=None, end=None, text=None):
    parser = refusing_parser(namespaces=True)
    parser.buffer_text = True
    parser.ordered_attributes = False
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    with package.open(part) as source:
        parser.ParseFile(source)


def _attributes(package, part, wanted):
    """[(name, attributes)] of the elements named in `wanted` (namespace and local name)."""
    found = []

    def start(name, attributes):
        if name in wanted:
            found.append((name, attributes))

    _parse(package, part, start)
    return found


def _text_collector():
    """Handlers that keep the character data of the element being collected (`into` set)."""
    state = {"into": None}

    def text(data):
        if state["into"] is not None:
            state["into"].append(data)

    return state, text


def _workbook(package, names):
    """(worksheets as [(title, part)] in the workbook's order, 1904 calendar, shared strings part),
    resolved as openpyxl's reader does: the first workbook content type of the overrides, the
    workbook's relationships, chartsheets left out, sheets whose part is missing left out."""
    overrides = {
        attributes.get("PartName", ""): attributes.get("ContentType", "")
        for _name, attributes in _attributes(package, "[Content_Types].xml", {f"{CONTENT_TYPES}{SEPARATOR}Override"})
    }
    workbook = next((part[1:] for kind in WORKBOOK_TYPES for part, k in overrides.items() if k == kind), None)
    if workbook is None:
        defaults = {
            attributes.get("ContentType")
            for _name, attributes in _attributes(package, "[Content_Types].xml", {f"{CONTENT_TYPES}{SEPARATOR}Default"})
        }
        if not defaults & set(WORKBOOK_TYPES):
            raise ValueError("no workbook part")
        workbook = "xl/workbook.xml"
    folder, name = posixpath.split(workbook)
    relations = {}
    for _name, attributes in _attributes(
        package, posixpath.join(folder, "_rels", f"{name}.rels"), {f"{PACKAGE_RELATIONSHIPS}{SEPARATOR}Relationship"}
    ):
        target = attributes.get("Target", "")
        if attributes.get("TargetMode") != "External":
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        relations[attributes.get("Id")] = (target, attributes.get("Type", ""))
    sheets, date1904 = [], False
    for element, attributes in _attributes(package, workbook, {f"{MAIN}{SEPARATOR}sheet", f"{MAIN}{SEPARATOR}workbookPr"}):
        if element.endswith("workbookPr"):
            flag = attributes.get("date1904")
            date1904 = bool(flag) and flag not in ("false", "f", "0")
            continue
        rid = attributes.get(f"{RELATIONSHIPS}{SEPARATOR}id")
        if not rid:
            continue  # openpyxl drops it with a warning
        target, kind = relations[rid]  # a sheet without its relationship: KeyError, a damaged file
        if target in names and "chartsheet" not in kind:
            sheets.append((attributes.get("name"), target))
    shared = next((part[1:] for part, kind in overrides.items() if kind == SHARED_STRINGS), None)
    return sheets, date1904, shared


def _text_content(package, part, element):
    """[text of each `element`], as openpyxl's Text.content: its last direct <t> and the <t> of
    each direct <r>, phonetic runs (<rPh>) left out."""
    items, depth, state = [], [0], {}
    collector, on_text = _text_collector()

    def start(name, attributes):
        depth[0] += 1
        if name == element:
            state.update(level=depth[0], plain=None, runs=[])
        elif "level" in state:
            offset = depth[0] - state["level"]
            if name == TEXT and (offset == 1 or (offset == 2 and state.get("run"))):
                collector["into"] = []
            elif name == RUN and offset == 1:
                state["run"] = True

    def end(name):
        if "level" in state:
            offset = depth[0] - state["level"]
            if name == TEXT and collector["into"] is not None:
                text = "".join(collector["into"]) or None
                collector["into"] = None
                if offset == 1:
                    state["plain"] = text
                elif text is not None:
                    state["runs"].append(text)
            elif name == RUN and offset == 1:
                state["run"] = False
            elif offset == 0:
                plain = state["plain"]
                items.append(("" if plain is None else plain) + "".join(state["runs"]))
                state.clear()
        depth[0] -= 1

    _parse(package, part, start, end, on_text)
    return items


def shared_strings(package, part):
    return [text.replace("x005F_", "") for text in _text_content(package, part, f"{MAIN}{SEPARATOR}si")]


def date_styles(package, names):
    """(date styles, timedelta styles): the cell style indexes whose number format is a date or a
    duration, as openpyxl's stylesheet finds them (a custom format overrides a built-in one)."""
    # openpyxl's own rules for what a number format shows, imported at the first workbook read,
    # not with this module: a command that only starts loads none of openpyxl (bench/command_start.py).
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if STYLES_PART not in names:
        return set(), set()
    custom, styles, depth, where = {}, [], [0], {}

    def start(name, attributes):
        depth[0] += 1
        if name == f"{MAIN}{SEPARATOR}numFmt" and where.get("numFmts") == depth[0] - 1:
            custom[int(attributes["numFmtId"])] = attributes.get("formatCode")
        elif name == f"{MAIN}{SEPARATOR}xf" and where.get("cellXfs") == depth[0] - 1:
            styles.append(int(attributes.get("numFmtId", 0)))
        elif depth[0] == 2 and name in (f"{MAIN}{SEPARATOR}numFmts", f"{MAIN}{SEPARATOR}cellXfs"):
            where[name.rpartition(SEPARATOR)[2]] = depth[0]

    def end(name):
        depth[0] -= 1

    _parse(package, STYLES_PART, start, end)
    dates, durations = set(), set()
    for index, number in enumerate(styles):
        fmt = custom[number] if number in custom else BUILTIN_FORMATS.get(number, "General")
        if is_date_format(fmt):
            dates.add(index)
        if is_timedelta_format(fmt):
            durations.add(index)
    return dates, durations


def _cast_number(value):
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


def column_index(letters):
    """1 for "A", 28 for "AB", up to 18278 for "ZZZ" (any case); ValueError for anything else."""
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise ValueError(f"{letters} is not a valid column name")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


_PLAIN_REFERENCE = re.compile(r"([A-Z]{1,3})[0-9]+")
_COLUMNS = {}


def _column(coordinate):
    """The column of a cell reference ("C7" → 3), as openpyxl's coordinate_to_tuple checks it."""
    plain = _PLAIN_REFERENCE.fullmatch(coordinate)  # nearly every cell: its letters' column known
    if plain:
        letters = plain.group(1)
        found = _COLUMNS.get(letters)
        if found is None:
            found = _COLUMNS[letters] = column_index(letters)
        return found
    for index, character in enumerate(coordinate):
        if character in _DIGITS:
            break
    int(coordinate[index:])
    return column_index(coordinate[:index])


def range_bounds(ref):
    """(min column, min row, max column, max row) of "A1:C3", "A1", "A:C" or "1:3" (None where a
    range leaves it open), as openpyxl's range_boundaries reads a <dimension>; ValueError (or
    TypeError, for no reference at all) otherwise."""
    match = _RANGE.match(ref)
    if not match:
        raise ValueError(f"{ref} is not a valid coordinate or range")
    min_col, min_row, colon, max_col, max_row = match.groups()
    if colon and not (
        all((min_col, max_col, min_row, max_row))
        or (min_col and max_col and not (min_row or max_row))
        or (min_row and max_row and not (min_col or max_col))
    ):
        raise ValueError(f"{ref} is not a valid coordinate or range")
    min_col = column_index(min_col) if min_col is not None else None
    min_row = int(min_row) if min_row is not None else None
    max_col = column_index(max_col) if max_col is not None else min_col
    max_row = int(max_row) if max_row is not None else min_row
    return min_col, min_row, max_col, max_row


def merge_check(ref):
    """A merged range as openpyxl's CellRange accepts it: every bound given and within the sheet,
    the first corner before the last; ValueError (or TypeError) otherwise."""
    min_col, min_row, max_col, max_row = range_bounds(ref.rpartition("!")[2] if "!" in ref else ref)
    for value, top in ((min_col, MAX_COLUMN), (min_row, MAX_ROW), (max_col, MAX_COLUMN), (max_row, MAX_ROW)):
        if value is None or not 1 <= value <= top:
            raise ValueError(f"{ref} is not a valid range")
    if min_col > max_col or min_row > max_row:
        raise ValueError(f"{ref} is not a valid range")


class _SheetReader:
    """The expat handlers of one sheet: rows kept in openpyxl's row order and width."""

    def __init__(self, *, strings, dates, durations, epoch, deadline, max_rows, max_columns):
        self.strings, self.dates, self.durations, self.epoch = strings, dates, durations, epoch
        self.deadline, self.max_rows, self.max_columns = deadline, max_rows, max_columns
        self.rows, self.formulas = [], set()
        self.depth = 0
        self.row_depth = None  # the depth of the <row> being read
        self.row_counter = 0
        self.counter = 1  # the next row number openpyxl gives out
        self.cell = None
        self.text = None
        self.done = False

    def start(self, name, attributes):
        self.depth += 1
        if self.done:
            return
        if self.row_depth is None:
            if name == ROW:
                self.row_start(attributes)
            elif name == MERGE:
                merge_check(attributes.get("ref"))
            elif name == DIMENSION:
                range_bounds(attributes.get("ref"))
            return
        offset = self.depth - self.row_depth
        if offset == 1:  # openpyxl reads every child of a row as a cell
            self.cell = {"t": attributes.get("t", "n"), "r": attributes.get("r"), "s": attributes.get("s"),
                         "v": None, "f": None, "is": None}
            return
        cell = self.cell
        if offset == 2:
            if name == VALUE and cell["v"] is None:
                self.text = cell["v"] = []
            elif name == FORMULA and cell["f"] is None:
                cell["f"] = attributes.get("t", "")
            elif name == INLINE and cell["is"] is None:
                cell["is"] = {"plain": None, "runs": [], "open": True}
        elif cell["is"] is not None and cell["is"]["open"]:
            if offset == 3 and name == TEXT:
                self.text = cell["is"]["current"] = []
                cell["is"]["where"] = "plain"
            elif offset == 3 and name == RUN:
                cell["is"]["in_run"] = True
            elif offset == 4 and name == TEXT and cell["is"].get("in_run"):
                self.text = cell["is"]["current"] = []
                cell["is"]["where"] = "run"

    def end(self, name):
        depth, self.depth = self.depth, self.depth - 1
        if self.row_depth is None or self.done:
            return
        offset = depth - self.row_depth
        if offset == 0:
            self.row_end()
        elif offset == 1:
            self.cells.append(self.cell)
            self.cell = None
        elif offset == 2 and name == INLINE and self.cell["is"] is not None:
            self.cell["is"]["open"] = False
        elif offset == 2 and name == VALUE:
            self.text = None
        elif self.cell is not None and self.cell["is"] is not None and self.cell["is"]["open"]:
            inline = self.cell["is"]
            if name == TEXT and offset in (3, 4) and self.text is not None:
                text = "".join(self.text) or None
                if inline.get("where") == "plain":
                    inline["plain"] = text
                elif text is not None:
                    inline["runs"].append(text)
                self.text = None
            elif name == RUN and offset == 3:
                inline["in_run"] = False

    def on_text(self, data):
        if self.text is not None:
            self.text.append(data)

    def row_start(self, attributes):
        if self.deadline is not None:
            self.deadline.check()
        number = attributes.get("r")
        if number is not None:
            try:
                self.row_counter = int(number)
            except ValueError:
                value = float(number)
                if not value.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self.row_counter = int(value)
        else:
            self.row_counter += 1
        self.row_depth = self.depth
        self.cells = []

    def row_end(self):
        self.row_depth = None
        values, column, formulas = {}, 0, []
        for cell in self.cells:
            coordinate = cell["r"]
            column = _column(coordinate) if coordinate else column + 1
            value = self.value(cell, coordinate)
            if 1 <= column <= self.max_columns:
                values[column] = value
                if cell["f"] is not None and cell["f"] not in ("array", "dataTable"):
                    formulas.append(column)
        number = self.row_counter
        if number > self.max_rows:
            self.done = True
            return
        while self.counter < number:
            self.rows.append([])
            self.counter += 1
        if self.counter <= number:
            self.counter += 1
            for column in formulas:
                self.formulas.add((len(self.rows), column - 1))
            filled = [c for c, v in values.items() if v is not None]
            if filled:
                row = [None] * max(filled)
                for c, v in values.items():
                    if c <= len(row):
                        row[c - 1] = v
                self.rows.append(row)
            else:
                self.rows.append([])

    def value(self, cell, coordinate):
        kind = cell["t"]
        if kind == "inlineStr":
            inline = cell["is"]
            if inline is None:
                return None
            plain = inline["plain"]
            return ("" if plain is None else plain) + "".join(inline["runs"])
        value = "".join(cell["v"]) if cell["v"] is not None else None
        if not value:
            return None
        if kind == "n":
            value = _cast_number(value)
            style = int(cell["s"]) if cell["s"] else (0 if cell["s"] is None else -1)
            if style in self.dates:
                from openpyxl.utils.datetime import from_excel  # loaded by date_styles already

                try:
                    return from_excel(value, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # what openpyxl gives (with a warning)
            return value
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601  # loaded by date_styles already

            return from_ISO8601(value)
        return value  # "str", "e" and any other type: the text as written


def workbook_values(package, *, deadline=None, max_rows, max_columns):
    """WorkbookValues of every worksheet in the package (a zipfile.ZipFile already checked by
    container.open_package and limits.package_census).

    Raises whatever the XML makes fail (KeyError, ValueError, IndexError, expat errors …) and
    limits.UnsafeXml for a DTD; the caller turns them into the damaged-file message.
    """
    names = set(package.namelist())
    sheets, date1904, shared = _workbook(package, names)
    strings = shared_strings(package, shared) if shared else []
    dates, durations = date_styles(package, names)
    epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
    result = WorkbookValues(rows={})
    for title, part in sheets:
        reader = _SheetReader(
            strings=strings, dates=dates, durations=durations, epoch=epoch, deadline=deadline,
            max_rows=max_rows, max_columns=max_columns,
        )
        _parse(package, part, reader.start, reader.end, reader.on_text)
        while reader.rows and not reader.rows[-1]:
            reader.rows.pop()
        result.rows[title] = reader.rows
        result.formulas[title] = {(r, c) for r, c in reader.formulas if r < len(reader.rows)}
    return result
