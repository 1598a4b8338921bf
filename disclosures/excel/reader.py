"""Read the nine public tables from an uploaded workbook, all problems at once.

Nothing here depends on exact row or column positions. Each table is found by
its sheet name (公开01表, 表1, 表01, 01表 …) or else by its title; its amount
columns by the 栏次 row (column numbers 1..n) or else by header text; its rows
by 行次 (01, 04, 09's single line) or by classification code. The shape of
every table comes from disclosures.tables.spec.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from portal.textpolicy import text_problem

from ..regions.tables import all_title_variants, table_layout
from ..tables.spec import LAYOUT_CODES, LAYOUT_ECONOMIC, LAYOUT_LINES, TABLES, TOTAL_ROW
from ..tables.values import TableData
from . import cells
from .cells import UNIT_WAN, UNIT_YUAN
from .container import open_package, read_upload
from .limits import Deadline, UnsafeXml, package_census
from .problems import DAMAGED, UNSAFE_XML, Problem, WorkbookError
from .values import workbook_values

HEADER_SCAN_ROWS = 15
TOTAL_WORDS = {"合计", "总计", "本年合计"}
NOTE_PREFIXES = ("注", "说明", "备注", "本单位", "本部门", "本表", "填表", "单位负责人", "制表", "财务负责人")
SYNONYMS = {"决算数": ("金额",), "金额": ("决算数",), "小计": ("合计",)}
SOURCE_LENGTH = 32  # what TableCell.source holds
NAME_LENGTH = 128  # and CodeRow.name

_SHEET_NAME = re.compile(r"^(?:附)?(?:公开)?(?:表0*([1-9])(?!\d)|0*([1-9])(?!\d)号?表)")
_PROJECT_SHEET_NAME = re.compile(r"^(?:附)?公开(?:表0*[1-9](?!\d)|0*[1-9](?!\d)号?表)")
_CHINESE_NUMBER = re.compile(r"^(?:附)?(?:表([一二三四五六七八九])|([一二三四五六七八九])(?:、|表|$))")
_CHINESE_DIGITS = "一二三四五六七八九"
_DOCUMENT_TITLE = re.compile(r"^(.+?)(\d{4})年度?部门决算")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")
_LABEL = re.compile(r"^公开0*([1-9])表$")
_DEPARTMENT = re.compile(r"(?:编制|填报)单位[:]?(.*)$")
_UNIT = re.compile(r"(?:金额)?单位[:]?(万元|元)$")
_YEAR = re.compile(r"(?:(\d{4})年度|年度[:]?(\d{4}))")


@dataclass
class WorkbookContent:
    tables: dict  # {number: TableData}, all nine, amounts in 元
    unit: str  # "万元" or "元"
    department_name: str
    year: int | None
    code_sources: dict = field(default_factory=dict)  # (table, code) -> "公开03表!A8"
    # What the import decided where the workbook could be read more than one way, and
    # where the department or year came from: Problems that do not stop the import.
    notes: list = field(default_factory=list)


def _cell(sheet, row, column):
    return f"{cells.column_letter(column + 1)}{row + 1}"


def _title_key(name):
    return cells.text(name)


def _titles():
    """(title, table number), longest first: every title any region prints a table under."""
    pairs = {(_title_key(title), number) for number, titles in all_title_variants().items() for title in titles}
    return sorted(pairs, key=lambda item: (-len(item[0]), item[1]))


TITLES = _titles()


def _number_from_sheet_name(title, layout=None):
    """The table a sheet's name gives: 公开0N表 is the project's table N; 表N, N表, 表七, 七、…
    are the Nth table as the region prints them (the profile's order)."""
    key = cells.text(title)
    match = _SHEET_NAME.match(key)
    if match:
        printed = int(match.group(1) or match.group(2))
    else:
        match = _CHINESE_NUMBER.match(key)
        if not match:
            return None
        printed = _CHINESE_DIGITS.index(match.group(1) or match.group(2)) + 1
    if _PROJECT_SHEET_NAME.match(key) or layout is None:
        return printed
    return layout.table_for_printed(printed)


def table_of_title(text):
    """The table a printed title names (公开0N表, or any region's title of it, as in the top rows
    of a sheet), or None."""
    return _number_from_content([[text]])


def _number_from_content(rows):
    """The table a sheet holds, from its 公开0N表 label or its title, in the top rows."""
    for row in rows[:8]:
        for value in row:
            if not isinstance(value, str):
                continue
            key = cells.text(value)
            if not key:
                continue
            label = _LABEL.match(key)
            if label:
                return int(label.group(1))
            for title, number in TITLES:
                if key == title or (key.endswith(title) and len(key) <= len(title) + 30):
                    return number
    return None


class _Sheet:
    """One table's sheet: its values as rows of lists, and what was found in it."""

    def __init__(self, spec, title, rows, layout=None):
        self.spec = spec
        self.layout = layout or table_layout()
        self.title = title
        self.rows = rows
        self.problems = []
        self.unit = None
        self.department_name = ""
        self.year = None
        self.document_title = None  # (department, year) from "XX 2024年度部门决算表"
        self.blank_amount_cells = set()
        self.notes = []

    def note(self, row, column, message):
        cell = _cell(self.title, row, column) if row is not None else ""
        self.notes.append(Problem(self.title, cell, message))

    def problem(self, row, column, message):
        cell = _cell(self.title, row, column) if row is not None else ""
        self.problems.append(Problem(self.title, cell, message))

    def source(self, row, column):
        """"公开03表!E8"; a sheet name too long for the stored source (TableCell.source) is shortened."""
        cell, title = _cell(self.title, row, column), self.title
        if len(title) + 1 + len(cell) > SOURCE_LENGTH:
            title = title[: SOURCE_LENGTH - len(cell) - 2] + "…"
        return f"{title}!{cell}"

    def value(self, row, column):
        values = self.rows[row]
        return values[column] if column < len(values) else None

    # -- the top: 编制单位, 年度, 金额单位 -------------------------------------

    def read_info(self):
        for values in self.rows[:HEADER_SCAN_ROWS]:
            texts = [cells.text(v) if isinstance(v, str) else "" for v in values]
            for i, key in enumerate(texts):
                if not key:
                    continue
                following = next((t for t in texts[i + 1 :] if t), "")
                department = _DEPARTMENT.search(key)
                if department and not self.department_name:
                    self.department_name = department.group(1) or following
                    continue
                unit = _UNIT.search(key)
                if unit and self.unit is None:
                    self.unit = unit.group(1)
                elif key.endswith(("金额单位", "金额单位:", "单位:")) and following in (UNIT_WAN, UNIT_YUAN):
                    self.unit = following
                title = _DOCUMENT_TITLE.match(key)
                if title and self.document_title is None:
                    self.document_title = (title.group(1), int(title.group(2)), self.title)
                    continue
                year = _YEAR.search(key)
                if year and self.year is None:
                    self.year = int(year.group(1) or year.group(2))

    # -- header and columns -----------------------------------------------------

    def header_end(self):
        """The first row that looks like data (a number, a code or 合计): headers are above it."""
        for r, values in enumerate(self.rows[:HEADER_SCAN_ROWS]):
            texts = [cells.text(v) for v in values if isinstance(v, str) and cells.text(v)]
            if len(texts) == 1 and texts[0].startswith(NOTE_PREFIXES):
                return r  # an empty table's 注/说明 under its header
            for value in values:
                if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    return r
                if isinstance(value, str):
                    key = cells.text(value)
                    if key.isdigit() and len(key) in (3, 5, 7):
                        return r
                    # 合计 as a column label (04/05/07 in some regions) has other labels beside it.
                    if key in TOTAL_WORDS and all(t in TOTAL_WORDS or t.isdigit() for t in texts):
                        return r
        return min(len(self.rows), HEADER_SCAN_ROWS)

    def column_numbers_row(self, count):
        """The 栏次 row: the first row whose whole numbers are exactly 1..count, each once (left to
        right, or in the order of a region that interleaves or adds columns: 1, 7, 2, 8 …)."""
        for r, values in enumerate(self.rows[:HEADER_SCAN_ROWS]):
            found = [(c, cells.small_int(v)) for c, v in enumerate(values)]
            found = [(c, n) for c, n in found if n is not None]
            if sorted(n for _, n in found) == list(range(1, count + 1)):
                # A decimal amount on the row means it is data, not 栏次.
                if any(
                    (isinstance(v, float) and not v.is_integer()) or (isinstance(v, Decimal) and v != v.to_integral_value())
                    for v in values
                ):
                    continue
                return r, {n: c for c, n in found}
        return None, None

    def header_texts(self, end):
        """Per column, the header words above `end` joined top to bottom.

        A merged header cell holds its words in its first column only: a group label
        (本年支出 over 合计/基本支出/项目支出, 合计 over 预算数/决算数) is carried right over
        the blank cells beside it that have words below, up to where a label above begins.
        """
        grid = []
        for values in self.rows[:end]:
            row = []
            for value in values:
                key = cells.text(value) if isinstance(value, str) else ""
                if key and (_DEPARTMENT.search(key) or _UNIT.search(key) or _YEAR.search(key) or _LABEL.match(key)):
                    key = ""
                row.append(key)
            grid.append(row)
        width = max((len(row) for row in grid), default=0)
        grid = [row + [""] * (width - len(row)) for row in grid]
        filled = [row[:] for row in grid]
        for r in range(len(grid)):
            for c in range(1, width):
                if grid[r][c] or not filled[r][c - 1]:
                    continue
                if any(grid[u][c] for u in range(r)) or not any(grid[d][c] for d in range(r + 1, len(grid))):
                    continue
                filled[r][c] = filled[r][c - 1]
        texts = {}
        for row in filled:
            for c, key in enumerate(row):
                if key:
                    texts[c] = texts.get(c, "") + key
        return texts

    def locate_columns(self, columns, optional=()):
        """{column number (栏次): sheet column index}, the first data row and the 栏次 row.

        Keyed by number: both sides of table 01 have a column called "amount". `optional`: the
        table's optional columns (nine_tables.toml), in the mapping where the sheet prints them.
        """
        numbers = sorted(c.number for c in columns)
        count = numbers[-1] if numbers else 0
        row, by_number = self.column_numbers_row(count)
        if row is None and optional:
            row, by_number = self.column_numbers_row(max(c.number for c in optional))
        end = self.header_end()
        if row is not None:
            return by_number, row + 1, row
        texts = self.header_texts(end)
        mapping, pointer = {}, 0
        for column in sorted(columns, key=lambda c: c.number):
            wanted = self.column_labels(column)
            # Left to right as nine_tables.toml has them; else anywhere not yet taken
            # (三公 printed with 预算数/决算数 interleaved item by item).
            found = next(
                (c for c in sorted(texts) if c >= pointer and texts[c].endswith(wanted)),
                None,
            )
            if found is None:
                taken = set(mapping.values())
                found = next((c for c in sorted(texts) if c not in taken and texts[c].endswith(wanted)), None)
            if found is None:
                self.problems.append(
                    Problem(self.title, "", f"找不到“{column.label}”栏（也没有写有栏次 1 至 {count} 的栏次行）")
                )
                return None, end, None
            mapping[column.number] = found
            pointer = found + 1
        for column in optional:
            wanted = self.column_labels(column)
            taken = set(mapping.values())
            found = next((c for c in sorted(texts) if c not in taken and texts[c].endswith(wanted)), None)
            if found is not None:
                mapping[column.number] = found
        return mapping, end, None

    def column_labels(self, column):
        """Every header text the column may be printed under (its label, synonyms, the profile's)."""
        printed = self.layout.column_labels.get((self.spec.number, column.key), ())
        labels = (column.label,) + SYNONYMS.get(column.label, ()) + printed
        labels = tuple(dict.fromkeys(cells.text(label) for label in labels))
        group = column.group_path[0] if column.group_path else ""
        return labels + tuple(label + cells.text(group) for label in labels if group)

    def extra_columns(self, end, taken):
        """{sheet column: label} of columns the region prints that the project's table does not keep."""
        labels = self.layout.extra_columns.get(self.spec.number, ())
        if not labels:
            return {}
        texts = self.header_texts(end)
        found = {}
        for label in labels:
            key = cells.text(label)
            c = next((c for c in sorted(texts) if c not in taken and c not in found and texts[c].endswith(key)), None)
            if c is not None:
                found[c] = label
        return found

    # -- rows -------------------------------------------------------------------

    def is_note(self, values):
        filled = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
        if len(filled) != 1 or not isinstance(filled[0], str):
            return False
        key = cells.text(filled[0])
        return key.startswith(NOTE_PREFIXES) or (len(key) >= 12 and key not in TOTAL_WORDS)

    def read_amount(self, data, row_key, column_key, r, c):
        value = self.value(r, c)
        if cells.is_blank(value):
            if value is None:
                self.blank_amount_cells.add((r, c))
            return
        try:
            amount = cells.amount(value, self.unit or UNIT_WAN)
        except ValueError as exc:
            self.problem(r, c, str(exc))
            return
        if amount:
            previous = data.cells.get((row_key, column_key))
            if previous is not None:
                self.problem(r, c, f"与{data.sources[(row_key, column_key)]}重复")
                return
            data.cells[(row_key, column_key)] = amount
            data.sources[(row_key, column_key)] = self.source(r, c)

    def has_amount(self, r, columns):
        return any(not cells.is_blank(self.value(r, c)) and self.value(r, c) != 0 for c in columns)


def _read_lines(sheet, data, code_sources):
    spec = sheet.spec
    mapping, start, numbers_row = sheet.locate_columns([c for side in spec.sides for c in side.columns])
    if mapping is None:
        return
    if len(spec.sides) == 1:
        _read_single_line(sheet, data, mapping, start)
        return
    header_rows = range(0, numbers_row + 1 if numbers_row is not None else start)
    line_columns = sorted(
        {c for r in header_rows for c, v in enumerate(sheet.rows[r]) if isinstance(v, str) and cells.text(v) == "行次"}
    )
    if not line_columns:
        _read_lines_by_label(sheet, data, mapping, start)
        return
    amount_columns = set(mapping.values())
    seen = {}
    for r in range(start, len(sheet.rows)):
        values = sheet.rows[r]
        if sheet.is_note(values):
            continue
        numbered = False
        for lc in line_columns:
            n = cells.small_int(sheet.value(r, lc))
            if n is None:
                continue
            numbered = True
            line = spec.lines_by_key.get(str(n))
            side_columns = spec.side_of(str(n)).columns if line else ()
            if line is None:
                sheet.problem(r, lc, f"行次“{n}”不是{spec.code}的行次")
                continue
            if n in seen:
                sheet.problem(r, lc, f"行次 {n} 重复（已在{seen[n]}）")
                continue
            seen[n] = _cell(sheet.title, r, lc)
            if line.is_blank:
                columns = [mapping[c.number] for c in side_columns]
                for c in columns:
                    if sheet.has_amount(r, [c]):
                        sheet.problem(r, c, f"第{n}行是空行，不应填写金额")
                continue
            for column in side_columns:
                sheet.read_amount(data, line.key, column.key, r, mapping[column.number])
        if not numbered and sheet.has_amount(r, amount_columns):
            c = next(c for c in sorted(amount_columns) if sheet.has_amount(r, [c]))
            sheet.problem(r, c, "这一行有金额但没有行次，无法确定是哪一行")
    found = {str(k) for k in seen}
    missing = [line.number for line in spec.lines if str(line.number) not in found]
    if missing and len(missing) == len(spec.lines):
        sheet.problems.append(Problem(sheet.title, "", "没有找到任何带行次的数据行"))


def _line_key(label):
    return _ORDINAL.sub("", cells.text(label))


def _label_column(sheet, start, low, high):
    """The column between `low` and `high` (exclusive) holding the most row labels below `start`."""
    counts = Counter(
        c
        for r in range(start, len(sheet.rows))
        for c, v in enumerate(sheet.rows[r])
        if low < c < high and isinstance(v, str) and cells.text(v)
    )
    return counts.most_common(1)[0][0] if counts else None


def _read_lines_by_label(sheet, data, mapping, start):
    """Tables 01 and 04 printed without 行次: each row's line is found by its label.

    Labels are compared without their ordinal (一、…二十六、) so a table printed with 24
    expenditure classes reads as well as one with 26; a label printed twice on one side
    (04's 一般公共预算财政拨款 under 本年收入 and under 年初结转) is the next such line
    after the last one found.
    """
    spec = sheet.spec
    previous_end = -1
    found = {}  # line key -> row
    for side in spec.sides:
        columns = [mapping[c.number] for c in side.columns]
        label_column = _label_column(sheet, start, previous_end, min(columns))
        previous_end = max(columns)
        if label_column is None:
            sheet.problems.append(Problem(sheet.title, "", f"找不到{side.title or ''}“项目”栏，无法确定各行"))
            continue
        lines = [line for line in side.lines if not line.is_blank]
        last = -1
        for r in range(start, len(sheet.rows)):
            if sheet.is_note(sheet.rows[r]):
                continue
            key = _line_key(sheet.value(r, label_column))
            if not key:
                if sheet.has_amount(r, columns):
                    c = next(c for c in columns if sheet.has_amount(r, [c]))
                    sheet.problem(r, c, "这一行有金额但没有项目名称，无法确定是哪一行")
                continue
            index = next((i for i in range(last + 1, len(lines)) if _line_key(lines[i].label) == key), None)
            if index is None:
                if sheet.has_amount(r, columns):
                    earlier = next((line for line in lines if _line_key(line.label) == key), None)
                    message = (
                        f"“{key}”重复（已在{_cell(sheet.title, found[earlier.key], label_column)}）"
                        if earlier is not None and earlier.key in found
                        else f"“{key}”不是{spec.code}{side.title}方的项目，无法确定是哪一行"
                    )
                    sheet.problem(r, label_column, message)
                continue
            last = index
            line = lines[index]
            found[line.key] = r
            for column in side.columns:
                sheet.read_amount(data, line.key, column.key, r, mapping[column.number])
        _split_by_fund(sheet, data, side, found, label_column)
    if not found:
        sheet.problems.append(Problem(sheet.title, "", "找不到“行次”栏，也没有认出任何项目名称，无法确定各行"))


def _split_by_fund(sheet, data, side, found, label_column):
    """A line printed alone, split by fund columns, whose by-fund lines are not printed.

    04's 年末财政拨款结转和结余 (line 60 = lines 61-63) in some regions: each by-fund line
    takes the line's amount in its fund's column (and in the columns that sum it).
    """
    for line in side.lines:
        parts = [side_line for side_line in side.lines if side_line.key in line.sum_of]
        if line.key not in found or not parts or not all(p.fund for p in parts):
            continue
        if any(p.key in found for p in parts):
            continue
        r, split = found[line.key], False
        for part in parts:
            fund_columns = [c for c in side.columns if c.fund == part.fund]
            if not fund_columns:
                continue
            amount = data.cells.get((line.key, fund_columns[0].key))
            if not amount:
                continue
            for column in side.columns:
                if column.fund == part.fund or fund_columns[0].key in column.sum_of:
                    data.cells[(part.key, column.key)] = amount
                    data.sources[(part.key, column.key)] = data.sources[(line.key, fund_columns[0].key)]
                    split = True
        if not split:
            continue
        numbers = "、".join(p.key for p in parts)
        sheet.note(
            r,
            label_column,
            f"“{line.label}”印在一行、按资金来源分栏，没有第{numbers}行：第{numbers}行按这一行各资金栏的金额读取",
        )


def _read_single_line(sheet, data, mapping, start):
    """Table 09: one line of amounts under the 栏次 row."""
    spec = sheet.spec
    line = spec.lines[0]
    columns = list(mapping.values())
    data_row = None
    for r in range(start, len(sheet.rows)):
        if sheet.is_note(sheet.rows[r]) or not sheet.has_amount(r, columns):
            if data_row is None:
                for column in spec.columns:
                    if sheet.value(r, mapping[column.number]) is None:
                        sheet.blank_amount_cells.add((r, mapping[column.number]))
            continue
        if data_row is not None:
            c = next(c for c in columns if sheet.has_amount(r, [c]))
            sheet.problem(r, c, f"{spec.code}只有一行数据，这里多出一行（数据已在第{data_row + 1}行）")
            continue
        data_row = r
        for column in spec.columns:
            sheet.read_amount(data, line.key, column.key, r, mapping[column.number])


def _split_columns(sheet, end, lead_end):
    """类/款/项 columns when the codes are split, else None."""
    found = {}
    for values in sheet.rows[: end + 1]:
        for c, value in enumerate(values[:lead_end]):
            key = cells.text(value) if isinstance(value, str) else ""
            if key in ("类", "款", "项") and key not in found:
                found[key] = c
    if len(found) == 3 and found["类"] < found["款"] < found["项"]:
        return found["类"], found["款"], found["项"]
    return None


def _lead_name(values, skip):
    for c, value in enumerate(values):
        if c in skip or value is None:
            continue
        if isinstance(value, str) and cells.text(value) and not cells.text(value).isdigit():
            return value.strip()
    return ""


def _name_column(lead, name, default):
    """The column of the lead cells holding `name` (the code's own cell when the name is in it)."""
    for c, value in enumerate(lead):
        if isinstance(value, str) and value.strip() == name:
            return c
    return default


def _read_codes(sheet, data, code_sources):
    spec = sheet.spec
    mapping, start, numbers_row = sheet.locate_columns(spec.code_columns, spec.optional_columns)
    if mapping is None:
        return
    lead_end = min(mapping.values())
    amount_columns = sorted(mapping.values())
    columns = [c for c in spec.columns if c.number in mapping]
    split = _split_columns(sheet, start, lead_end)
    extra = sheet.extra_columns(start, set(amount_columns))
    current = {"class": "", "kuan": ""}
    seen = {}
    for r in range(start, len(sheet.rows)):
        values = sheet.rows[r]
        if sheet.is_note(values):
            continue
        lead = list(values[:lead_end])
        texts = [cells.text(v) for v in lead]
        if any(t in TOTAL_WORDS for t in texts):
            key, where = TOTAL_ROW, next(i for i, t in enumerate(texts) if t in TOTAL_WORDS)
            if key in seen:
                sheet.problem(r, where, f"“合计”行重复（已在{seen[key]}）")
                continue
            seen[key] = _cell(sheet.title, r, where)
        else:
            code, name, where = _code_of_row(sheet, r, lead, split, current)
            if code is None:
                if sheet.has_amount(r, amount_columns):
                    c = next(c for c in amount_columns if sheet.has_amount(r, [c]))
                    sheet.problem(r, c, "这一行有金额但没有科目编码")
                continue
            if not spec.is_valid_row_key(code):
                sheet.problem(r, where, f"科目编码“{code}”位数不对（应为{'3、5或7' if spec.layout == LAYOUT_CODES else '3或5'}位数字）")
                continue
            if code in seen:
                sheet.problem(r, where, f"科目编码 {code} 重复（已在{seen[code]}）")
                continue
            seen[code] = _cell(sheet.title, r, where)
            problem = text_problem(name, max_length=NAME_LENGTH, label=f"科目 {code} 的名称")
            if problem:
                sheet.problem(r, _name_column(lead, name, where), problem)
                continue
            data.code_rows.append((code, name))
            code_sources[(spec.number, code)] = sheet.source(r, where)
            key = code
        for column in columns:
            sheet.read_amount(data, key, column.key, r, mapping[column.number])
        for c, label in extra.items():
            if sheet.has_amount(r, [c]):
                sheet.problem(r, c, f"“{label}”栏有金额，但{spec.code}（{spec.name}）没有这一栏，无法保存；请核对")


def _code_of_row(sheet, r, lead, split, current):
    """(code, name, column of the code) for a code-table row, or (None, …) when it has none."""
    if split:
        parts = []
        for c in split:
            value = lead[c] if c < len(lead) else None
            code, _ = cells.split_code(value) if not isinstance(value, str) or value.strip() else (None, None)
            if code is None and isinstance(value, (int, str)) and cells.text(value).isdigit():
                code = cells.text(value)
            parts.append(code or "")
        cls, kuan, xiang = parts
        if not (cls or kuan or xiang):
            return None, None, None
        where = split[0] if cls else split[1] if kuan else split[2]
        if len(cls) > 3:  # the whole code typed in the 类 column
            name = _lead_name(lead, set(split))
            return cls, name, split[0]
        if cls:
            current["class"], current["kuan"] = cls, ""
        if kuan:
            current["kuan"] = kuan
        if xiang:
            code = current["class"] + current["kuan"] + xiang.zfill(2)
        elif kuan:
            code = current["class"] + kuan.zfill(2)
        else:
            code = cls
        if (kuan or xiang) and not current["class"]:
            return parts[0] + parts[1] + parts[2], "", where
        return code, _lead_name(lead, set(split)), where
    for c, value in enumerate(lead):
        code, rest = cells.split_code(value)
        if code is not None:
            name = rest or _lead_name(lead[c + 1 :], set())
            return code, name, c
        if isinstance(value, str) and cells.text(value):
            # a name before any code: the code column is empty
            break
    return None, None, None


def _economic_blocks(sheet, end):
    """Table 06's side-by-side blocks: [(code column, name column, amount column, 款 column or None)].

    The code is in one column, or split over 类|款 columns under the 编码 header.
    """
    code_columns, amount_columns, labels = set(), set(), {}
    for values in sheet.rows[:end]:
        for c, value in enumerate(values):
            key = cells.text(value) if isinstance(value, str) else ""
            if key.endswith("编码"):
                code_columns.add(c)
            elif key in ("决算数", "金额"):
                amount_columns.add(c)
            elif key in ("类", "款"):
                labels[(key, c)] = True
    blocks = []
    codes = sorted(code_columns)
    for i, code_column in enumerate(codes):
        limit = codes[i + 1] if i + 1 < len(codes) else 10**6
        amount_column = next((c for c in sorted(amount_columns) if code_column < c < limit), None)
        if amount_column is None:
            continue
        if ("类", code_column) in labels and ("款", code_column + 1) in labels:
            blocks.append((code_column, code_column + 2, amount_column, code_column + 1))
        else:
            blocks.append((code_column, code_column + 1, amount_column, None))
    return blocks


def _economic_code(sheet, r, code_column, kuan_column, current):
    """(code, rest of the cell) of a 06 row; a 款 alone in a split block joins the 类 above it."""
    if kuan_column is None:
        return cells.split_code(sheet.value(r, code_column))
    cls, _ = cells.split_code(sheet.value(r, code_column))
    kuan = cells.text(sheet.value(r, kuan_column))
    if cls and len(cls) == 5:  # the whole code typed in the 类 column
        return cls, ""
    if cls:
        current["class"] = cls
        return (cls + kuan.zfill(2), "") if kuan.isdigit() else (cls, "")
    if kuan.isdigit() and current.get("class"):
        return current["class"] + kuan.zfill(2), ""
    return (kuan, "") if kuan.isdigit() else (None, None)


def _read_economic(sheet, data, code_sources):
    spec = sheet.spec
    end = sheet.header_end()
    blocks = _economic_blocks(sheet, end)
    if not blocks:
        sheet.problems.append(Problem(sheet.title, "", "找不到“经济分类科目编码”和“决算数”栏"))
        return
    column = spec.code_columns[0]
    amount_columns = [b[2] for b in blocks]
    totals = {cells.text(g.total_label): g for g in spec.groups}
    seen = {}
    total_rows = []
    for code_column, name_column, amount_column, kuan_column in blocks:
        current = {}
        for r in range(end, len(sheet.rows)):
            values = sheet.rows[r]
            if sheet.is_note(values):
                continue
            label = cells.text(sheet.value(r, code_column))
            if label in totals:
                total_rows.append((r, code_column, totals[label]))
                continue
            code, rest = _economic_code(sheet, r, code_column, kuan_column, current)
            if code is None:
                if sheet.has_amount(r, [amount_column]) and not any(
                    cells.text(v) in totals for v in values if isinstance(v, str)
                ):
                    sheet.problem(r, amount_column, "这一行有金额但没有经济分类科目编码")
                continue
            if not spec.is_valid_row_key(code):
                sheet.problem(r, code_column, f"经济分类科目编码“{code}”位数不对（应为3或5位数字）")
                continue
            if spec.group_for_code(code) is None:
                classes = "、".join(f"{g.title}（{'、'.join(g.classes)}）" for g in spec.groups)
                sheet.problem(r, code_column, f"经济分类科目 {code} 不属于{classes}")
                continue
            if code in seen:
                sheet.problem(r, code_column, f"经济分类科目编码 {code} 重复（已在{seen[code]}）")
                continue
            seen[code] = _cell(sheet.title, r, code_column)
            name = str(rest or (sheet.value(r, name_column) or "")).strip()
            problem = text_problem(name, max_length=NAME_LENGTH, label=f"科目 {code} 的名称")
            if problem:
                name_at = name_column if not rest and name_column is not None else code_column
                sheet.problem(r, name_at, problem)
                continue
            data.code_rows.append((code, name))
            code_sources[(spec.number, code)] = sheet.source(r, code_column)
            sheet.read_amount(data, code, column.key, r, amount_column)
    # A group total's amount is in the last amount column from its label to the next label.
    labels = sorted(total_rows)
    found = set()
    for i, (r, c, group) in enumerate(labels):
        if group.key in found:
            sheet.problem(r, c, f"“{group.total_label}”重复")
            continue
        found.add(group.key)
        following = [lc for lr, lc, _ in labels if lr == r and lc > c]
        limit = min(following) if following else 10**6
        candidates = [ac for ac in amount_columns if c < ac < limit]
        filled = [ac for ac in candidates if sheet.has_amount(r, [ac])]
        if len(filled) > 1:
            where = "、".join(_cell(sheet.title, r, ac) for ac in filled)
            sheet.problem(r, filled[-1], f"“{group.total_label}”在 {where} 都有金额，只能有一个")
            continue
        if filled:
            sheet.read_amount(data, group.total_key, column.key, r, filled[0])


READERS = {LAYOUT_LINES: _read_lines, LAYOUT_CODES: _read_codes, LAYOUT_ECONOMIC: _read_economic}


# Whatever the file claims (a cell at XFD1048576 costs nothing), only the first MAX_ROWS rows
# and MAX_COLUMNS columns are read, far more than the nine tables use.
MAX_ROWS = 20000
MAX_COLUMNS = 200


def _find_sheets(rows_by_title, layout=None, *, missing_ok=False):
    """{table number: worksheet title}, with problems for doubles and mismatches (and, unless
    `missing_ok`, for tables with no sheet).

    A sheet named by a bare number (表7, 七) whose title names another table is that
    table: numbering differs between regions, titles do not.
    """
    problems, found, by_content = [], {}, {}
    for title in rows_by_title:
        number = _number_from_sheet_name(title, layout)
        if number is None:
            continue
        named = _number_from_content(rows_by_title[title][:8])
        if named is not None and named != number and not _PROJECT_SHEET_NAME.match(cells.text(title)):
            number = named
        if number in found:
            problems.append(Problem(message=f"工作簿中有两张{TABLES[number - 1].code}：“{found[number]}”和“{title}”"))
            continue
        found[number] = title
    for title, rows in rows_by_title.items():
        if title in found.values():
            continue
        number = _number_from_content(rows[:8])
        if number is not None and number not in found and number not in by_content:
            by_content[number] = title
    found.update(by_content)
    for spec in TABLES:
        if spec.number not in found and not missing_ok:
            problems.append(
                Problem(
                    message=f"缺少{spec.code}（{spec.name}）：没有名为“{spec.code}”“表{spec.number}”等的工作表，"
                    f"也没有标题为“{spec.name}”的工作表"
                )
            )
    return found, problems


def _formula_problems(formulas, sheets):
    """Amount cells that hold a formula whose result the file does not keep.

    Formulas are not computed here; Excel and LibreOffice store each result,
    but a file written by a script may not. Such a cell would silently read as
    zero, so it is refused.
    """
    return [
        Problem(sheet.title, _cell(sheet.title, r, c), "公式没有保存计算结果，请在 Excel 中打开、保存后再上传")
        for sheet in sheets
        for r, c in sorted(sheet.blank_amount_cells & formulas.get(sheet.title, set()))
    ]


def workbook_read(*, fileobj, filename="", profile=None):
    """The nine tables of an uploaded workbook; raise WorkbookError listing every problem.

    `profile` (disclosures.regions) says how the region numbers and labels its tables;
    without one, the default region's.
    """
    deadline = Deadline()
    data = read_upload(fileobj)
    package = open_package(data, filename=filename)
    package_census(package, deadline=deadline)
    values = _parsed(lambda: workbook_values(package, deadline=deadline, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS))
    content, sheets, problems = _read_workbook(values.rows, table_layout(profile))
    problems = problems + [p for sheet in sheets for p in sheet.problems]
    if problems:
        raise WorkbookError(problems)
    formula_problems = _formula_problems(values.formulas, sheets)
    if formula_problems:
        raise WorkbookError(formula_problems)
    return content


def _parsed(parse):
    """What `parse` (reading the file's XML) returns; WorkbookError for whatever it raises.

    A damaged or crafted file makes the reading fail in many ways (ValueError, IndexError,
    TypeError, KeyError, ExpatError …), all of them the file's fault.
    """
    try:
        return parse()
    except WorkbookError:  # the deadline, or a limit
        raise
    except Exception as exc:
        raise WorkbookError([Problem(message=UNSAFE_XML if isinstance(exc, UnsafeXml) else DAMAGED)]) from None


def sheets_read(rows_by_title, *, profile=None):
    """The nine tables from sheets already laid out as rows of cell values ({sheet title: rows}),
    e.g. the tables of a published PDF rebuilt as grids (disclosures.published): (WorkbookContent,
    [Problem]). A table with no sheet is left to the caller to report; its TableData stays empty."""
    content, sheets, problems = _read_workbook(rows_by_title, table_layout(profile), missing_ok=True)
    return content, problems + [p for sheet in sheets for p in sheet.problems]


def _read_workbook(rows_by_title, layout=None, *, missing_ok=False):
    """(WorkbookContent, the sheets read, workbook-level problems)."""
    layout = layout or table_layout()
    found, problems = _find_sheets(rows_by_title, layout, missing_ok=missing_ok)
    sheets, notes = [], []
    for number, title in sorted(found.items()):
        sheet = _Sheet(TABLES[number - 1], title, rows_by_title[title], layout)
        sheet.read_info()
        sheets.append(sheet)
        named = _number_from_content(sheet.rows)
        by_name = _number_from_sheet_name(title, layout)
        if by_name is not None and named is not None and named != by_name and named != number:
            problems.append(
                Problem(
                    title,
                    "",
                    f"工作表名称表示{sheet.spec.code}（{sheet.spec.name}），但表中标题是{TABLES[named - 1].code}"
                    f"（{TABLES[named - 1].name}），请核对",
                )
            )
    units = Counter(sheet.unit for sheet in sheets if sheet.unit)
    if sheets and not units:
        problems.append(Problem(message="没有找到金额单位（应有“金额单位：万元”或“金额单位：元”）"))
    default_unit = units.most_common(1)[0][0] if units else UNIT_WAN
    years = Counter(sheet.year for sheet in sheets if sheet.year)
    if len(years) > 1:
        detail = "、".join(f"{s.title}为{s.year}年度" for s in sheets if s.year)
        problems.append(Problem(message=f"各表的年度不一致：{detail}"))
    tables = {number: TableData(number=number) for number in range(1, 10)}
    code_sources = {}
    for sheet in sheets:
        sheet.unit = sheet.unit or default_unit
        READERS[sheet.spec.layout](sheet, tables[sheet.spec.number], code_sources)
    for sheet in sheets:
        by_name = _number_from_sheet_name(sheet.title, layout)
        if by_name is not None and by_name != sheet.spec.number:
            notes.append(
                Problem(
                    sheet.title,
                    "",
                    f"工作表名称按{layout.profile_name}的表序是{TABLES[by_name - 1].code}，但标题表明是"
                    f"{sheet.spec.code}（{sheet.spec.name}）：按标题读取",
                )
            )
    names = Counter(sheet.department_name for sheet in sheets if sheet.department_name)
    department_name = names.most_common(1)[0][0] if names else ""
    year = years.most_common(1)[0][0] if years else None
    document = next((sheet.document_title for sheet in sheets if sheet.document_title), None)
    if document and not department_name:
        department_name = document[0]
        notes.append(Problem(document[2], "", f"表中没有“编制单位”：单位名称取自标题“{document[0]}{document[1]}年度部门决算”"))
    if document and year is None:
        year = document[1]
        notes.append(Problem(document[2], "", f"表中没有年度：年度取自标题（{document[1]}年度）"))
    if not department_name:
        notes.append(Problem(message="表中没有“编制单位”，标题中也没有单位名称：按导入时指定的部门导入"))
    if year is None:
        notes.append(Problem(message="表中没有年度，标题中也没有：按导入时指定的年度导入"))
    content = WorkbookContent(
        tables=tables,
        # 万元 anywhere means figures were rounded per line: totals may differ by 尾差.
        unit=UNIT_WAN if UNIT_WAN in units else UNIT_YUAN,
        department_name=department_name,
        year=year,
        code_sources=code_sources,
        notes=notes + [n for sheet in sheets for n in sheet.notes],
    )
    return content, sheets, problems
