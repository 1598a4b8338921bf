"""Amounts and the values of a table, independent of how they are stored.

Amounts are Decimals in 元 with at most two places (分). Floats are refused:
a binary float cannot hold 0.1 and must never reach a published figure.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .spec import LAYOUT_LINES, table_spec

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("9999999999999.99")  # models.tables.AMOUNT_DIGITS


class AmountError(ValueError):
    pass


def _exact_decimal(value):
    """A Decimal from a Decimal, int or numeric string ("1,234.56"); floats are refused."""
    if isinstance(value, (bool, float)):
        raise TypeError("金额必须是精确小数，不接受浮点数")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise AmountError(f"“{value}”不是数字") from exc


def to_amount(value):
    """An exact amount in 元 from a Decimal, int or numeric string."""
    amount = _exact_decimal(value)
    if not amount.is_finite():
        raise AmountError(f"“{value}”不是有限数字")
    if abs(amount) > MAX_AMOUNT:  # first: quantizing 1E+30 to the 分 is itself an error
        raise AmountError(f"“{value}”元超出允许范围")
    if amount != amount.quantize(CENT):
        raise AmountError(f"“{value}”元超过两位小数（分）")
    return amount.quantize(CENT)


def wan_to_yuan(value):
    """万元 (up to six places) to 元, exactly."""
    wan = _exact_decimal(value)
    if wan.is_finite() and abs(wan) > MAX_AMOUNT:  # 9E+999999 万元 would overflow the multiplication
        raise AmountError(f"“{value}”万元超出允许范围")
    return to_amount(wan * TEN_THOUSAND)


def yuan_to_wan(amount):
    """元 to 万元 rounded to two places, half up, as published."""
    return (amount / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


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
