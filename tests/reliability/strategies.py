"""Hypothesis strategies for hostile uploads: official-layout workbooks, then mutated.

`uploads()` draws (description, bytes). The start is always a workbook in the official
layout (the real sample, the sample saved by LibreOffice with formulas, or one written by
disclosures.excel.writer from generated tables); then some mutations are applied:

- in the workbook (openpyxl): wrong types in cells, huge and negative numbers, formulas
  (with no stored result), merged cells in odd places, missing / renamed / duplicated /
  extra sheets, inserted and deleted rows and columns, long names, other units and years;
- in the package (bytes): truncated or damaged zip, XML entity and DOCTYPE tricks, parts
  removed or replaced, cells of the sheet XML tampered with, zip bombs, other file kinds;
- heavy but legal: extra sheets just over the sheet, row, cell or shared-string limits of
  disclosures/excel/limits.py (or just under them), small enough to keep the fuzz fast;
- control characters, NUL and direction overrides (U+202E …) in names and other texts,
  through openpyxl where XML allows them, as raw bytes, character references and _xHHHH_
  escapes where it does not.
"""

import csv
import io
import re
import warnings
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import assume
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from disclosures.demo.synthetic import consistent_tables
from disclosures.excel.writer import workbook_write
from tests.disclosures.excel.heavy import with_extra_sheets
from tests.disclosures.excel.strategies import names, reports
from tests.disclosures.excel.workbooks import FORMULAS, SAMPLE
from tests.factories import SAMPLE_DEPARTMENT

REFERENCE = Path(__file__).resolve().parents[2] / "disclosures" / "reference_data" / "function_codes_2024.csv"
YEAR = 2024


@lru_cache(maxsize=1)
def known_function_codes():
    """7-digit codes of the 2024 reference list: reports made of them pass the code check."""
    with REFERENCE.open(encoding="utf-8") as handle:
        return sorted((row["code"], row["name"]) for row in csv.DictReader(handle) if len(row["code"]) == 7)


@lru_cache(maxsize=8)
def fixed_base(name):
    if name == "sample":
        return SAMPLE.read_bytes()
    if name == "formulas":
        return FORMULAS.read_bytes()
    raise KeyError(name)


# ---- the starting workbook ---------------------------------------------------------------------


@st.composite
def consistent_reports(draw):
    """Tables whose every relation holds, from reference-list lines: an upload that is accepted."""
    pool = known_function_codes()
    picked = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5, unique_by=lambda line: line[0]))
    money = st.integers(min_value=0, max_value=10**9).map(lambda cents: Decimal(cents) / 100)
    lines = [(code, name, draw(money), draw(money)) for code, name in sorted(picked)]
    return consistent_tables(lines)


@st.composite
def official_workbooks(draw):
    """(description, bytes) of a workbook in the official layout, not yet mutated."""
    kind = draw(st.sampled_from(["sample", "formulas", "consistent", "generated"]))
    if kind in ("sample", "formulas"):
        return kind, fixed_base(kind)
    unit = draw(st.sampled_from(["元", "万元"]))
    tables = draw(consistent_reports() if kind == "consistent" else reports(unit))
    # mostly the uploading report's own unit (accepted); else another unit's (held for confirmation)
    department = draw(st.one_of(st.just(SAMPLE_DEPARTMENT), st.just(SAMPLE_DEPARTMENT), st.just("测试部门"), names))
    year = draw(st.sampled_from([YEAR, YEAR, YEAR, YEAR - 1]))
    data = workbook_write(tables=tables, department_name=department, year=year, unit=unit)
    return f"{kind}({unit},{year})", data


# ---- values put into cells ---------------------------------------------------------------------

CODE_TEXT = st.from_regex(r"\A[0-9]{1,9}\Z") | st.sampled_from(["2080505", "208 05 05", "208.05.05", "2080505 养老", "30101"])
NUMBER_TEXT = st.sampled_from(
    [
        "1,234.56", "(12.30)", "1e400", "-1e-400", "NaN", "Infinity", "-inf", "１２３", "-0", " 12 ", "12.3456789",
        "9999999999999.99", "99999999999999999999", "0.000001", "—", "--", "/", "0", "", " ", "三万", "1.2.3",
        "12%", "￥100", "1_000", "0x1F", "+5", "1e5", "1E-2", "٣", "Ⅻ", "9e999999", "-9E+999999", "1e-999999",
    ]
)
FORMULA_TEXT = st.sampled_from(
    [
        "=SUM(C7:C9)", "=1/0", "=A1", "=C8*2", '=HYPERLINK("http://example.com","x")', "=NA()", "=1E+308*10",
        '="abc"', "=TODAY()", "=C8", "=SUM(公开01表!C7:C9)", "=#REF!",
    ]
)
HUGE = st.sampled_from(
    [10**13, 10**15, 10**20, 10**30, -(10**20), 2**63, -(2**63), 1e308, -1e308, 1e-308, 5e-324, 1.7976931348623157e308]
)


def _clean_text(text):
    return ILLEGAL_CHARACTERS_RE.sub("", text)


cell_values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers().map(lambda n: -abs(n)),
    HUGE,
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1000)),
    st.text(max_size=40).map(_clean_text),
    st.text(alphabet="0123456789.,-() 万元", max_size=20),
    NUMBER_TEXT,
    CODE_TEXT,
    FORMULA_TEXT,
    st.integers(min_value=129, max_value=400).map(lambda n: "很长的科目名称" * (n // 7 + 1)),
)


# ---- mutations in the workbook (openpyxl) ------------------------------------------------------


def _sheet(draw, workbook):
    assume(workbook.worksheets)
    return draw(st.sampled_from(workbook.worksheets))


def _coordinate(draw, worksheet, *, data_area=False):
    rows = max(worksheet.max_row, 8) + 3
    columns = max(worksheet.max_column, 3) + 2
    row = draw(st.integers(min_value=6 if data_area else 1, max_value=rows))
    column = draw(st.integers(min_value=1, max_value=columns))
    return row, column


def _set(worksheet, row, column, value):
    cell = worksheet.cell(row=row, column=column)
    if type(cell).__name__ == "MergedCell":
        return False
    cell.value = value
    return True


def op_set_cell(draw, workbook):
    worksheet = _sheet(draw, workbook)
    row, column = _coordinate(draw, worksheet, data_area=draw(st.booleans()))
    value = draw(cell_values)
    _set(worksheet, row, column, value)
    return f"set {worksheet.title}!{get_column_letter(column)}{row}={value!r:.40}"


def _amount_cells(worksheet):
    return [
        cell
        for row in worksheet.iter_rows(min_row=6)
        for cell in row
        if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) and cell.column > 1
    ]


def op_amounts(draw, workbook):
    """Every amount of a sheet changed the same way: negative, huge, text, formula, tiny fractions."""
    worksheet = _sheet(draw, workbook)
    how = draw(st.sampled_from(["negate", "huge", "text", "formula", "fraction", "bool", "date"]))
    for cell in _amount_cells(worksheet):
        value = cell.value
        cell.value = {
            "negate": lambda: -value,
            "huge": lambda: value * 10**15 if value else 10**16,
            "text": lambda: f"{value:,}",
            "formula": lambda: f"={value}+0",
            "fraction": lambda: value + 0.0000001,
            "bool": lambda: bool(value),
            "date": lambda: date(2024, 1, 1),
        }[how]()
    return f"amounts {worksheet.title} {how}"


def op_merge(draw, workbook):
    worksheet = _sheet(draw, workbook)
    top, left = _coordinate(draw, worksheet)
    bottom = top + draw(st.integers(min_value=0, max_value=6))
    right = left + draw(st.integers(min_value=0 if bottom > top else 1, max_value=4))
    for rng in list(worksheet.merged_cells.ranges):
        if not (rng.max_row < top or rng.min_row > bottom or rng.max_col < left or rng.min_col > right):
            worksheet.unmerge_cells(str(rng))
    worksheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    return f"merge {worksheet.title}!{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"


SHEET_TITLES = st.one_of(
    st.sampled_from(["Sheet1", "表1", "表01", "01表", "公开表9", "附表3", "表10", "表0", "公开10表", "封面"]),
    st.integers(min_value=1, max_value=9).map(lambda n: f"表{n}-" + "部门决算公开表格很长的名称" * 3),
    st.text(alphabet="公开表0123456789一二abc -_", min_size=1, max_size=31),
)


def op_sheets(draw, workbook):
    how = draw(st.sampled_from(["remove", "rename", "copy", "move", "extra", "swap"]))
    worksheet = _sheet(draw, workbook)
    if how == "remove":
        workbook.remove(worksheet)
    elif how == "rename":
        title = draw(SHEET_TITLES)[:31].strip() or "x"
        assume(not re.search(r"[\\/*?:\[\]]", title) and title not in workbook.sheetnames)
        worksheet.title = title
    elif how == "copy":
        workbook.copy_worksheet(worksheet)
    elif how == "move":
        workbook.move_sheet(worksheet, offset=draw(st.integers(-8, 8)))
    elif how == "extra":
        extra = workbook.create_sheet(f"x{len(workbook.sheetnames)}", draw(st.integers(0, len(workbook.sheetnames))))
        for _ in range(draw(st.integers(0, 5))):
            extra.cell(row=draw(st.integers(1, 20)), column=draw(st.integers(1, 8)), value=draw(cell_values))
    else:
        other = _sheet(draw, workbook)
        if other is not worksheet:
            a, b = worksheet.title, other.title
            worksheet.title, other.title = "swap-tmp", a
            worksheet.title = b
    return f"sheets {how} {worksheet.title}"


def op_shift(draw, workbook):
    worksheet = _sheet(draw, workbook)
    how = draw(st.sampled_from(["insert_rows", "delete_rows", "insert_cols", "delete_cols"]))
    index = draw(st.integers(min_value=1, max_value=max(worksheet.max_row, 2)))
    amount = draw(st.integers(min_value=1, max_value=4))
    for rng in list(worksheet.merged_cells.ranges):  # openpyxl does not move merged ranges
        worksheet.unmerge_cells(str(rng))
    getattr(worksheet, how)(index, amount)
    return f"{how} {worksheet.title} {index}+{amount}"


def op_header_text(draw, workbook):
    """The 编制单位 / 年度 / 金额单位 line and the 栏次 / 行次 words changed."""
    worksheet = _sheet(draw, workbook)
    replacement = draw(
        st.sampled_from(
            ["金额单位：元", "金额单位：万元", "金额单位：亿元", "单位：", "2023年度", "2025年度", "0000年度", "年度：2024",
             "编制单位：", "编制单位：" + "长" * 300, "栏次", "行次", "合计", "总计", "项目", None]
        )
    )
    texts = [cell for row in worksheet.iter_rows(max_row=12) for cell in row if isinstance(cell.value, (str, int))]
    assume(texts)
    cell = draw(st.sampled_from(texts))
    _set(worksheet, cell.row, cell.column, replacement)
    return f"header {worksheet.title}!{cell.coordinate}={replacement!r:.20}"


# Characters the text policy refuses in a one-line text, that XML (and so openpyxl) can carry:
# line breaks and tab, DEL, C1 controls, direction embeddings, overrides, isolates and marks.
CONTROL_CHARACTERS = st.sampled_from(
    ["\t", "\n", "\r", "\r\n", "\x7f", "\x85", "\x9b", "\x80", "\x9f", "\u202e", "\u202d", "\u202a", "\u2066",
     "\u2069", "\u200e", "\u200f", "\u061c", "\u202e\u2066"]  # fmt: skip
)


def _with_control(draw, text):
    """`text` with a control character (or two) inside it, not only at its ends (the reader strips)."""
    for _ in range(draw(st.integers(1, 2))):
        char = draw(CONTROL_CHARACTERS)
        position = draw(st.integers(min_value=min(1, len(text)), max_value=max(len(text) - 1, 1)))
        text = text[:position] + char + text[position:]
    return text


def op_control_text(draw, workbook):
    """A control or direction character in a name (科目名称 of a code line) or another text."""
    worksheet = _sheet(draw, workbook)
    texts = [
        cell
        for row in worksheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and len(cell.value.strip()) >= 2 and type(cell).__name__ != "MergedCell"
    ]
    name_cells = [cell for cell in texts if cell.row >= 6 and not cell.value.strip()[:1].isdigit()]
    assume(texts)
    cell = draw(st.sampled_from(name_cells)) if name_cells and draw(st.booleans()) else draw(st.sampled_from(texts))
    cell.value = _with_control(draw, cell.value.strip())
    return f"control {worksheet.title}!{cell.coordinate}={cell.value!r:.40}"


WORKBOOK_OPS = [op_set_cell, op_set_cell, op_amounts, op_merge, op_sheets, op_shift, op_header_text, op_control_text]


# ---- mutations of the package (bytes) -----------------------------------------------------------


def _parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info.filename)) for info in archive.infolist()]


def _zip(parts, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


ENTITY_TRICKS = [
    '<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>',
    '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">',
    '<!DOCTYPE r [<!ELEMENT r ANY>]>',
    '<!DOCTYPE r [<!ENTITY q "2080505">]>',
]
ENTITY_USES = ["&c;", "&x;", "&q;", "", "&undefined;"]


def _xml_names(parts):
    return [info.filename for info, _ in parts if info.filename.endswith((".xml", ".rels"))]


def pk_entities(draw, data):
    parts = _parts(data)
    name = draw(st.sampled_from(_xml_names(parts)))
    trick, use = draw(st.sampled_from(ENTITY_TRICKS)), draw(st.sampled_from(ENTITY_USES))
    out = []
    for info, content in parts:
        if info.filename == name:
            text = content.decode("utf-8", "replace")
            text = re.sub(r"^<\?xml[^>]*\?>", "", text).lstrip()
            if use:
                text = re.sub(r"<v>[^<]*</v>|<t>[^<]*</t>|<t [^>]*>[^<]*</t>", f"<t>{use}</t>" if "<t" in text else f"<v>{use}</v>", text, count=1)
            content = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + trick + text).encode()
        out.append((info.filename, content))
    return _zip(out), f"entities in {name}: {trick[:30]}… {use}"


# Positions are drawn as fractions: a package's length varies from run to run (openpyxl
# stamps the time into docProps), and draws must not depend on it.
FRACTION = st.floats(min_value=0, max_value=1, exclude_max=True)


def pk_truncate(draw, data):
    cut = int(draw(FRACTION) * len(data))
    return data[:cut], f"truncated at {cut}/{len(data)}"


def pk_corrupt(draw, data):
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        position = int(draw(FRACTION) * len(data))
        data[position] = draw(st.integers(0, 255))
    return bytes(data), "bytes overwritten"


def pk_parts(draw, data):
    parts = [(info.filename, content) for info, content in _parts(data)]
    how = draw(st.sampled_from(["remove", "garbage", "empty", "invalid-xml", "latin1", "duplicate", "bomb", "many", "stored"]))
    names = [name for name, _ in parts]
    name = draw(st.sampled_from(names))
    if how == "remove":
        parts = [(n, c) for n, c in parts if n != name]
    elif how == "garbage":
        parts = [(n, draw(st.binary(max_size=200)) if n == name else c) for n, c in parts]
    elif how == "empty":
        parts = [(n, b"" if n == name else c) for n, c in parts]
    elif how == "invalid-xml":
        parts = [(n, c[: len(c) // 2] if n == name else c) for n, c in parts]
    elif how == "latin1":
        parts = [(n, c.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"') + b"\xff" if n == name else c) for n, c in parts]
    elif how == "duplicate":
        parts.append((name, b"<x/>"))
    elif how == "bomb":
        parts.append(("xl/media/pad.bin", b"\0" * draw(st.sampled_from([2 * 1024 * 1024, 101 * 1024 * 1024]))))
    elif how == "many":
        parts += [(f"xl/junk/{n}.xml", b"<a/>") for n in range(draw(st.sampled_from([50, 1001])))]
    if how == "stored":
        return _zip(parts, compression=zipfile.ZIP_STORED), "parts stored uncompressed"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        return _zip(parts), f"part {how} {name}"


CELL_TAMPERING = [
    (r'<c r="([A-Z]+\d+)"([^>]*) t="s"([^>]*)><v>\d+</v>', r'<c r="\1"\2 t="s"\3><v>999999</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2 t="n"><v>abc</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2 t="b"><v>7</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2 t="e"><v>#DIV/0!</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2 t="d"><v>not-a-date</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2 t="inlineStr"><is><t>123</t></is>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2><f>SUM(A1:A2)</f>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2><v>1e999</v>'),
    (r'<c r="([A-Z]+\d+)"([^>]*)><v>([^<]*)</v>', r'<c r="\1"\2><v>NaN</v>'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="\g<1>0"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="XFE\2"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="A99999999"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="XFD1048576"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="\g<1>30000"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="\1-3"'),
    (r'<row r="(\d+)"', r'<row r="0"'),
    (r'<row r="(\d+)"', r'<row r="1048577"'),
    (r'<row r="(\d+)"', r'<row r="1048576"'),
    (r'<dimension ref="[^"]*"', r'<dimension ref="A1:XFD1048576"'),
    (r'<mergeCell ref="[^"]*"', r'<mergeCell ref="A1:ZZZZ1"'),
    (r'<mergeCell ref="[^"]*"', r'<mergeCell ref="C7:A1"'),
    (r' s="\d+"', r' s="99999"'),
    (r'<sheet name="[^"]*"', r'<sheet name=""'),
    (r'<sheet ([^>]*)r:id="[^"]*"', r'<sheet \1r:id="rId999"'),
    (r'<si><t[^>]*>[^<]*</t></si>', r'<si></si>'),
]


def pk_cells(draw, data):
    """A cell, row or reference of an XML part rewritten into something a writer would never produce."""
    parts = _parts(data)
    pattern, replacement = draw(st.sampled_from(CELL_TAMPERING))
    candidates = [info.filename for info, content in parts if re.search(pattern.encode(), content)]
    assume(candidates)
    name = draw(st.sampled_from(candidates))
    out = []
    for info, content in parts:
        if info.filename == name:
            matches = list(re.finditer(pattern.encode(), content))
            match = draw(st.sampled_from(matches))
            new = re.sub(pattern.encode(), replacement.encode(), match.group(0), count=1)
            content = content[: match.start()] + new + content[match.end():]
        out.append((info.filename, content))
    return _zip(out), f"xml {name}: {replacement[:30]}"


def pk_encrypted_flag(draw, data):
    data = bytearray(data)
    offsets = [m.start() for m in re.finditer(rb"PK\x03\x04", bytes(data))]
    offset = draw(st.sampled_from(offsets))
    data[offset + 6] |= 0x1
    return bytes(data), "encryption flag on a part"


OTHER_FILES = st.sampled_from(
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "ole"),
        ("科目编码,科目名称\n2080505,养老\n".encode(), "csv"),
        (b"PK\x03\x04", "zip magic only"),
        (b"PK\x05\x06" + b"\0" * 18, "empty zip"),
        (b"<html><body>x</body></html>", "html"),
    ]
)


def pk_other_file(draw, data):
    content, label = draw(OTHER_FILES | st.binary(max_size=64).map(lambda b: (b, "random bytes")))
    return content, f"other file: {label}"


RAW_CONTROLS = st.sampled_from(
    [b"\x00", b"\x01", b"\x1b[0m", b"\x0b", b"&#0;", b"&#1;", b"&#x1b;", b"&#xFFFE;", b"_x0000_", b"_x001B_",
     "\u202e".encode(), "\u2066".encode(), "\x85".encode(), b"\xc2", b"\xff"]  # fmt: skip
)


def pk_control_chars(draw, data):
    """A control character put into a string of the package as bytes: raw (not XML at all), as a
    character reference (forbidden in XML 1.0), as an _xHHHH_ escape (literal text to openpyxl),
    or a direction override in UTF-8 (legal XML, so a name that reaches the reader)."""
    parts = _parts(data)
    pattern = rb"(<t(?: [^>]*)?>)([^<]{2,})(</t>)"
    candidates = [info.filename for info, content in parts if re.search(pattern, content)]
    assume(candidates)
    name = draw(st.sampled_from(candidates))
    raw = draw(RAW_CONTROLS)
    out = []
    for info, content in parts:
        if info.filename == name:
            matches = list(re.finditer(pattern, content))
            match = draw(st.sampled_from(matches))
            text = match.group(2)
            cut = len(text.decode("utf-8", "ignore")[:1].encode()) if text[:1] >= b"\x80" else 1
            content = content[: match.start(2) + cut] + raw + content[match.start(2) + cut :]
        out.append((info.filename, content))
    return _zip(out), f"control bytes {raw!r} in {name}"


@st.composite
def _heavy_shape(draw):
    """(sheets, rows, columns, what it tests) of extra sheets just over (or just under) a limit."""
    from disclosures.excel.limits import import_limits

    limits = import_limits()
    kind = draw(st.sampled_from(["rows", "rows", "cells", "sheets", "under-rows", "under-sheets"]))
    if kind == "rows":
        return 1, limits.rows + draw(st.integers(1, 50)), draw(st.integers(1, 3)), kind
    if kind == "cells":  # every sheet within the row limit, together over the cell limit
        columns = draw(st.integers(8, 30))
        rows = min(limits.rows, 2000)
        sheets = limits.cells // (rows * columns) + 1
        return sheets, rows, columns, kind
    if kind == "sheets":
        return limits.sheets - 9 + draw(st.integers(1, 5)), 1, 1, kind
    if kind == "under-rows":
        return 1, limits.rows - draw(st.integers(0, 50)), 1, kind
    return limits.sheets - 9, 1, 1, kind


def pk_heavy(draw, data):
    """Heavy but legal: extra sheets of numbers over a limit of limits.py, small zipped."""
    sheets, rows, columns, kind = draw(_heavy_shape())
    try:
        heavy = with_extra_sheets(data, sheets=sheets, rows=rows, columns=columns, dimension=draw(st.booleans()))
    except (KeyError, ValueError, zipfile.BadZipFile):  # an earlier change took the parts it needs
        assume(False)
    return heavy, f"heavy {kind}: {sheets} extra sheets of {rows} x {columns}"


PACKAGE_OPS = [
    pk_entities, pk_truncate, pk_corrupt, pk_parts, pk_cells, pk_cells, pk_encrypted_flag, pk_other_file,
    pk_control_chars, pk_heavy,
]  # fmt: skip


# ---- the upload --------------------------------------------------------------------------------


@st.composite
def uploads(draw):
    """(description, filename, bytes) of an upload: an official workbook, maybe mutated."""
    label, data = draw(official_workbooks())
    steps = [label]
    level = draw(st.sampled_from(["none", "workbook", "workbook", "package", "package", "both"]))
    if level in ("workbook", "both"):
        workbook = load_workbook(io.BytesIO(data))
        for _ in range(draw(st.integers(min_value=1, max_value=4))):
            steps.append(draw(st.sampled_from(WORKBOOK_OPS))(draw, workbook))
        buffer = io.BytesIO()
        try:
            workbook.save(buffer)
        except (ValueError, TypeError, OverflowError):  # a value openpyxl itself cannot write
            assume(False)
        data = buffer.getvalue()
    if level in ("package", "both"):
        data, step = draw(st.sampled_from(PACKAGE_OPS))(draw, data)
        steps.append(step)
    filename = draw(st.sampled_from(["tables.xlsx", "决算.xlsx", "old.xls", "t.XLSX", "a" * 300 + ".xlsx", "../../etc/x.xlsx"]))
    return " | ".join(steps), filename, data
