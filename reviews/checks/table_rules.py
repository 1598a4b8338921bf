"""The consistency rules of the year's rule set (reviews/rule_data/, or the database's active
set) over the nine tables. Codes come from the rules data (R01-058, X01-03-CLS, …)."""

from ..models import Part
from ..rules.engine import run_rules
from .finding import CheckFinding
from .registry import check


def _findings(context, *, formats):
    rules = [(row, compiled) for row, compiled in context.rules if bool(compiled.expression.format_check) == formats]
    by_code = {compiled.code: row for row, compiled in rules}
    found = run_rules([compiled for _, compiled in rules], context.tables, entry_unit=context.entry_unit)
    return [CheckFinding.from_engine(f, part=Part.TABLES, rule_row=by_code.get(f.rule)) for f in found]


@check(code_prefix="", part=Part.TABLES, published=True)
def table_rules(context):
    return _findings(context, formats=False)
