"""The context every page that shows a report version's content needs."""

from ..pdf.attachments import version_attachments
from ..pdf.selectors import version_charts
from ..selectors import version_tables
from ..tables.grid import table_grid


def version_context(version, *, hide_zero_rows=True):
    """`hide_zero_rows=False` for the pages of accountants and reviewers, whose findings link to
    the zero rows the published tables leave out."""
    tables = version_tables(version=version)
    sections = list(version.sections.all())
    evaluations = list(version.evaluations.prefetch_related("indicators"))
    return {
        "version": version,
        "report": version.report,
        "department": version.report.department,
        "grids": [table_grid(tables[n], year=version.report.year, hide_zero_rows=hide_zero_rows) for n in range(1, 10)],
        "charts": version_charts(version=version, tables=tables),
        "overview_sections": [s for s in sections if s.key.startswith("overview.")],
        "explanation_sections": [s for s in sections if s.key.startswith("explanation.")],
        "key_work_summary": next((s for s in sections if s.key == "key_work.summary"), None),
        "key_work_items": list(version.key_work_items.all()),
        "glossary_entries": list(version.glossary_entries.all()),
        "evaluations": evaluations,
        "attachments": version_attachments(version=version, evaluations=evaluations),
    }
