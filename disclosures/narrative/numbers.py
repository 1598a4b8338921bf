"""The number format rule and the numbers a text states.

The rule is the region profile's (disclosures/regions, NumberFormat). The default, seed 001's
checklist (自查表第3项): amounts in 万元 with two decimals, a trailing zero dropped (1000万元,
100.3万元); percentages with one decimal, a trailing zero dropped (18%). Shanghai's template:
percentages with two decimals kept (100.00%), amounts as the tables print them. Values are
rounded half up.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..regions.profiles import NumberFormat
from ..tables.values import TEN_THOUSAND

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

AMOUNT_ROUNDING = Decimal("0.02")  # 万元: a difference no larger than rounding makes it (尾差)

AMOUNT = "amount"
PERCENT = "percent"


def _strip_zeros(text):
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


DEFAULT_FORMAT = NumberFormat()


def _written(value, decimals, drop_zeros):
    text = f"{Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    if text.startswith("-") and Decimal(text) == 0:
        text = text[1:]
    return _strip_zeros(text) if drop_zeros else text


def format_wan_value(wan, fmt=DEFAULT_FORMAT):
    """A value already in 万元 as the rule writes it: 1000, 100.3, 583.56 (or 52.00 where zeros are kept)."""
    return _written(wan, fmt.amount_decimals, fmt.drop_trailing_zeros)


def format_amount(yuan, fmt=DEFAULT_FORMAT):
    """An amount in 元 as the text writes it in 万元, without the unit: 192.6 for 1926000.00."""
    return format_wan_value(Decimal(yuan) / TEN_THOUSAND, fmt)


def format_percent(value, fmt=DEFAULT_FORMAT):
    """A percentage (18.04 means 18.04%) as the rule writes it, without the sign: 18, 16.5 (or 16.50)."""
    return _written(value, fmt.percent_decimals, fmt.drop_trailing_zeros)


def format_rule_text(fmt=DEFAULT_FORMAT):
    """The rule in words, for the format finding's message."""
    zeros = "末位为0不保留" if fmt.drop_trailing_zeros else "末位为0照写"
    amounts = "金额按表中数字照写" if fmt.amounts_as_printed else f"金额保留{_DIGITS[fmt.amount_decimals]}位小数"
    return f"{amounts}、百分比保留{_DIGITS[fmt.percent_decimals]}位小数，{zeros}"


_DIGITS = dict(enumerate("零一两三四五六"))


def ratio_percent(part, whole):
    """part / whole × 100, exactly as far as Decimal goes; None when the whole is zero."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def growth_allowed(rate, *, current, change, direction):
    """Whether a stated growth rate is one that amounts rounding to the stated `current` and
    `change` (万元, as written) can give. 22.59万元 after 增加20.63万元: last year's 1.96 may be
    anything from 1.95 to 1.97, so the rate anything from 1046.9% to 1058.2% (1,055.4% is right).
    direction: +1 增加, -1 减少. A base that may be 0 or less allows any rate."""
    rates = []
    for cur in current.bounds:
        for chg in change.bounds:
            base = cur - direction * chg
            if base <= 0:
                return True
            rates.append(chg * HUNDRED / base)
    low, high = rate.bounds
    return low <= max(rates) and min(rates) <= high


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

    @property
    def bounds(self):
        """(low, high): what rounds half up to the number as written (0.3 is 0.25 up to 0.35)."""
        half = Decimal(5).scaleb(-self.places - 1)
        return self.value - half, self.value + half

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

    def canonical(self, value=None, fmt=DEFAULT_FORMAT):
        """How the rule writes this number (or `value`, in the same unit)."""
        value = self.value if value is None else value
        return format_wan_value(value, fmt) if self.kind == AMOUNT else format_percent(value, fmt)

    @property
    def breaks_format(self):
        return self.breaks_format_of(DEFAULT_FORMAT)

    def breaks_format_of(self, fmt):
        if "," in self.text or "，" in self.text:
            return True
        if self.kind == AMOUNT and fmt.amounts_as_printed:
            return False  # the tables' own decimals ("52.00", "0"): not the text's to change
        return self.text != self.canonical(fmt=fmt)

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
