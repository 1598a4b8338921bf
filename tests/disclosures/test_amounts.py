"""Amounts are exact decimals in 元, never floats; 万元 appears only at the edge."""

from decimal import Decimal

import pytest

from disclosures.models import TableCell
from disclosures.tables.grid import format_wan
from disclosures.tables.values import MAX_AMOUNT, AmountError, TableData, to_amount, wan_to_yuan, yuan_to_wan
from tests.factories import make_department, make_region, make_report


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_amount(0.1)
    with pytest.raises(TypeError):
        wan_to_yuan(583.56)


def test_more_than_two_places_in_yuan_is_refused_not_rounded():
    with pytest.raises(AmountError, match="两位小数"):
        to_amount("10.005")


def test_amounts_beyond_what_every_backend_stores_exactly_are_refused():
    with pytest.raises(AmountError, match="超出"):
        to_amount("10000000000000.00")


def test_text_numbers_with_thousands_separators_are_exact():
    assert to_amount("1,234.56") == Decimal("1234.56")


def test_wan_converts_to_yuan_exactly_and_back_with_half_up_rounding():
    assert wan_to_yuan("583.56") == Decimal("5835600.00")
    assert wan_to_yuan("0.000001") == Decimal("0.01")
    assert yuan_to_wan(Decimal("12345.00")) == Decimal("1.23")
    assert yuan_to_wan(Decimal("12350.00")) == Decimal("1.24")
    assert format_wan(Decimal("1234567890.00")) == "123,456.79"
    assert format_wan(Decimal("0.00")) == ""


@pytest.mark.django_db
def test_amounts_survive_the_database_exactly():
    _, version = make_report(make_department(make_region()))
    cells = [
        TableCell(version=version, table=9, row="1", column="budget_abroad", amount=Decimal("0.10")),
        TableCell(version=version, table=9, row="1", column="budget_vehicle_purchase", amount=Decimal("0.20")),
        TableCell(version=version, table=9, row="1", column="budget_vehicle_running", amount=MAX_AMOUNT),
    ]
    TableCell.objects.bulk_create(cells)
    stored = TableCell.objects.filter(version=version, table=9, column__in=["budget_abroad", "budget_vehicle_purchase"])
    total = sum(c.amount for c in stored)
    assert total == Decimal("0.30") and isinstance(total, Decimal)
    big = TableCell.objects.get(version=version, table=9, column="budget_vehicle_running")
    assert big.amount == MAX_AMOUNT


def test_table_data_reports_keys_the_description_does_not_know():
    data = TableData(number=3)
    data.code_rows = [("2080505", "机关事业单位基本养老保险缴费支出"), ("2080505", "重复")]
    data.set("2080505", "total", "1.00")
    data.set("2080505", "nonexistent", "1.00")
    data.set("9999999", "total", "1.00")
    problems = data.errors()
    assert any("重复" in p for p in problems)
    assert any("没有列“nonexistent”" in p for p in problems)
    assert any("没有行“9999999”" in p for p in problems)
