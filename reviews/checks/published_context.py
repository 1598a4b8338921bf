"""What the checks read of a published document read back from its PDF (disclosures.published).

It answers the same questions as CheckContext does for a stored version, for the checks
registered with published=True: the nine tables as printed, the explanation's sections, the
year's rules as the region's profile selects them. Last year's figures are not known (the text's
changes are checked against the figures it states); the attachments are the project
self-evaluation tables read from 附件 (name, budget, executed amount, rate, indicators).
"""

from functools import cached_property

from disclosures.narrative.sections import explanation_sections

from ..selectors import rules_for_year
from .registry import CHECKS


class PublishedContext:
    def __init__(self, document, *, profile, year):
        self.document = document
        self.year = year
        self.entry_unit = document.unit
        self.profile = profile
        self.tables = document.tables
        self.sections = document.sections
        self.prior = None
        self.attachments = document.evaluations
        self.found = []

    @cached_property
    def rules(self):
        """[(Rule or None, CompiledRule)] of the year that the region's profile applies."""
        return rules_for_year(year=self.year, profile=self.profile)

    @cached_property
    def section_specs(self):
        """The explanation's sections as the region's template lists them (what the text was split by)."""
        return explanation_sections(year=self.year, profile=self.profile)


def published_checks():
    """The registered checks that run on a published document, in registry order."""
    return [c for c in CHECKS if c.published]
