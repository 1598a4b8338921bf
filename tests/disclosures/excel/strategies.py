"""Hypothesis strategies for the content of the nine tables (amounts in 元, code lines).

Shared by the round-trip tests and the upload fuzzer (tests/reliability).
"""

from decimal import Decimal

from hypothesis import strategies as st

from disclosures.tables.spec import LAYOUT_CODES, TABLES, TOTAL_ROW
from disclosures.tables.values import TableData

NAME_CHARS = "一二三四五六七八九十社会保障和就业支出行政运行事业单位医疗住房公积金（）"
names = st.text(alphabet=NAME_CHARS, min_size=1, max_size=12)


def amounts(unit):
    cents = st.integers(min_value=-(10**10), max_value=10**11)
    if unit == "万元":
        hundreds = st.integers(min_value=-(10**8), max_value=10**9)
        return st.one_of(st.just(Decimal("0.00")), hundreds.map(lambda h: Decimal(h * 100).quantize(Decimal("0.01"))))
    return st.one_of(st.just(Decimal("0.00")), cents.map(lambda c: Decimal(c) / 100))


def function_codes():
    item = st.from_regex(r"\A2[0-3][0-9](?:[0-9]{2}){0,2}\Z")
    return st.lists(st.tuples(item, names), unique_by=lambda row: row[0], max_size=6)


def economic_codes():
    item = st.builds(lambda c, k: c + k, st.sampled_from(["301", "302", "303", "310"]), st.sampled_from(["", "01", "02", "13", "99"]))
    order = ["301", "303", "302", "310"]
    return st.lists(st.tuples(item, names), unique_by=lambda row: row[0], max_size=8).map(
        lambda rows: sorted(rows, key=lambda row: order.index(row[0][:3]))
    )


@st.composite
def reports(draw, unit, layout=None):
    """{table number: TableData} for all nine tables, any amounts (not necessarily consistent),
    in the columns `layout` (a region's, disclosures.regions.tables) prints; by default the
    project's layout's."""
    tables = {}
    for spec in TABLES:
        printed = {c.key for c in (layout.printed_columns(spec) if layout else spec.code_columns)} if spec.has_codes else None
        data = TableData(number=spec.number)
        if spec.layout == LAYOUT_CODES:
            data.code_rows = draw(function_codes())
            rows = [TOTAL_ROW] + [code for code, _ in data.code_rows]
        elif spec.has_codes:
            data.code_rows = draw(economic_codes())
            rows = [g.total_key for g in spec.groups] + [code for code, _ in data.code_rows]
        else:
            rows = list(spec.fixed_row_keys())
        for row in rows:
            for column in spec.columns_for_row(row):
                if printed is not None and column.key not in printed:
                    continue
                value = draw(amounts(unit))
                if value:
                    data.cells[(row, column.key)] = value
        tables[spec.number] = data
    return tables
