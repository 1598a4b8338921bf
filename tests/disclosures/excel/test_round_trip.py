"""Export then import gives back the same values, over generated reports (hypothesis).

The official layout is in 万元 with two places, each amount rounded on its own, so a
round trip through 万元 is exact only for whole multiples of 100 元; `unit="元"` writes
exact amounts and round-trips any amount to the 分.
"""

import io
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosures.demo.synthetic import consistent_tables
from disclosures.excel.reader import workbook_read
from disclosures.excel.writer import workbook_write
from disclosures.regions import region_profile
from disclosures.regions.tables import table_layout
from disclosures.tables.spec import table_spec

from .strategies import names, reports

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHANGHAI = region_profile(name_or_code="上海市")


def round_trip(tables, unit, profile=None):
    data = workbook_write(tables=tables, department_name="测试部门", year=2024, unit=unit, profile=profile)
    return workbook_read(fileobj=io.BytesIO(data), filename="round-trip.xlsx", profile=profile)


def assert_same(tables, content):
    for number, data in tables.items():
        assert content.tables[number].cells == {k: v for k, v in data.cells.items() if v}, number
        assert content.tables[number].code_rows == data.code_rows, number
        assert content.tables[number].errors() == []


@SETTINGS
@given(reports("元"))
def test_round_trip_in_yuan_is_exact_to_the_fen(tables):
    content = round_trip(tables, "元")
    assert content.unit == "元" and content.year == 2024 and content.department_name == "测试部门"
    assert_same(tables, content)


@SETTINGS
@given(reports("万元"))
def test_round_trip_in_wan_is_exact_for_multiples_of_100_yuan(tables):
    content = round_trip(tables, "万元")
    assert content.unit == "万元"
    assert_same(tables, content)


lines = st.lists(
    st.tuples(
        st.from_regex(r"\A2[01][0-9][0-9]{4}\Z"),
        names,
        st.integers(min_value=0, max_value=10**9),
        st.integers(min_value=0, max_value=10**9),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda line: line[0],
)


@SETTINGS
@given(lines)
def test_round_trip_of_consistent_reports_in_yuan(raw):
    tables = consistent_tables([(code, name, Decimal(b) / 100, Decimal(p) / 100) for code, name, b, p in raw])
    assert_same(tables, round_trip(tables, "元"))


@SETTINGS
@given(lines)
def test_round_trip_of_consistent_reports_in_wan_with_whole_hundreds(raw):
    # every line a multiple of 10,000 元 keeps the derived 06/09 shares multiples of 100 元
    tables = consistent_tables([(code, name, Decimal(b // 10000 * 10000), Decimal(p // 10000 * 10000)) for code, name, b, p in raw])
    expected_exact = all(v % 100 == 0 for data in tables.values() for v in data.cells.values())
    content = round_trip(tables, "万元")
    if expected_exact:
        assert_same(tables, content)
    else:  # a derived share with 分: it comes back rounded to 0.01 万元, never by more
        for number, data in tables.items():
            for key, value in data.cells.items():
                assert abs(content.tables[number].get(*key) - value) <= 50


def as_printed_on_one_line(tables, layout):
    """04's by-fund year-end lines as a region that prints line 60 alone holds them: each the
    line's amount in its fund's column (and in 小计), as the importer reads them."""
    spec = table_spec(4)
    data = tables[4]
    for number in layout.omit_lines.get(4, ()):
        line = spec.lines_by_key[str(number)]
        for column in spec.side_of(line.key).columns:
            data.cells.pop((line.key, column.key), None)
        amount = data.get("60", line.fund)
        if amount:
            data.cells[(line.key, line.fund)] = data.cells[(line.key, "subtotal")] = amount
    return tables


@SETTINGS
@given(reports("元", table_layout(SHANGHAI)))
def test_round_trip_in_shanghais_print(tables):
    tables = as_printed_on_one_line(tables, table_layout(SHANGHAI))
    content = round_trip(tables, "元", SHANGHAI)
    assert content.unit == "元" and content.year == 2024 and content.department_name == "测试部门"
    assert_same(tables, content)
