"""A report version's content as published, derived once for the pages and the PDF: its parts
and their titles, the nine tables' grids, the text, the charts, the attachments and the
contents (目录). The public page, the accountant's and reviewer's pages and the PDF renderer
(disclosures/pdf/render.py) all read it from here."""

from dataclasses import dataclass

from .pdf.attachments import version_attachments
from .pdf.selectors import version_charts
from .regions import region_profile
from .regions.tables import table_layout
from .selectors import version_tables
from .tables.grid import table_grid

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class TocEntry:
    title: str
    anchor: str
    level: int = 1


def _numeral(n):
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return ("" if n < 20 else CHINESE_NUMERALS[n // 10 - 1]) + "十" + (CHINESE_NUMERALS[n % 10 - 1] if n % 10 else "")


def table_anchor(number):
    return f"table-{number}"


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


def version_context(version, *, hide_zero_rows=True, profile=None):
    """`hide_zero_rows=False` for the pages of accountants and reviewers, whose findings link to
    the zero rows the published tables leave out. The grids are laid out as `profile`'s region
    prints them (disclosures.regions), by default the department's region's."""
    tables = version_tables(version=version)
    sections = list(version.sections.all())
    for section in sections:
        section.anchor = section_anchor(section.key)
    evaluations = list(version.evaluations.prefetch_related("indicators"))
    department = version.report.department
    layout = table_layout(profile or region_profile(region=department.region))
    context = {
        "version": version,
        "report": version.report,
        "department": department,
        "parts": part_titles(department=department, year=version.report.year),
        "grids": [
            table_grid(tables[n], year=version.report.year, hide_zero_rows=hide_zero_rows, layout=layout)
            for n in range(1, 10)
        ],
        "charts": version_charts(version=version, tables=tables),
        "overview_sections": [s for s in sections if s.key.startswith("overview.")],
        "explanation_sections": [s for s in sections if s.key.startswith("explanation.")],
        "key_work_summary": next((s for s in sections if s.key == "key_work.summary"), None),
        "key_work_items": list(version.key_work_items.all()),
        "glossary_entries": list(version.glossary_entries.all()),
        "evaluations": evaluations,
        "attachments": version_attachments(version=version, evaluations=evaluations),
    }
    context["toc"] = report_toc(context)
    return context


def report_toc(context):
    """The contents (目录): the six parts, each with its sections, tables and attachments."""
    parts = context["parts"]
    toc = [TocEntry(parts["p1"], "part-1")]
    toc += [TocEntry(s.title, s.anchor, 2) for s in context["overview_sections"]]
    toc.append(TocEntry(parts["p2"], "part-2"))
    toc += [
        TocEntry(f"{_numeral(i)}、{grid.name}（表{i}）", table_anchor(grid.number), 2)
        for i, grid in enumerate(context["grids"], start=1)
    ]
    toc.append(TocEntry(parts["p3"], "part-3"))
    toc += [TocEntry(s.title, s.anchor, 2) for s in context["explanation_sections"]]
    toc += [TocEntry(parts[f"p{n}"], f"part-{n}") for n in (4, 5, 6)]
    for group in context["attachments"]:  # 第六部分's numbered groups and their sheets
        toc.append(TocEntry(group.title, group.anchor, 2))
        toc += [TocEntry(sheet.title, sheet.anchor, 3) for sheet in group.sheets if group.sheets_in_toc]
    return toc
