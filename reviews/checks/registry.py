"""The one list of checks a report version goes through.

A check is a function of a CheckContext (reviews/checks/context.py) returning CheckFindings
(reviews/checks/finding.py), registered with @check in its own module of this package; the
package's __init__ imports the modules in the order their findings are listed. Each module
has its test beside it under tests/reviews/checks/.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str  # the module, e.g. "reviews.checks.sections_filled"
    code_prefix: str  # every finding's rule code starts with it ("" when the codes come from data)
    part: str  # reviews.models.Part: where its findings are listed
    run: object
    # True when it reads only what a published document carries (tables, text, the year's
    # rules): it runs on a PDF read back too (reviews.published), not only on a stored version.
    published: bool = False


CHECKS = []


def check(*, code_prefix, part, published=False):
    """Register a check: `def run(context) -> iterable of CheckFinding`.

    published: the check reads only the context's tables, sections, rules, year, unit and
    profile, so it also runs on a published document read from its PDF."""

    def register(run):
        if any(c.name == run.__module__ and c.run.__name__ == run.__name__ for c in CHECKS):
            return run  # a module imported twice (e.g. reloaded) registers once
        CHECKS.append(Check(name=run.__module__, code_prefix=code_prefix, part=part, run=run, published=published))
        return run

    return register


def checks_run(context, *, checks=None):
    """Every finding of the registered checks over one context, in registry order.

    Each check sees the findings of those before it in context.found (the checklist's
    auto-decisions read the tables' findings)."""
    context.found = []
    for registered in CHECKS if checks is None else checks:
        for finding in registered.run(context):
            finding.part = finding.part or registered.part
            context.found.append(finding)
    return context.found
