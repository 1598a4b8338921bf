"""The checklist's number format rule (自查表第3项) and the numbers a text states.

Amounts are written in 万元 with two decimals, a trailing zero dropped (1000万元, 100.3万元);
percentages with one decimal, a trailing zero dropped (18%). Values are rounded half up.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..tables.values import TEN_THOUSAND

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

AMOUNT = "amount"
PERCENT = "percent"


def _strip_zeros(text):
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_wan_value(wan):
    """A value already in 万元 as the rule writes it: 1000, 100.3, 583.56."""
    return _strip_zeros(f"{Decimal(wan).quantize(CENT, rounding=ROUND_HALF_UP):f}")


def format_amount(yuan):
    """An amount in 元 as the text writes it in 万元, without the unit: 192.6 for 1926000.00."""
    return format_wan_value(Decimal(yuan) / TEN_THOUSAND)


def format_percent(value):
    """A percentage (18.04 means 18.04%) as the rule writes it, without the sign: 18, 16.5."""
    return _strip_zeros(f"{Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP):f}")


def ratio_percent(part, whole):
    """part / whole × 100, exactly as far as Decimal goes; None when the whole is zero."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


# A number with its unit: "583.56 万元", "16.52%", "34.64 %", "1,234.5万元". A number right after
# another digit, a decimal point or a Latin letter is not a start (e.g. the 24 of 2024).
_NUMBER = re.compile(
    r"(?<![\d.A-Za-z])(?P<number>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|%|％)"
)


@dataclass(frozen=True)
class Stated:
    """A number as written in the text; `places` says to what precision it was written."""

    text: str  # the digits as written, e.g. "0.00", "16.52"

    @property
    def value(self):
        return Decimal(self.text.replace(",", "").replace("，", ""))

    @property
    def places(self):
        return len(self.text.split(".")[1]) if "." in self.text else 0

    def agrees_with(self, exact):
        """Whether the exact value, rounded as the text rounds, reads the same."""
        step = Decimal(1).scaleb(-self.places)
        return exact.quantize(step, rounding=ROUND_HALF_UP) == self.value


@dataclass(frozen=True, kw_only=True)
class StatedNumber(Stated):
    """A number the text states: its kind, the characters as written and where they are."""

    kind: str  # AMOUNT (万元) or PERCENT
    start: int  # span of the whole match, unit included
    end: int
    number_end: int  # where the digits end

    @property
    def unit(self):
        return "万元" if self.kind == AMOUNT else "%"

    @property
    def written(self):
        return f"{self.text}{self.unit}"

    def canonical(self, value=None):
        """How the rule writes this number (or `value`, in the same unit)."""
        value = self.value if value is None else value
        return format_wan_value(value) if self.kind == AMOUNT else format_percent(value)

    @property
    def breaks_format(self):
        return "," in self.text or "，" in self.text or self.text != self.canonical()

    def agrees_with(self, exact):
        """Whether `exact` (万元 or percent), rounded as the text rounds it, reads the same."""
        step = Decimal(1).scaleb(-self.places)
        return Decimal(exact).quantize(step, rounding=ROUND_HALF_UP) == self.value


def stated_numbers(text):
    """Every amount in 万元 and every percentage in `text`, in order, with their spans."""
    found = []
    for match in _NUMBER.finditer(text or ""):
        kind = AMOUNT if match["unit"] == "万元" else PERCENT
        found.append(
            StatedNumber(
                kind=kind, text=match["number"], start=match.start(), end=match.end(), number_end=match.end("number")
            )
        )
    return found
