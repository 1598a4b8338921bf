"""The values of a table, independent of how they are stored; amounts as in amounts.py."""

from dataclasses import dataclass, field

from .amounts import (  # noqa: F401  (the amounts are imported from here throughout)
    CENT,
    MAX_AMOUNT,
    TEN_THOUSAND,
    ZERO,
    AmountError,
    to_amount,
    wan_to_yuan,
    yuan_to_wan,
)
from .spec import LAYOUT_LINES, table_spec


@dataclass
class TableData:
    """One table's content: its code lines (code tables) and its non-zero amounts."""

    number: int
    cells: dict = field(default_factory=dict)  # (row, column) -> Decimal 元
    code_rows: list = field(default_factory=list)  # [(code, name)] in sheet order
    sources: dict = field(default_factory=dict)  # (row, column) -> "公开03表!E8"

    @property
    def spec(self):
        return table_spec(self.number)

    def get(self, row, column):
        return self.cells.get((row, column), ZERO)

    def set(self, row, column, value, source=""):
        self.cells[(row, column)] = to_amount(value)
        if source:
            self.sources[(row, column)] = source

    @property
    def is_empty(self):
        return not any(self.cells.values())

    def errors(self):
        """Keys that the table's description does not know, in plain Chinese."""
        spec = self.spec
        problems = []
        codes = [code for code, _ in self.code_rows]
        if self.code_rows and spec.layout == LAYOUT_LINES:
            problems.append(f"{spec.code}没有科目行")
        if len(codes) != len(set(codes)):
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            problems.append(f"{spec.code}科目编码重复：{'、'.join(dupes)}")
        known_rows = set(spec.fixed_row_keys()) | set(codes)
        for row, column in self.cells:
            if row not in known_rows or not spec.is_valid_row_key(row):
                problems.append(f"{spec.code}没有行“{row}”")
            elif column not in {c.key for c in spec.columns_for_row(row)}:
                problems.append(f"{spec.code}第“{row}”行没有列“{column}”")
        for code in codes:
            if not spec.is_valid_row_key(code):
                problems.append(f"{spec.code}科目编码“{code}”位数不对")
        return problems
