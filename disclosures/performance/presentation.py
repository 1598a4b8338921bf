"""How amounts, rates and scores are written in messages and pages."""

from decimal import Decimal

from ..tables.values import yuan_to_wan


def wan(amount):
    return "" if amount is None else f"{yuan_to_wan(Decimal(amount))}"


def percent(value):
    return "" if value is None else f"{value}%"
