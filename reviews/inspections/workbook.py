"""An inspection's results as an Excel workbook: one row per file, then one row per finding.
Every text, whether typed or read from an uploaded PDF, is written through portal.untrusted."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.untrusted import excel_append

from ..models import FileStatus
from .selectors import file_publication

FILE_HEADERS = (
    "文件名", "部门", "部门匹配", "读出的编制单位", "年度", "页数", "找到的部分", "找到的表", "缺少的表",
    "错误", "提示", "尾差", "公开日期", "日期来源", "状态", "无法读取的原因",
)  # fmt: skip
FINDING_HEADERS = ("文件名", "部门", "页码", "规则", "严重程度", "尾差", "部分", "说明")


def _bold_header(sheet, headers, widths):
    excel_append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"


def inspection_workbook(*, inspection, files, portal_dates):
    """The .xlsx bytes of an inspection's files (in the order given) and their findings."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "检查结果"
    _bold_header(sheet, FILE_HEADERS, (36, 30, 10, 30, 8, 6, 40, 10, 30, 6, 6, 6, 12, 14, 10, 40))
    findings = workbook.create_sheet("问题清单")
    _bold_header(findings, FINDING_HEADERS, (36, 30, 6, 12, 8, 6, 10, 100))
    for file in files:
        department = file.department.name if file.department_id else ""
        published_on, source = file_publication(file, portal_dates)
        done = file.status == FileStatus.DONE
        excel_append(
            sheet,
            [
                file.name,
                department,
                file.get_match_display() if done else "",
                file.department_name,
                file.year,
                file.pages or None,
                "、".join(p["name"] for p in file.parts if p["part"] not in ("cover", "contents")) if done else "",
                f"{file.tables_found}/9" if done else "",
                "、".join(t["label"] for t in file.tables if not t.get("found")),
                file.errors if done else None,
                file.warnings if done else None,
                file.rounding if done else None,
                published_on,
                source,
                file.get_status_display(),
                file.error,
            ],
        )
        for finding in file.findings.all():
            excel_append(
                findings,
                [
                    file.name,
                    department,
                    finding.page,
                    finding.rule_code,
                    finding.get_severity_display(),
                    "是" if finding.rounding else "",
                    finding.get_part_display(),
                    finding.message,
                ],
            )
    for row in sheet.iter_rows(min_row=2):
        row[12].number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
