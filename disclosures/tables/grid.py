"""A table laid out for reading (the public page, the PDF, CSV): header rows and body rows.

As published: header rows with the 栏次 row of column numbers, no code row that is zero in every
column where the table says so (spec.hide_zero_rows: 零值指标不列示), and 公开06表 in its
side-by-side blocks (人员经费 | 公用经费 …). The report pages of accountants and reviewers keep the
zero rows (their findings link to them); the narrow panels beside the explanation text list 06
one row per code.
As the region prints it (its profile's table layout, disclosures.regions.tables): with or without
the 行次 column and the 栏次 row, 合计 first or last, the optional columns it prints, 三公's
预算数/决算数 interleaved or not.
Amounts are converted to 万元 here, at the edge, and nowhere before.
"""

from dataclasses import dataclass, field
from itertools import zip_longest
from typing import NamedTuple

from ..regions.tables import table_layout
from .spec import LAYOUT_CODES, LAYOUT_LINES, TOTAL_ROW
from .values import yuan_to_wan


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    amount: bool = False
    centered: bool = False  # 行次
    scope: str = ""
    anchor: str = ""  # id of an amount cell, t{table}-{row}-{column}: findings link to it


@dataclass
class Grid:
    number: int
    code: str
    name: str
    head: list = field(default_factory=list)
    body: list = field(default_factory=list)
    note: str = ""  # 注：本表反映…
    empty_note: str = ""
    info_line: bool = True  # 编制单位/年度 above the table (the region's profile: info_line)
    sides: int = 1  # blocks side by side: 2 for 收入 | 支出, one per block of 06's 人员经费 | 公用经费


def format_wan(amount, *, blank_zero=True):
    if not amount and blank_zero:
        return ""
    return f"{yuan_to_wan(amount):,.2f}"


def _header_depth(columns):
    return max((len(c.group_path) for c in columns), default=0) + 1


class HeaderCell(NamedTuple):
    level: int  # header row, from 0
    index: int  # first column, from 0
    text: str
    rowspan: int
    colspan: int
    group: bool  # a group over columns (else a column's label)


def header_cells(columns, depth=None, *, leaves_last=False):
    """The header over columns with nested group paths ("预算数/公务用车购置及运行维护费"), `depth`
    rows deep (the columns' own depth by default): each group over its columns, each label under
    its groups and down to the last row. With `leaves_last` (三公 with 预算数/决算数 under each
    item) every label is on the last row and a group over labels only reaches down to them.
    The Excel writer and the grids both lay their headers out from here."""
    depth = depth or _header_depth(columns)
    cells, stretched = [], set()
    for level in range(depth):
        i = 0
        while i < len(columns):
            path = columns[i].group_path
            if level < len(path):
                j = i
                while j < len(columns) and columns[j].group_path[: level + 1] == path[: level + 1]:
                    j += 1
                rowspan = 1
                if leaves_last and all(len(c.group_path) == level + 1 for c in columns[i:j]):
                    rowspan = depth - 1 - level
                    stretched.update(range(i, j))
                cells.append(HeaderCell(level, i, path[level], rowspan, j - i, True))
                i = j
                continue
            if not leaves_last or not path:
                if level == len(path):
                    cells.append(HeaderCell(level, i, columns[i].label, depth - level, 1, False))
            elif level == depth - 1:
                cells.append(HeaderCell(level, i, columns[i].label, 1, 1, False))
            elif i not in stretched:
                cells.append(HeaderCell(level, i, "", 1, 1, False))  # under a shorter path than its neighbours'
            i += 1
    return cells


def _column_header_rows(columns, lead, depth=None, *, leaves_last=False):
    """Header rows of Cells: `lead` cells (项目, 行次 …) down the whole depth, then header_cells."""
    depth = depth or _header_depth(columns)
    rows = [[] for _ in range(depth)]
    for text in lead:
        rows[0].append(Cell(text, rowspan=depth, header=True, scope="col"))
    for cell in header_cells(columns, depth, leaves_last=leaves_last):
        scope = "colgroup" if cell.group else "col"
        rows[cell.level].append(Cell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan, header=True, scope=scope))
    return rows


def _numbers(columns):
    """The 栏次 row's cells: each column's number."""
    return [Cell(str(c.number), header=True) for c in columns]


def printed_lines(spec, layout):
    """01/04's rows as printed, [(income line or None, expenditure line or None)].

    With 行次, every line, blank ones included; without (the region's line_numbers = false), the
    lines the region leaves out (omit_lines) and the blank ones are empty cells, and a row with
    both sides empty is not printed: the totals stay side by side (本年收入合计 | 本年支出合计)."""
    if layout.line_numbers:
        return list(zip_longest(*(side.lines for side in spec.sides)))
    omitted = {str(n) for n in layout.omit_lines.get(spec.number, ())}
    rows = []
    for pair in zip_longest(*(side.lines for side in spec.sides)):
        shown = tuple(None if line is None or line.is_blank or line.key in omitted else line for line in pair)
        if any(shown):
            rows.append(shown)
    return rows


def _lines_grid(spec, data, grid, layout):
    numbered = layout.line_numbers
    lead = ("项目", "行次") if numbered else ("项目",)
    if len(spec.sides) == 2:
        columns = [layout.printed_columns(spec, side.columns) for side in spec.sides]
        grid.head.append(
            [
                Cell(side.title, colspan=len(lead) + len(side_columns), header=True, scope="colgroup")
                for side, side_columns in zip(spec.sides, columns)
            ]
        )
        # 04: 决算数 over the expenditure side's four columns, as published
        depth = max(_header_depth(side_columns) for side_columns in columns)
        interleaved = spec.number in layout.interleaved
        sides = [_column_header_rows(side_columns, lead, depth, leaves_last=interleaved) for side_columns in columns]
        grid.head.extend(left + right for left, right in zip(*sides))
        if layout.column_numbers:
            grid.head.append(
                [
                    cell
                    for side_columns in columns
                    for cell in [Cell("栏次", header=True)] + [Cell("", header=True)] * (len(lead) - 1) + _numbers(side_columns)
                ]
            )
        for pair in printed_lines(spec, layout):
            row = []
            for line, side_columns in zip(pair, columns):
                blank = line is None or line.is_blank
                row.append(Cell("" if blank else line.label, header=not blank, scope="" if blank else "row"))
                if numbered:
                    row.append(Cell(str(line.number) if line else "", centered=True))
                row.extend(
                    Cell("" if blank else format_wan(data.get(line.key, c.key)), amount=True, anchor="" if blank else f"t{spec.number}-{line.key}-{c.key}")
                    for c in side_columns
                )
            grid.body.append(row)
        return
    side = spec.sides[0]
    columns = layout.printed_columns(spec, side.columns)
    grid.head.extend(_column_header_rows(columns, lead=(), leaves_last=spec.number in layout.interleaved))
    if layout.column_numbers:
        grid.head.append(_numbers(columns))
    for line in side.lines:
        grid.body.append([Cell(format_wan(data.get(line.key, c.key)), amount=True, anchor=f"t{spec.number}-{line.key}-{c.key}") for c in columns])


def _codes_grid(spec, data, grid, layout, *, hide_zero_rows):
    columns = layout.printed_columns(spec)
    grid.head.extend(_column_header_rows(columns, lead=("科目编码", "科目名称")))
    if layout.column_numbers:
        grid.head.append([Cell("栏次", colspan=2, header=True)] + _numbers(columns))
    hide_zero = hide_zero_rows and spec.hide_zero_rows
    rows = [
        (code, code, name)
        for code, name in data.code_rows
        if not hide_zero or any(data.get(code, c.key) for c in columns)
    ]
    total = (TOTAL_ROW, "", "合计")
    rows = rows + [total] if spec.number in layout.total_row_last else [total] + rows
    for key, code, name in rows:
        grid.body.append(
            [Cell(code), Cell(name, header=True, scope="row")]
            + [Cell(format_wan(data.get(key, c.key)), amount=True, anchor=f"t{spec.number}-{key}-{c.key}") for c in columns]
        )


def _economic_grid(spec, data, grid):
    """06 one row per code, each group under its title and over its total."""
    column = spec.code_columns[0]
    grid.head.append([Cell(t, header=True, scope="col") for t in ("经济分类科目编码", "科目名称", column.label)])
    for group in spec.groups:
        grid.body.append([Cell(group.title, colspan=3, header=True, scope="rowgroup")])
        for code, name in data.code_rows:
            if code[:3] in group.classes:
                grid.body.append(_economic_cells(spec, data, code, name))
        grid.body.append(_economic_total(spec, data, group, colspan=2))


def _economic_cells(spec, data, code, name):
    column = spec.code_columns[0]
    if code is None:
        return [Cell(), Cell(), Cell(amount=True)]
    anchor = f"t{spec.number}-{code}-{column.key}"
    return [Cell(code), Cell(name, header=True, scope="row"), Cell(format_wan(data.get(code, column.key)), amount=True, anchor=anchor)]


def _economic_total(spec, data, group, *, colspan):
    column = spec.code_columns[0]
    return [
        Cell(group.total_label, colspan=colspan, header=True, scope="row"),
        Cell(format_wan(data.get(group.total_key, column.key)), amount=True, anchor=f"t{spec.number}-{group.total_key}-{column.key}"),
    ]


def _economic_blocks_grid(spec, data, grid):
    """06 as published: each block three columns (编码, 科目名称, 决算数) side by side, the
    groups' titles over their blocks and their totals in the last row."""
    column = spec.code_columns[0]
    blocks = spec.economic_blocks(data.code_rows)
    grid.sides = len(blocks)
    grid.head.append(
        [Cell(g.title, colspan=3 * sum(1 for b in blocks if b.group == g), header=True, scope="colgroup") for g in spec.groups]
    )
    grid.head.append([Cell(t, header=True, scope="col") for _ in blocks for t in ("经济分类科目编码", "科目名称", column.label)])
    length = max((len(b.rows) for b in blocks), default=0)
    for offset in range(length):
        row = []
        for block in blocks:
            code, name = block.rows[offset] if offset < len(block.rows) else (None, None)
            row.extend(_economic_cells(spec, data, code, name))
        grid.body.append(row)
    total = []
    for group in spec.groups:
        width = 3 * sum(1 for b in blocks if b.group == group)
        total.extend(_economic_total(spec, data, group, colspan=width - 1))
    grid.body.append(total)


def table_grid(data, *, year, hide_zero_rows=True, economic_blocks=True, layout=None):
    """`layout` (disclosures.regions.tables.TableLayout): how the region prints the table; by
    default the default region's (the project's layout)."""
    spec = data.spec
    layout = layout or table_layout()
    grid = Grid(
        number=spec.number, code=spec.code, name=spec.name, note=spec.note, info_line=layout.info_line,
        sides=max(len(spec.sides), 1),
    )
    if spec.layout == LAYOUT_LINES:
        _lines_grid(spec, data, grid, layout)
    elif spec.layout == LAYOUT_CODES:
        _codes_grid(spec, data, grid, layout, hide_zero_rows=hide_zero_rows)
    elif economic_blocks:
        _economic_blocks_grid(spec, data, grid)
    else:
        _economic_grid(spec, data, grid)
    if data.is_empty and spec.empty_note:
        grid.empty_note = spec.empty_note.format(year=year)
    return grid
