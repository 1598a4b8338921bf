"""Blocks of the 说明 editor shown on other pages: the sections' status on the accountant's report
page, and the text with its findings on the reviewer's report page. They render inside those
pages' views, which decide who may see them; they add no access of their own."""

from django import template

from ..views.narrative import section_parts, section_rows

register = template.Library()


@register.inclusion_tag("workspace/narrative_status.html")
def narrative_status(version):
    """The accountant's report page: each part's sections with empty / has findings / ok."""
    return {"report": version.report, "version": version, "parts": section_parts(section_rows(version=version))}


@register.inclusion_tag("workspace/narrative_review.html")
def narrative_review(version):
    """The reviewer's report page: the status of every section, then the text of each section with
    findings, read-only, the figures they point at highlighted (the whole text follows in the report)."""
    rows = section_rows(version=version)
    return {"version": version, "rows": rows, "with_findings": [r for r in rows if r.findings]}
