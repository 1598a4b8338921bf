"""What a published version's artifacts hold: its page body, each table's CSV, its workbook.

Each function reads the version and returns the bytes served; nothing is stored here
(disclosures.artifacts.services stores them). The CSV and the workbook go through
portal/untrusted.py, so a stored text that a spreadsheet would take for a formula stays text.
"""

import csv
import io

from django.template.loader import render_to_string

from portal.untrusted import csv_row

from ..content import version_context
from ..excel.writer import workbook_write
from ..regions import region_profile
from ..regions.tables import table_layout
from ..selectors import version_tables
from ..tables.grid import table_grid

PAGE_BODY_TEMPLATE = "public/_report_artifact.html"


def page_body(version):
    """The report's contents and content as HTML: everything of its public page below the
    downloads, the same for every visitor and for ever."""
    return render_to_string(PAGE_BODY_TEMPLATE, version_context(version)).encode("utf-8")


def grid_matrix(grid):
    """A table's grid as a rectangle of strings: spanned cells hold "" after their first place.

    Amounts stay in 万元 with two decimals as published, without thousands separators.
    """
    placed = {}
    rows = grid.head + grid.body
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            text = cell.text.replace(",", "") if cell.amount else cell.text
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    placed.setdefault((r + dr, c + dc), "")
            placed[(r, c)] = text
            c += cell.colspan
            width = max(width, c)
    return [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def table_csv(version, number, *, tables=None):
    """One table of a version as CSV bytes (UTF-8 with a BOM, so Excel reads the Chinese right)."""
    tables = tables if tables is not None else version_tables(version=version)
    layout = table_layout(region_profile(region=version.report.department.region))
    grid = table_grid(tables[number], year=version.report.year, layout=layout)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row([f"{grid.code} {grid.name}"]))
    writer.writerow(
        csv_row([f"编制单位：{version.report.department.name}", f"年度：{version.report.year}", "金额单位：万元"])
    )
    writer.writerows(csv_row(row) for row in grid_matrix(grid))
    if grid.empty_note:
        writer.writerow(csv_row([grid.empty_note]))
    return out.getvalue().encode("utf-8")


def workbook(version, *, tables=None):
    """The nine tables as .xlsx bytes, in the layout of the department's region."""
    report = version.report
    return workbook_write(
        tables=tables if tables is not None else version_tables(version=version),
        department_name=report.department.name,
        year=report.year,
        profile=region_profile(region=report.department.region),
    )
