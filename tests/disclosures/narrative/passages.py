"""Seed 001's 第三部分 as published, and as corrected, read from tests/fixtures/narrative/."""

from decimal import Decimal
from pathlib import Path

from disclosures.narrative.text_file import split_sections

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "narrative"
PUBLISHED = FIXTURES / "caidian_2024_published.txt"
CORRECTED = FIXTURES / "caidian_2024_corrected.txt"
# 2023's totals as the published text implies them (583.56 − 82.21, 583.56 − 82.72), in 元
PRIOR = {"total": Decimal("5013500.00"), "fiscal_total": Decimal("5008400.00")}


def published_sections():
    return split_sections(PUBLISHED.read_text(encoding="utf-8"), year=2024)


def corrected_sections():
    return split_sections(CORRECTED.read_text(encoding="utf-8"), year=2024)
