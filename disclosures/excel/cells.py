"""Reading one cell's value: text, codes and amounts as a person typed them."""

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache

from ..tables.values import AmountError, to_amount, wan_to_yuan

UNIT_WAN = "万元"
UNIT_YUAN = "元"
# Places a typed amount may have: 万元 to the 分 is six places, 元 to the 分 two.
MAX_PLACES = {UNIT_WAN: 6, UNIT_YUAN: 2}
ZERO_MARKS = {"", "-", "--", "—", "——", "－", "–", "/", "0"}
EXCEL_DIGITS = 15  # what Excel itself keeps and shows of a number

_SPACES = re.compile(r"[\s\u3000]+")
_QUOTES = re.compile(r"[\"'“”‘’「」]")
_CODE = re.compile(r"^(\d{3}(?:[\s|.\-]?\d{2}){0,2})(?:\s*(\D.*))?$")
_NUMBER_SEPARATORS = re.compile(r"[,，\s\u3000]")


def text(value):
    """A cell's text for matching: NFKC (full-width to half-width), no spaces or quotes."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _short_text(value) if len(value) <= SHORT_TEXT else _matching_text(value)
    return str(value)


def _matching_text(value):
    return _QUOTES.sub("", _SPACES.sub("", unicodedata.normalize("NFKC", value)))


# The labels, titles and codes of the nine tables come back sheet after sheet, upload after
# upload; the reader asks for each several times. Only short texts are kept, so that the
# cache stays small whatever a file holds.
SHORT_TEXT = 64
_short_text = lru_cache(maxsize=4096)(_matching_text)


def column_letter(number):
    """Excel's name of a column: "A" for 1, "AB" for 28."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def small_int(value, *, upper=99):
    """1..upper from an int, an integral number or a short digit string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None
        number = int(value)
    elif isinstance(value, str):
        stripped = unicodedata.normalize("NFKC", value).strip()
        if not stripped.isdigit() or len(stripped) > 3:
            return None
        number = int(stripped)
    else:
        return None
    return number if 1 <= number <= upper else None


def split_code(value):
    """(code, rest) when a cell starts with a classification code, else (None, None).

    Accepts 2080505, "2080505", "208 05 05", "208.05.05" and "2080505 机关事业单位…".
    Digit strings of other lengths come back as the code so the caller can name them.
    """
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return str(value), ""
    if isinstance(value, float):
        return (str(int(value)), "") if value.is_integer() else (None, None)
    if not isinstance(value, str):
        return None, None
    raw = unicodedata.normalize("NFKC", value).strip()
    match = _CODE.match(raw)
    if match:
        return re.sub(r"\D", "", match.group(1)), (match.group(2) or "").strip()
    if raw.isdigit():
        return raw, ""
    return None, None


def is_blank(value):
    if value is None:
        return True
    if isinstance(value, str):
        return _SPACES.sub("", unicodedata.normalize("NFKC", value)) in ZERO_MARKS - {"0"}
    return False


def _number(value):
    """The exact Decimal a cell shows, or raise ValueError with the Chinese reason."""
    if isinstance(value, bool):
        raise ValueError(f"应为数字，实际为“{'是' if value else '否'}”")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # "1e999" or "nan" in the file
            raise ValueError(f"应为数字，实际为“{value}”")
        # The file holds the number as decimal text; openpyxl parsed it to a binary
        # float. Its shortest repr gives the text back; cached formula results may
        # carry binary noise (0.1+0.2), so keep Excel's 15 significant digits.
        with localcontext() as context:
            context.prec = EXCEL_DIGITS
            return +Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (datetime, date, time, timedelta)):
        raise ValueError("应为数字，实际为日期或时间（请把单元格格式设为数值）")
    if isinstance(value, str):
        raw = unicodedata.normalize("NFKC", value).strip()
        cleaned = _NUMBER_SEPARATORS.sub("", raw)
        negative = cleaned.startswith("(") and cleaned.endswith(")")
        if negative:
            cleaned = cleaned[1:-1]
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"应为数字，实际为“{value.strip()}”") from None
        if not number.is_finite():
            raise ValueError(f"应为数字，实际为“{value.strip()}”")
        return -number if negative else number
    raise ValueError(f"应为数字，实际为“{value}”")


def amount(value, unit):
    """The amount in 元 a cell holds (Decimal), zero for blank/0/“-”; ValueError with the reason."""
    if is_blank(value):
        return Decimal("0.00")
    number = _number(value)
    places = -number.as_tuple().exponent if number.as_tuple().exponent < 0 else 0
    if places > MAX_PLACES[unit]:
        number = number.normalize()
        places = max(-number.as_tuple().exponent, 0)
    if places > MAX_PLACES[unit]:
        if unit == UNIT_WAN:
            raise ValueError(f"金额“{value}”万元超过六位小数（万元金额最多精确到分，即六位小数）")
        raise ValueError(f"金额“{value}”元超过两位小数（元金额最多精确到分）")
    try:
        return wan_to_yuan(number) if unit == UNIT_WAN else to_amount(number)
    except AmountError:
        raise ValueError(f"金额“{value}”超出允许范围") from None
