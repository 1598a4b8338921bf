"""The context every page that shows a report version's content needs."""

from ..pdf.attachments import version_attachments
from ..pdf.selectors import version_charts
from ..selectors import version_tables
from ..tables.grid import table_grid


def section_anchor(key):
    return "section-" + key.replace(".", "-")


def part_titles(*, department, year):
    """The six parts' titles, in the published wording."""
    return {
        "p1": f"第一部分 {department.name}概况",
        "p2": f"第二部分 {department.name}{year}年度部门决算表",
        "p3": f"第三部分 {department.name}{year}年度部门决算情况说明",
        "p4": f"第四部分 {year}年重点工作完成情况",
        "p5": "第五部分 名词解释",
        "p6": "第六部分 附件",
    }


def version_context(version, *, hide_zero_rows=True):
    """`hide_zero_rows=False` for the pages of accountants and reviewers, whose findings link to
    the zero rows the published tables leave out."""
    tables = version_tables(version=version)
    sections = list(version.sections.all())
    for section in sections:
        section.anchor = section_anchor(section.key)
    evaluations = list(version.evaluations.prefetch_related("indicators"))
    department = version.report.department
    return {
        "version": version,
        "report": version.report,
        "department": department,
        "parts": part_titles(department=department, year=version.report.year),
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
