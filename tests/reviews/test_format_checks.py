"""Format checks list their findings in the tables' own order, whatever order the cells were read in."""

from disclosures.tables.values import TableData
from reviews.rules.format_checks import two_decimals


def _tables(cells):
    table = TableData(number=1)
    for row, value in cells:
        table.set(row, "amount", value)
    return {1: table}


def test_findings_of_two_decimals_follow_the_line_numbers_not_the_reading_order():
    # A workbook is read line by line; the database may return the same cells in another order.
    cells = [("9", "100.5"), ("10", "200.5"), ("28", "300.5")]
    as_read = two_decimals(_tables(cells), entry_unit="万元")
    as_stored = two_decimals(_tables(list(reversed(cells))), entry_unit="万元")
    assert [f["refs"] for f in as_stored] == [f["refs"] for f in as_read] == [
        [(1, "9", "amount")],
        [(1, "10", "amount")],
        [(1, "28", "amount")],
    ]
