"""Target and actual values of an indicator: “≥60000 元/年”, “>98%”, “600 元/人.年”, “持续稳定”.

Parsed into an operator, an exact Decimal and a unit; a text without a number is qualitative.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

GE, LE, EQ, GT, LT = "≥", "≤", "=", ">", "<"
POSITIVE = (GE, GT)
NEGATIVE = (LE, LT)

_OPERATORS = {
    "≥": GE, ">=": GE, "＞=": GE, "≧": GE, "不低于": GE, "不少于": GE,
    "≤": LE, "<=": LE, "＜=": LE, "≦": LE, "不高于": LE, "不超过": LE,
    "=": EQ, "＝": EQ, "==": EQ,
    ">": GT, "＞": GT, "大于": GT,
    "<": LT, "＜": LT, "小于": LT,
}  # fmt: skip
_OPERATOR_RE = "|".join(sorted((re.escape(k) for k in _OPERATORS), key=len, reverse=True))
_VALUE_RE = re.compile(
    rf"^\s*(?P<op>{_OPERATOR_RE})?\s*(?P<number>[-+]?\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>.*?)\s*$"
)


@dataclass(frozen=True)
class Value:
    text: str
    operator: str = ""  # one of GE LE EQ GT LT, or "" when none was written
    number: Decimal | None = None
    unit: str = ""

    @property
    def is_qualitative(self):
        return self.number is None

    @property
    def is_percent(self):
        return self.unit in ("%", "％")


def parse_value(text):
    """A Value from the text of a target or an actual value. Never raises."""
    text = (text or "").strip().replace("\u3000", " ")
    match = _VALUE_RE.match(text)
    if not match:
        return Value(text=text)
    number = Decimal(match["number"].replace(",", "").replace("，", ""))
    unit = match["unit"].replace(" ", "")
    return Value(text=text, operator=_OPERATORS.get(match["op"] or "", ""), number=number, unit=unit)


def same_unit(target, actual):
    """Whether two parsed values can be compared: the actual may leave the unit out,
    or write only its magnitude prefix (“45万” for a target in 万人)."""
    if not actual.unit or not target.unit or actual.unit == target.unit:
        return True
    return target.unit.startswith(actual.unit) and actual.unit in ("万", "亿", "千", "百")
