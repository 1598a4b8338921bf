"""The format rules of the rule set (格式检查：…, reviews/rules/format_checks.py): nine tables,
two decimals, codes to 项/款 level, no all-zero lines."""

from ..models import Part
from .registry import check
from .table_rules import _findings


@check(code_prefix="F-", part=Part.TABLES, published=True)
def number_formats(context):
    return _findings(context, formats=True)
