"""Writing text that people typed into CSV and Excel files people download.

Every CSV and Excel writer of the project goes through here. A text that a spreadsheet
would take for a formula (it starts with = + - @, a tab or a carriage return, OWASP's
list) is written as text: in CSV with a leading apostrophe, in Excel as an explicit
string cell marked "quote prefix" (never a formula cell). Numbers stay numbers, and a
text that is just a number ("-1234.50", a negative amount as published) is left as it is.

As defence in depth, characters that cannot be stored in a workbook or that reorder
text (controls, bidi overrides) are dropped here, so a stored value that slipped past the
text policy can never make a download fail.
"""

import re

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*)?(\.\d+)?%?")
# Controls except tab/LF/CR, DEL, C1, bidi controls, XML non-characters and lone surrogates.
_UNWRITABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffe\uffff\ud800-\udfff]"
)


def printable(text):
    """`text` without the characters no workbook can hold or that reorder what is shown."""
    return _UNWRITABLE.sub("", text)


def is_formula_like(text):
    """True when a spreadsheet could read `text` as a formula (or DDE command)."""
    if not text.startswith(FORMULA_STARTS):
        return False
    return not (any(c.isdigit() for c in text) and _PLAIN_NUMBER.fullmatch(text))


def neutral(value):
    """`value` made safe as data: (text, formula_like) for a str, else (value, False)."""
    if not isinstance(value, str):
        return value, False
    text = printable(value)
    return text, is_formula_like(text)


def csv_value(value):
    """A value for csv.writer: a formula-like text gets a leading apostrophe."""
    value, formula_like = neutral(value)
    return "'" + value if formula_like else value


def csv_row(values):
    return [csv_value(v) for v in values]


def excel_put(cell, value):
    """Assign `value` to an openpyxl cell as data, never as a formula; returns the cell.

    openpyxl turns any str starting with "=" into a formula cell on assignment, so the
    type is set back to string afterwards; the quote prefix keeps Excel from re-reading
    it as a formula when someone edits the cell.
    """
    value, formula_like = neutral(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if formula_like:
            cell.quotePrefix = True
    return cell


def excel_cell(sheet, row, column, value):
    """sheet.cell(row, column, value) written through `excel_put`."""
    return excel_put(sheet.cell(row=row, column=column), value)


def excel_append(sheet, values):
    """sheet.append(values) written through `excel_put`."""
    sheet.append([excel_put(Cell(sheet), value) for value in values])
