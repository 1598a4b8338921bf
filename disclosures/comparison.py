"""The region comparison's columns and its downloads (CSV and xlsx), written from the
listing rows (PublicReport) of a region and year. Every cell goes through portal/untrusted.py."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from portal.untrusted import csv_row, excel_put

from .selectors import MAIN_FIGURE_LABELS, MAIN_FIGURES, basic_share
from .tables.values import yuan_to_wan

ONE_PLACE = Decimal("0.1")

# Columns of the region comparison: (sort key, header); "name" and "basic_share" besides the figures.
REGION_COLUMNS = (
    ("name", "部门"),
    ("total", MAIN_FIGURE_LABELS["total"]),
    ("income", MAIN_FIGURE_LABELS["income"]),
    ("expenditure", MAIN_FIGURE_LABELS["expenditure"]),
    ("basic", MAIN_FIGURE_LABELS["basic"]),
    ("project", MAIN_FIGURE_LABELS["project"]),
    ("basic_share", "基本支出占比"),
    ("three_public", MAIN_FIGURE_LABELS["three_public"]),
)
# What the downloads read of each listing row, in this order.
EXPORT_FIELDS = ("department__name", "department_code", *(key for key, *_ in MAIN_FIGURES))


def export_header():
    header = ["部门", "单位代码"]
    for key, label in REGION_COLUMNS[1:]:
        header.append(f"{label}（%）" if key == "basic_share" else f"{label}（万元）")
    return header


def export_cells(values):
    """A row of EXPORT_FIELDS for CSV/xlsx: name, code, then 万元 amounts (Decimals) and the share."""
    name, code, *amounts = values
    figures = dict(zip((key for key, *_ in MAIN_FIGURES), amounts))
    cells = [name, code]
    for key, _ in REGION_COLUMNS[1:]:
        if key == "basic_share":
            value = basic_share(figures["basic"], figures["project"])
            cells.append(None if value is None else value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP))
        else:
            cells.append(yuan_to_wan(figures[key]))
    return cells


def comparison_csv(rows):
    """CSV bytes (UTF-8 with BOM, 万元) of rows of EXPORT_FIELDS."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_row(export_header()))
    for values in rows:
        writer.writerow(csv_row("" if v is None else v for v in export_cells(values)))
    return out.getvalue().encode("utf-8")


def comparison_xlsx(rows, *, title, sheet_title):
    """xlsx bytes (万元) of rows of EXPORT_FIELDS, written row by row (openpyxl's write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.column_dimensions["A"].width = 40
    share_column = 2 + [key for key, _ in REGION_COLUMNS[1:]].index("basic_share")

    def cells(values, *, bold=False, formats=False):
        row = []
        for index, value in enumerate(values):
            cell = excel_put(WriteOnlyCell(sheet), value)
            if bold:
                cell.font = Font(bold=True)
            if formats and index >= 2:
                cell.number_format = "0.0" if index == share_column else "#,##0.00"
            row.append(cell)
        return row

    sheet.append(cells([title]))
    sheet.append(cells(export_header(), bold=True))
    for values in rows:
        sheet.append(cells(export_cells(values), formats=True))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
