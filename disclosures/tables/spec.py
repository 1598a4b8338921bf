"""Load the nine tables' description from nine_tables.toml into frozen dataclasses.

The description is read once at import. Everything that knows the shape of a
table (importer, exporter, forms, PDF, rules) asks this module.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SPEC_FILE = Path(__file__).with_name("nine_tables.toml")

TOTAL_ROW = "total"

LAYOUT_LINES = "lines"
LAYOUT_CODES = "codes"
LAYOUT_ECONOMIC = "economic"

CODE_LEVELS = {3: "类", 5: "款", 7: "项"}


class SpecError(ValueError):
    pass


def parse_members(expression, *, numeric):
    """Parse "1-8", "27,28,29" or "basic,project" into a tuple of members."""
    members = []
    for part in expression.split(","):
        part = part.strip()
        if numeric and "-" in part:
            start, end = (int(x) for x in part.split("-"))
            members.extend(str(n) for n in range(start, end + 1))
        else:
            members.append(part)
    return tuple(members)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    number: int
    group: str = ""
    sum_of: tuple = ()
    fund: str = ""
    optional: bool = False  # printed only where a region's profile prints it (nine_tables.toml)
    carry_from: str = ""  # the column of last year's table this one opens with (年初 = 上年年末)

    @property
    def group_path(self):
        return tuple(self.group.split("/")) if self.group else ()


@dataclass(frozen=True)
class Line:
    number: int
    label: str
    side: str
    sum_of: tuple = ()
    function_class: str = ""
    fund: str = ""
    is_blank: bool = False  # a numbered placeholder line that never holds an amount
    carry_from: str = ""  # the line of last year's table this one opens with (年初 = 上年年末)

    @property
    def key(self):
        return str(self.number)


@dataclass(frozen=True)
class Side:
    key: str
    title: str
    columns: tuple
    lines: tuple


@dataclass(frozen=True)
class EconomicGroup:
    key: str
    title: str
    classes: tuple
    total_key: str
    total_label: str
    blocks: tuple = ()  # the classes of each side-by-side block of the published layout


@dataclass(frozen=True)
class EconomicBlock:
    """One side-by-side block of 公开06表 as published: a group's classes, their code rows."""

    group: EconomicGroup
    rows: tuple  # (code, name)


@dataclass(frozen=True)
class TableSpec:
    number: int
    name: str
    layout: str
    note: str
    empty_note: str = ""
    code_kind: str = ""
    detail_level: int = 0
    hide_zero_rows: bool = False
    sides: tuple = ()
    code_columns: tuple = ()  # the columns the project's layout prints, in order
    groups: tuple = field(default=())
    optional_columns: tuple = ()  # columns only some regions print (optional = true)
    all_code_columns: tuple = ()  # both, in the order a region printing them all prints them

    @property
    def code(self):
        """The official sheet name, e.g. 公开01表."""
        return f"公开{self.number:02d}表"

    @property
    def has_codes(self):
        return self.layout in (LAYOUT_CODES, LAYOUT_ECONOMIC)

    @cached_property
    def columns(self):
        """Every column once, in sheet order (both sides for two-sided tables); a code table's
        optional columns after its own."""
        if self.sides:
            seen, result = set(), []
            for side in self.sides:
                for column in side.columns:
                    if column.key not in seen:
                        seen.add(column.key)
                        result.append(column)
            return tuple(result)
        return self.code_columns + self.optional_columns

    def printed_code_columns(self, optional_keys=()):
        """A code table's columns in print order: its own and the optional ones named."""
        return tuple(c for c in self.all_code_columns if not c.optional or c.key in optional_keys)

    @cached_property
    def lines(self):
        return tuple(line for side in self.sides for line in side.lines)

    @cached_property
    def lines_by_key(self):
        return {line.key: line for line in self.lines}

    @cached_property
    def columns_by_key(self):
        return {column.key: column for column in self.columns}

    def side_of(self, line_key):
        line = self.lines_by_key[line_key]
        return next(side for side in self.sides if side.key == line.side)

    def columns_for_row(self, row_key):
        """The columns that may hold amounts on a given row (a code table's optional ones too)."""
        if self.layout == LAYOUT_LINES:
            return self.side_of(row_key).columns
        return self.columns

    def fixed_row_keys(self):
        """Rows every report has, whatever its codes: numbered lines or totals."""
        if self.layout == LAYOUT_LINES:
            return tuple(line.key for line in self.lines if not line.is_blank)
        if self.layout == LAYOUT_ECONOMIC:
            return tuple(group.total_key for group in self.groups)
        return (TOTAL_ROW,)

    def is_valid_row_key(self, row_key):
        if self.layout == LAYOUT_LINES:
            line = self.lines_by_key.get(row_key)
            return line is not None and not line.is_blank
        if row_key in self.fixed_row_keys():
            return True
        return row_key.isdigit() and len(row_key) in (CODE_LEVELS if self.layout == LAYOUT_CODES else (3, 5))

    def group_for_code(self, code):
        """Table 06: the group (人员经费/公用经费) an economic code belongs to."""
        for group in self.groups:
            if code[:3] in group.classes:
                return group
        return None

    def economic_blocks(self, code_rows):
        """Table 06's code rows in the published side-by-side blocks, in the rows' own order."""
        return tuple(
            EconomicBlock(group, tuple((code, name) for code, name in code_rows if code[:3] in classes))
            for group in self.groups
            for classes in group.blocks
        )

    def row_label(self, row_key, name=""):
        if self.layout == LAYOUT_LINES:
            return self.lines_by_key[row_key].label
        if row_key == TOTAL_ROW:
            return "合计"
        for group in self.groups:
            if row_key == group.total_key:
                return group.total_label
        return name


def _column(raw):
    return Column(
        key=raw["key"],
        label=raw["label"],
        number=raw["number"],
        group=raw.get("group", ""),
        sum_of=parse_members(raw["sum"], numeric=False) if "sum" in raw else (),
        fund=raw.get("fund", ""),
        optional=bool(raw.get("optional", False)),
        carry_from=str(raw.get("carry_from", "")),
    )


def _lines(raw_lines, side_key):
    lines = []
    for raw in raw_lines:
        if "blank_to" in raw:
            lines.extend(Line(number=n, label="", side=side_key, is_blank=True) for n in range(raw["n"], raw["blank_to"] + 1))
            continue
        lines.append(
            Line(
                number=raw["n"],
                label=raw["label"],
                side=side_key,
                sum_of=parse_members(raw["sum"], numeric=True) if "sum" in raw else (),
                function_class=raw.get("class", ""),
                fund=raw.get("fund", ""),
                carry_from=str(raw.get("carry_from", "")),
            )
        )
    return tuple(lines)


def _table(raw):
    sides = tuple(
        Side(
            key=side["key"],
            title=side["title"],
            columns=tuple(_column(c) for c in side["columns"]),
            lines=_lines(side["lines"], side["key"]),
        )
        for side in raw.get("side", ())
    )
    groups = tuple(
        EconomicGroup(
            key=g["key"],
            title=g["title"],
            classes=tuple(g["classes"]),
            total_key=g["total_key"],
            total_label=g["total_label"],
            blocks=tuple(tuple(b) for b in g.get("blocks", [g["classes"]])),
        )
        for g in raw.get("group", ())
    )
    columns = tuple(_column(c) for c in raw.get("columns", ())) if not sides else ()
    return TableSpec(
        number=raw["number"],
        name=raw["name"],
        layout=raw["layout"],
        note=raw.get("note", ""),
        empty_note=raw.get("empty_note", ""),
        code_kind=raw.get("code_kind", ""),
        detail_level=raw.get("detail_level", 0),
        hide_zero_rows=raw.get("hide_zero_rows", False),
        sides=sides,
        code_columns=tuple(c for c in columns if not c.optional),
        groups=groups,
        optional_columns=tuple(c for c in columns if c.optional),
        all_code_columns=columns,
    )


def validate(tables):
    """Refuse a description whose sums name lines or columns that do not exist."""
    numbers = [t.number for t in tables]
    if numbers != list(range(1, 10)):
        raise SpecError(f"expected tables 1..9 in order, got {numbers}")
    for table in tables:
        line_keys = {line.key for line in table.lines}
        for line in table.lines:
            missing = set(line.sum_of) - line_keys
            if missing:
                raise SpecError(f"{table.code} line {line.number}: sum names unknown lines {sorted(missing)}")
            source = table.lines_by_key.get(line.carry_from)
            if line.carry_from and (source is None or source.is_blank or line.sum_of):
                raise SpecError(f"{table.code} line {line.number}: carry_from names no line, or the line is a sum")
        groups = table.sides or (Side("", "", table.all_code_columns, ()),)
        for side in groups:
            keys = {c.key for c in side.columns}
            for column in side.columns:
                missing = set(column.sum_of) - keys
                if missing:
                    raise SpecError(f"{table.code} column {column.key}: sum names unknown columns {sorted(missing)}")
                if column.optional and (column.sum_of or column.group or table.sides):
                    raise SpecError(f"{table.code} column {column.key}: an optional column is a code table's plain column")
                if column.carry_from and (column.carry_from not in keys or column.sum_of or table.sides):
                    raise SpecError(f"{table.code} column {column.key}: carry_from names no column of this code table")
        if not table.sides and (
            sorted(c.number for c in table.columns) != list(range(1, len(table.columns) + 1))
            or any(c.number <= len(table.code_columns) for c in table.optional_columns)
        ):
            raise SpecError(f"{table.code}: columns are numbered 1…n, optional ones after the table's own")
        for group in table.groups:
            if sorted(c for block in group.blocks for c in block) != sorted(group.classes):
                raise SpecError(f"{table.code} group {group.key}: blocks must hold each class once")
    return tables


def load(path=SPEC_FILE):
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    return validate(tuple(_table(t) for t in raw["table"]))


TABLES = load()
TABLES_BY_NUMBER = {t.number: t for t in TABLES}


def table_spec(number):
    return TABLES_BY_NUMBER[int(number)]
