from decimal import Decimal

import pytest

from disclosures.performance.values import GE, GT, LE, parse_value, same_unit


@pytest.mark.parametrize(
    "text, operator, number, unit",
    [
        ("≥60000 元/年", GE, "60000", "元/年"),  # seed 001
        (">98%", GT, "98", "%"),
        ("600 元/人.年", "", "600", "元/人.年"),
        ("≥36.6万人", GE, "36.6", "万人"),  # seed 002
        ("≤10万元", LE, "10", "万元"),  # seed 004
        ("＝100%", "=", "100", "%"),
        ("1,719.81", "", "1719.81", ""),
    ],
)
def test_a_quantitative_value_is_an_operator_an_exact_number_and_a_unit(text, operator, number, unit):
    value = parse_value(text)
    assert (value.operator, value.number, value.unit) == (operator, Decimal(number), unit)
    assert isinstance(value.number, Decimal)


@pytest.mark.parametrize("text", ["持续稳定", "缓解", "基本达成目标", "优", ""])
def test_a_text_without_a_number_is_qualitative(text):
    assert parse_value(text).is_qualitative


def test_units_compare_when_the_actual_leaves_the_unit_out_or_gives_only_its_magnitude():
    assert same_unit(parse_value("≥60000 元/年"), parse_value("69667"))
    assert same_unit(parse_value("≥36.6万人"), parse_value("45万"))
    assert not same_unit(parse_value("≥10万元"), parse_value("10元"))
