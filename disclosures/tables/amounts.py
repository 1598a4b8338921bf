"""Amounts: Decimals in 元 with at most two places (分), and 万元 as published.

Floats are refused: a binary float cannot hold 0.1 and must never reach a published figure.
Apart from values.py (the tables' values) so that what needs only amounts, the models among
them, does not load the tables' description at django.setup() (bench/command_start.py).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
