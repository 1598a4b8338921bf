"""What the checks read of one report version, each part loaded once when first asked for."""

from functools import cached_property

from disclosures.models import NarrativeSection
from disclosures.narrative_catalog import sections_for_profile
from disclosures.performance.checks import context_for_version
from disclosures.regions import region_profile
from disclosures.selectors import version_attachments, version_prior, version_tables

from ..models import ChecklistAnswer
from ..selectors import checklist_template, rules_for_year


class CheckContext:
    def __init__(self, version, *, profile=None):
        self.version = version
        if profile is not None:  # a command's --region; otherwise the department's region decides
            self.profile = profile
        self.year = version.report.year
        self.entry_unit = version.entry_unit
        self.found = []  # the findings of the checks run so far (registry.checks_run)

    @cached_property
    def tables(self):
        return version_tables(version=self.version)

    @cached_property
    def profile(self):
        """The department's region profile (disclosures.regions): its rules and number format."""
        return region_profile(region=self.version.report.department.region)

    @cached_property
    def rules(self):
        """[(Rule or None, CompiledRule)] of the year that the region's profile applies."""
        return rules_for_year(year=self.year, profile=self.profile)

    @cached_property
    def sections(self):
        """{key: body} of every stored text section."""
        return dict(NarrativeSection.objects.filter(version=self.version).values_list("key", "body"))

    @cached_property
    def section_specs(self):
        """The year's section list (disclosures/data/narrative_sections.toml); () when none covers it."""
        try:
            return sections_for_profile(self.year, self.profile)
        except LookupError:
            return ()

    @cached_property
    def checklist_template(self):
        return checklist_template(year=self.year)

    @cached_property
    def checklist_items(self):
        return list(self.checklist_template.items.all()) if self.checklist_template else []

    @cached_property
    def checklist_answers(self):
        """{item pk: ChecklistAnswer} of this version."""
        return {a.item_id: a for a in ChecklistAnswer.objects.filter(version=self.version)}

    @cached_property
    def performance(self):
        """The self-evaluation tables as disclosures.performance.checks reads them."""
        return context_for_version(version=self.version, tables=self.tables, sections=self.sections)

    @cached_property
    def attachments(self):
        return version_attachments(version=self.version)

    @cached_property
    def prior(self):
        return version_prior(version=self.version)
