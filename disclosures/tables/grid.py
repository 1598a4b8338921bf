"""A table laid out for reading (the public page, the PDF, CSV): header rows and body rows.

As published: header rows with the 栏次 row of column numbers, no code row that is zero in every
column where the table says so (spec.hide_zero_rows: 零值指标不列示), and 公开06表 in its
side-by-side blocks (人员经费 | 公用经费 …). The report pages of accountants and reviewers keep the
zero rows (their findings link to them); the narrow panels beside the explanation text list 06
one row per code.
Amounts are converted to 万元 here, at the edge, and nowhere before.
"""

from dataclasses import dataclass, field

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


def format_wan(amount, *, blank_zero=True):
    if not amount and blank_zero:
        return ""
    return f"{yuan_to_wan(amount):,.2f}"


def _header_depth(columns):
    return max((len(c.group_path) for c in columns), default=0) + 1


def _column_header_rows(columns, lead, depth=None):
    """Header rows for columns with nested group paths ("预算数/公务用车购置及运行维护费"),
    `depth` rows deep (the columns' own depth by default)."""
    depth = depth or _header_depth(columns)
    rows = [[] for _ in range(depth)]
    for text in lead:
        rows[0].append(Cell(text, rowspan=depth, header=True, scope="col"))
    for level in range(depth):
        i = 0
        while i < len(columns):
            column = columns[i]
            path = column.group_path
            if level < len(path):
                j = i
                while j < len(columns) and columns[j].group_path[: level + 1] == path[: level + 1]:
                    j += 1
                rows[level].append(Cell(path[level], colspan=j - i, header=True, scope="colgroup"))
                i = j
            else:
                if level == len(path):
                    rows[level].append(Cell(column.label, rowspan=depth - level, header=True, scope="col"))
                i += 1
    return rows


def _numbers(columns):
    """The 栏次 row's cells: each column's number."""
    return [Cell(str(c.number), header=True) for c in columns]


def _lines_grid(spec, data, grid):
    if len(spec.sides) == 2:
        income, expenditure = spec.sides
        grid.head.append(
            [
                Cell(income.title, colspan=2 + len(income.columns), header=True, scope="colgroup"),
                Cell(expenditure.title, colspan=2 + len(expenditure.columns), header=True, scope="colgroup"),
            ]
        )
        # 04: 决算数 over the expenditure side's four columns, as published
        depth = max(_header_depth(side.columns) for side in spec.sides)
        sides = [_column_header_rows(list(side.columns), ("项目", "行次"), depth) for side in spec.sides]
        grid.head.extend(left + right for left, right in zip(*sides))
        grid.head.append(
            [cell for side in spec.sides for cell in [Cell("栏次", header=True), Cell("", header=True)] + _numbers(side.columns)]
        )
        for left, right in zip(income.lines, expenditure.lines):
            row = []
            for line, side in ((left, income), (right, expenditure)):
                row.append(Cell(line.label, header=not line.is_blank, scope="" if line.is_blank else "row"))
                row.append(Cell(str(line.number), centered=True))
                row.extend(
                    Cell("" if line.is_blank else format_wan(data.get(line.key, c.key)), amount=True, anchor="" if line.is_blank else f"t{spec.number}-{line.key}-{c.key}")
                    for c in side.columns
                )
            grid.body.append(row)
        return
    side = spec.sides[0]
    grid.head.extend(_column_header_rows(list(side.columns), lead=()))
    grid.head.append(_numbers(side.columns))
    for line in side.lines:
        grid.body.append([Cell(format_wan(data.get(line.key, c.key)), amount=True, anchor=f"t{spec.number}-{line.key}-{c.key}") for c in side.columns])


def _codes_grid(spec, data, grid, *, hide_zero_rows):
    columns = list(spec.code_columns)
    grid.head.extend(_column_header_rows(columns, lead=("科目编码", "科目名称")))
    grid.head.append([Cell("栏次", colspan=2, header=True)] + _numbers(columns))
    hide_zero = hide_zero_rows and spec.hide_zero_rows
    rows = [(TOTAL_ROW, "", "合计")] + [
        (code, code, name)
        for code, name in data.code_rows
        if not hide_zero or any(data.get(code, c.key) for c in columns)
    ]
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


def table_grid(data, *, year, hide_zero_rows=True, economic_blocks=True):
    spec = data.spec
    grid = Grid(number=spec.number, code=spec.code, name=spec.name, note=spec.note)
    if spec.layout == LAYOUT_LINES:
        _lines_grid(spec, data, grid)
    elif spec.layout == LAYOUT_CODES:
        _codes_grid(spec, data, grid, hide_zero_rows=hide_zero_rows)
    elif economic_blocks:
        _economic_blocks_grid(spec, data, grid)
    else:
        _economic_grid(spec, data, grid)
    if data.is_empty and spec.empty_note:
        grid.empty_note = spec.empty_note.format(year=year)
    return grid
