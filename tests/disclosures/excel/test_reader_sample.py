"""The real sample (seed 001's nine tables as published) reads with exactly the published values."""

from decimal import Decimal

import openpyxl
import pytest

from disclosures.demo.loader import seed_tables
from disclosures.excel.reader import workbook_read

from .workbooks import FORMULAS, SAMPLE_NAME, sample_bytes, upload


@pytest.fixture(scope="module")
def content():
    return workbook_read(fileobj=upload(sample_bytes()), filename="caidian-2024.xlsx")


def test_header_information(content):
    assert content.unit == "万元"
    assert content.department_name == SAMPLE_NAME
    assert content.year == 2024


def test_published_values_in_yuan(content):
    assert content.tables[1].get("39", "amount") == Decimal("2021400.00")  # the 202.14 slip, as published
    assert content.tables[4].get("40", "subtotal") == Decimal("2021500.00")
    assert content.tables[2].get("total", "fiscal") == Decimal("5835600.00")
    assert content.tables[3].get("2130599", "project") == Decimal("3600000.00")
    assert content.tables[6].get("public_total", "amount") == Decimal("148200.00")
    assert content.tables[6].get("301", "amount") == Decimal("1657800.00")
    assert content.tables[1].sources[("39", "amount")] == "公开01表!F14"
    assert content.tables[6].sources[("public_total", "amount")] == "公开06表!I34"


def test_every_table_equals_the_demo_transcription(content):
    """The demo's JSON was transcribed from the published PDF; both must agree cell for cell."""
    expected = seed_tables()
    for number in range(1, 10):
        got = content.tables[number]
        want = expected.get(number)
        assert got.cells == want.cells, number
        assert got.code_rows == want.code_rows, number
        assert got.sources == want.sources, number


def test_empty_tables_with_their_note_are_empty(content):
    for number in (7, 8, 9):
        assert content.tables[number].is_empty
        assert content.tables[number].code_rows == []


def test_sixth_table_keeps_its_listed_zero_lines_in_sheet_order(content):
    codes = [code for code, _ in content.tables[6].code_rows]
    assert codes[:3] == ["301", "30101", "30102"]
    assert codes.index("303") < codes.index("302") < codes.index("310")
    assert len(codes) == 62


def test_openpyxl_parses_xml_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_formula_results_are_read_from_the_cached_values():
    content = workbook_read(fileobj=upload(FORMULAS.read_bytes()), filename=FORMULAS.name)
    assert content.tables[2].get("total", "total") == Decimal("5835600.00")
    assert content.tables[3].get("total", "basic") == Decimal("1926000.00")
    # SUM of the published lines gives 583.55: the sample's own 尾差 slip, now computed.
    assert content.tables[1].get("58", "amount") == Decimal("5835500.00")
    assert content.tables[1].get("31", "amount") == Decimal("5835600.00")
