"""Workbooks for the import tests: the real sample, variants of it made with openpyxl, bad files."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

FIXTURES = Path(__file__).parents[2] / "fixtures" / "workbooks"
SAMPLE = FIXTURES / "caidian-2024.xlsx"
# Saved through LibreOffice: totals are formulas with their results stored.
FORMULAS = FIXTURES / "caidian-2024-formulas.xlsx"
SAMPLE_NAME = "武汉市蔡甸区城乡居民社会养老保险办公室"


def sample_bytes():
    return SAMPLE.read_bytes()


def upload(data, name="tables.xlsx"):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sample_workbook():
    return load_workbook(SAMPLE)


def exact(value):
    """The Decimal a numeric cell shows (the sample holds short decimals)."""
    return Decimal(repr(value)) if not isinstance(value, int) else Decimal(value)


def amount_cells(workbook, sources):
    """The openpyxl cells behind "公开03表!E8" sources."""
    for source in sources:
        sheet, coordinate = source.split("!")
        yield workbook[sheet][coordinate]


def zip_with(entries):
    """A zip of {name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def replace_parts(data, changes):
    """The workbook bytes with some package parts replaced or added."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts.update(changes)
    return zip_with(parts)


def empty_workbook_bytes():
    workbook = Workbook()
    workbook.active["A1"] = "不是决算表"
    return save(workbook)
