"""The checklist's number format rule, and finding the amounts and percentages a text states."""

from decimal import Decimal

import pytest

from disclosures.narrative.numbers import (
    AMOUNT,
    PERCENT,
    format_amount,
    format_percent,
    growth_allowed,
    ratio_percent,
    stated_numbers,
)


@pytest.mark.parametrize(
    ("yuan", "written"),
    [
        ("10000000.00", "1000"),  # the checklist's own examples: 1000万元, 100.3万元
        ("1003000.00", "100.3"),
        ("1926000.00", "192.6"),
        ("5835600.00", "583.56"),
        ("0.00", "0"),
        ("50.00", "0.01"),  # 0.005 万元 rounds half up
        ("49.99", "0"),
    ],
)
def test_amounts_are_written_in_wan_with_two_decimals_and_no_trailing_zero(yuan, written):
    assert format_amount(Decimal(yuan)) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [("18.04", "18"), ("16.5164", "16.5"), ("0.9271", "0.9"), ("99.952", "100"), ("102.904", "102.9"), ("0", "0")],
)
def test_percentages_have_one_decimal_and_no_trailing_zero(value, written):
    assert format_percent(Decimal(value)) == written


def test_a_share_of_nothing_is_not_computed():
    assert ratio_percent(Decimal(5), Decimal(0)) is None
    assert ratio_percent(Decimal("54100.00"), Decimal("5835600.00")).quantize(Decimal("0.0001")) == Decimal("0.9271")


def test_a_published_sentence_gives_its_amounts_and_percentages_with_spans():
    text = "2024 年度收入合计 583.56 万元。其中：财政拨款收入 583.56 万元，占本年收入 100%；上级补助收入 0.00 万元，占本年收入 0.00%"
    numbers = stated_numbers(text)
    assert [(n.kind, n.text) for n in numbers] == [
        (AMOUNT, "583.56"), (AMOUNT, "583.56"), (PERCENT, "100"), (AMOUNT, "0.00"), (PERCENT, "0.00"),
    ]  # fmt: skip
    assert [text[n.start:n.end] for n in numbers][:3] == ["583.56 万元", "583.56 万元", "100%"]
    assert [n.breaks_format for n in numbers] == [False, False, False, True, True]


def test_years_counts_and_amounts_in_yuan_are_not_figures():
    text = "由每人每年 400 元提高到每人每年 600 元，共涉及项目 3 个，截至 2024 年 12 月 31 日，单价 1,000.50万元"
    assert [(n.text, n.value) for n in stated_numbers(text)] == [("1,000.50", Decimal("1000.50"))]
    assert stated_numbers(text)[0].breaks_format  # thousands separators and a trailing zero


def test_a_number_as_written_stands_for_what_rounds_to_it():
    (amount, rate) = stated_numbers("减少0.33万元，下降14%")
    assert amount.bounds == (Decimal("0.325"), Decimal("0.335"))
    assert rate.bounds == (Decimal("13.5"), Decimal("14.5"))


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("22.59万元 20.63万元 1,055.4%", True),  # 1.96 may be 1.95: 1058.2%
        ("22.59万元 20.63万元 1,052.6%", True),  # the rate of the amounts as written
        ("22.59万元 20.63万元 1,060.0%", False),
        ("22.59万元 20.63万元 91.4%", False),
        ("0.01万元 0.01万元 50%", True),  # last year may have been 0: any rate
    ],
)
def test_a_growth_rate_is_allowed_when_the_rounded_amounts_can_give_it(text, allowed):
    current, change, rate = stated_numbers(text)
    assert growth_allowed(rate, current=current, change=change, direction=1) is allowed


def test_a_decrease_is_worked_back_from_its_own_base():
    current, change, rate = stated_numbers("2.02万元 0.33万元 14%")
    assert growth_allowed(rate, current=current, change=change, direction=-1)
    current, change, rate = stated_numbers("2.02万元 0.33万元 16%")
    assert not growth_allowed(rate, current=current, change=change, direction=-1)
