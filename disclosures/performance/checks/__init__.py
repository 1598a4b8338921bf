"""The checks of the self-evaluation tables, one module a rule (each with its test in
tests/disclosures/performance/checks/). run_checks runs them all, in this order."""

from . import basic_data, execution_rate, names, narrative_amounts, plausibility, scores, shortfall, table05, totals, weights
from .context import CheckContext, context_for_version
from .findings import ERROR, WARNING, Finding

CHECKS = (weights, totals, scores, execution_rate, plausibility, shortfall, narrative_amounts, table05, names, basic_data)

__all__ = ("CHECKS", "ERROR", "WARNING", "CheckContext", "Finding", "context_for_version", "run_checks")


def run_checks(*, context=None, version=None):
    """Every finding for a version's self-evaluation tables (or for a prepared context)."""
    if context is None:
        context = context_for_version(version=version)
    return [finding for module in CHECKS for finding in module.check(context)]
