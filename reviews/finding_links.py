"""Where each finding is fixed (accountant) or seen (reviewer): the links the findings list shows.

The accountant's links open the place to edit: the table's form at the cell (highlighted by
:target), the section's editor at the marked words, the evaluation's form, the checklist item.
The reviewer's links point into the review page itself: the table cell, the text, the
attachment, the checklist row.
"""

from dataclasses import dataclass

from django.urls import reverse

from disclosures.forms.table_edit import cell_field
from disclosures.narrative_catalog import sections_for_report
from disclosures.content import section_anchor


@dataclass(frozen=True)
class Link:
    label: str
    url: str


class FindingLinks:
    """Links for the findings of one version; `editor` is True on the accountant's pages."""

    def __init__(self, *, report, version, editor):
        self.report, self.version, self.editor = report, version, editor
        try:
            self.titles = {s.key: s.title for s in sections_for_report(report)}
        except LookupError:
            self.titles = {}
        self._positions = None

    def _workspace(self, name, *args):
        return reverse(f"workspace:{name}", args=[self.report.pk, *args])

    def evaluation_position(self, ref):
        if self._positions is None:
            refs = self.version.evaluations.order_by("position").values_list("pk", flat=True)
            self._positions = {pk: i for i, pk in enumerate(refs, start=1)}
        return self._positions.get(ref)

    def cell(self, c):
        label = c.get("label", "") + (f"（{c['source']}）" if c.get("source") else "")
        if "section" in c:
            anchor = f"t0-{c['section']}-{c['start']}-{c['end']}"
            url = self._workspace("narrative_section", c["section"]) if self.editor else ""
            return Link(label, f"{url}#{anchor}")
        if self.editor:
            return Link(label, self._workspace("table_edit", c["table"]) + f"#{cell_field(c['row'], c['column'])}")
        return Link(label, f"#t{c['table']}-{c['row']}-{c['column']}")

    def links(self, finding):
        if finding.cells:
            return [self.cell(c) for c in finding.cells]
        if finding.section:
            title = self.titles.get(finding.section, finding.section)
            if self.editor:
                return [Link(title, self._workspace("narrative_section", finding.section))]
            return [Link(title, f"#{section_anchor(finding.section)}")]
        if finding.evaluation_kind:
            return [self.evaluation(finding)]
        if finding.checklist_no:
            label = f"自查表第{finding.checklist_no}项"
            return [Link(label, (self._workspace("checks") if self.editor else "") + f"#item-{finding.checklist_no}")]
        return []

    def evaluation(self, finding):
        department = finding.evaluation_kind == "department"
        label = "部门整体支出绩效自评表" if department else "项目支出绩效自评表"
        if self.editor:
            url = self._workspace("performance_department") if department else self._workspace("performance_edit", finding.evaluation_ref)
            field = finding.evaluation_field
            anchor = f"#id_{field}" if field and not field.startswith(("indicator", "indicators")) else ""
            return Link(label, url + anchor)
        if department:
            return Link(label, "#department-evaluation")
        position = self.evaluation_position(finding.evaluation_ref)
        return Link(label, f"#evaluation-{position}" if position else "")


def findings_with_links(groups, *, report, version, editor):
    """Set `links` on every finding of the groups (reviews.selectors.findings_for_version)."""
    links = FindingLinks(report=report, version=version, editor=editor)
    for group in groups:
        for finding in group.findings:
            finding.links = links.links(finding)
    return groups
