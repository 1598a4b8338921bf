"""Codes the year's 政府收支分类科目 list lacks (K01): under a known 类/款 a warning to check
the code, under an unknown one an error (reviews.rules.code_checks holds the verdicts)."""

from ..models import Part
from ..rules.code_checks import code_findings
from .finding import CheckFinding
from .registry import check


@check(code_prefix="K", part=Part.TABLES, published=True)
def unlisted_codes(context):
    return [CheckFinding.from_engine(f, part=Part.TABLES) for f in code_findings(tables=context.tables, year=context.year)]
