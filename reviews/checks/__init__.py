"""Every check of a report version, in one registry (registry.py), one module a check.

Where a new check goes: a module here with a function decorated @check(code_prefix=…, part=…),
imported below in the order its findings are listed, and its test in tests/reviews/checks/.
"""

from . import (  # noqa: F401  (importing a module registers its checks)
    table_rules,
    unlisted_codes,
    number_formats,
    text,
    performance,
    checklist_auto,
    rules_loaded,
    sections_filled,
    placeholders,
    checklist_answered,
    checklist_evidence,
    evaluations_complete,
)
from .context import CheckContext
from .finding import CheckFinding
from .registry import CHECKS, check, checks_run


def version_checks_run(*, version):
    """Every finding of a version, computed now and not stored ([CheckFinding])."""
    return checks_run(CheckContext(version))


__all__ = ("CHECKS", "CheckContext", "CheckFinding", "check", "checks_run", "version_checks_run")
