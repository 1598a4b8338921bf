"""The self-evaluation tables as a workbook: one sheet a table, fields as label/value rows,
then the indicator rows. The same layout is downloaded (blank or filled) and imported;
an import is all or nothing, and every problem names its sheet and cell."""

from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.untrusted import excel_cell

from ..excel.cells import text as cell_text
from ..excel.container import open_package, read_upload
from ..excel.limits import Deadline, package_census
from ..excel.problems import Problem, WorkbookError
from ..excel.reader import MAX_COLUMNS, MAX_ROWS
from .conversion import convert
from .layout import DEPARTMENT_FIELDS, INDICATOR_FIELDS, PROJECT_FIELDS
from .scoring_templates import all_templates

PROJECT_TITLE = "项目支出绩效自评表"
DEPARTMENT_TITLE = "部门整体支出绩效自评表"
DEPARTMENT_SHEET = "部门整体"
GUIDE_SHEET = "填表说明"
GUIDE = (
    "每张项目支出绩效自评表一个工作表（名称以“项目”开头），部门整体支出绩效自评表填在“部门整体”工作表；没有整体自评表时该表留空。",
    "A列是栏目名称，请勿修改；在B列填写。金额单位为万元（最多六位小数），分值、得分两位小数，执行率填百分数。",
    "绩效指标从“一级指标”表头行下一行起逐行填写，空行结束。目标值写运算符、数值和单位，如“≥60000 元/年”“>98%”“≤5%”，定性指标直接写“持续稳定”等。",
    "导入时整本工作簿一次校验：有任何错误都不会写入，并逐条指出工作表和单元格。导入会替换本版本已有的全部自评表。",
)


def _fields_for(title):
    return (PROJECT_FIELDS, "project") if title == PROJECT_TITLE else (DEPARTMENT_FIELDS, "department")


def _display(field, value):
    if field.kind == "tier":
        return {"achieved": "达成", "partial": "部分达成", "missed": "未达成"}.get(value) or None
    return None if value == "" else value


def _wan_exact(amount):
    # 元 → 万元 without rounding: a workbook must give back exactly what was entered.
    return amount / 10000 if amount is not None else None


def _write_sheet(sheet, title, evaluation):
    fields, _ = _fields_for(title)
    excel_cell(sheet, 1, 1, title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 34
    for column in range(2, len(INDICATOR_FIELDS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 18
    for row, field in enumerate(fields, start=2):
        excel_cell(sheet, row, 1, field.label).font = Font(bold=field.required)
        if evaluation is None:
            continue
        value = getattr(evaluation, field.name)
        if field.kind == "wan":
            value = _wan_exact(value)
        elif field.kind == "percent" and value is not None:
            value = f"{value}%"
        cell = excel_cell(sheet, row, 2, value)
        if field.kind == "long":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if field.kind == "date" and value is not None:
            cell.number_format = "yyyy-mm-dd"
    header = len(fields) + 3
    for column, field in enumerate(INDICATOR_FIELDS, start=1):
        excel_cell(sheet, header, column, field.label).font = Font(bold=True)
    if evaluation is None:
        return
    for row, indicator in enumerate(evaluation.indicators.all(), start=header + 1):
        for column, field in enumerate(INDICATOR_FIELDS, start=1):
            excel_cell(sheet, row, column, _display(field, getattr(indicator, field.name)))


def workbook_bytes(*, version):
    """The workbook of a version's tables; with no table yet, a blank template."""
    book = Workbook()
    guide = book.active
    guide.title = GUIDE_SHEET
    guide.column_dimensions["A"].width = 120
    for row, line in enumerate(GUIDE, start=1):
        excel_cell(guide, row, 1, line)
    excel_cell(guide, len(GUIDE) + 2, 1, "评分模板（填入“评分模板”一栏，写名称或代码均可）：")
    for row, template in enumerate(all_templates().values(), start=len(GUIDE) + 3):
        excel_cell(guide, row, 1, f"{template.name}（{template.key}）")
    evaluations = list(version.evaluations.prefetch_related("indicators")) if version else []
    for position, evaluation in enumerate(evaluations or [None], start=1):
        _write_sheet(book.create_sheet(f"项目{position}"), PROJECT_TITLE, evaluation)
    department = getattr(version, "department_evaluation", None) if version else None
    _write_sheet(book.create_sheet(DEPARTMENT_SHEET), DEPARTMENT_TITLE, department)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class _Grid:
    """A sheet's values, read once as a stream (read-only mode: openpyxl's random access there
    would parse the sheet's XML again for every cell). Rows and columns count from 1."""

    def __init__(self, worksheet, deadline):
        self.title = worksheet.title
        worksheet.reset_dimensions()  # some writers record a wrong sheet size
        self.rows = []
        for values in worksheet.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True):
            deadline.check()
            self.rows.append(values)
        while self.rows and all(v is None for v in self.rows[-1]):
            self.rows.pop()
        self.max_row = len(self.rows)
        self.max_column = max((len(values) for values in self.rows), default=0)

    def value(self, row, column):
        if row > len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column - 1] if column <= len(values) else None


def _read_sheet(sheet, title, problems):
    """(fields dict, [indicator dict]) of one sheet, or None when the sheet is left empty."""
    fields, kind = _fields_for(title)
    by_label = {cell_text(field.label): field for field in fields}
    values, header_row, seen = {}, None, set()
    for row in range(2, sheet.max_row + 1):
        label = cell_text(sheet.value(row, 1))
        if not label:
            continue
        if label == cell_text(INDICATOR_FIELDS[0].label):
            header_row = row
            break
        field = by_label.get(label)
        if field is None:
            problems.append(Problem(sheet.title, f"A{row}", f"不认识的栏目“{sheet.value(row, 1)}”"))
            continue
        seen.add(field.name)
        values[field.name] = (f"B{row}", sheet.value(row, 2))
    rows = []
    if header_row is not None:
        columns = {}
        for column in range(1, sheet.max_column + 1):
            label = cell_text(sheet.value(header_row, column))
            field = next((f for f in INDICATOR_FIELDS if cell_text(f.label) == label), None)
            if field is not None:
                columns[field.name] = column
        for field in INDICATOR_FIELDS:
            if field.required and field.name not in columns:
                problems.append(Problem(sheet.title, f"A{header_row}", f"指标表头缺少“{field.label}”列"))
        for row in range(header_row + 1, sheet.max_row + 1):
            raw = {name: sheet.value(row, column) for name, column in columns.items()}
            if all(_is_blank(v) for v in raw.values()):
                break
            rows.append((row, raw))
    if all(_is_blank(v) for _, v in values.values()) and not rows:
        return None
    for field in fields:
        if field.required and field.name not in seen:
            problems.append(Problem(sheet.title, "A", f"缺少栏目“{field.label}”"))
    header = {}
    for field in fields:
        if field.name not in values:
            continue
        cell, raw = values[field.name]
        try:
            header[field.name] = convert(field, raw, kind_of_table=kind)
        except ValueError as exc:
            problems.append(Problem(sheet.title, cell, f"{field.label}：{exc}"))
    indicators = []
    for row, raw in rows:
        indicator = {}
        for field in INDICATOR_FIELDS:
            if field.name not in columns:
                continue
            letter = get_column_letter(columns[field.name])
            try:
                value = convert(field, raw[field.name])
            except ValueError as exc:
                problems.append(Problem(sheet.title, f"{letter}{row}", f"{field.label}：{exc}"))
                continue
            if value is not None:
                indicator[field.name] = value
        indicators.append(indicator)
    return header, indicators


def read_workbook(fileobj, *, filename=""):
    """The tables of an uploaded workbook: ([(fields, indicators)] of projects, department or None).
    Raises WorkbookError listing every problem; nothing is returned half-read."""
    deadline = Deadline()
    data = read_upload(fileobj)
    package_census(open_package(data, filename=filename), deadline=deadline)
    try:
        book = load_workbook(BytesIO(data), data_only=True, read_only=True, keep_links=False)
        try:
            sheets = [_Grid(worksheet, deadline) for worksheet in book.worksheets]
        finally:
            book.close()
    except WorkbookError:  # the deadline
        raise
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise WorkbookError([Problem(message="文件无法作为 Excel 工作簿读取，请另存为 .xlsx 后再上传")]) from None
    problems, projects, department = [], [], None
    for sheet in sheets:
        title = cell_text(sheet.value(1, 1))
        if title == cell_text(PROJECT_TITLE):
            table = _read_sheet(sheet, PROJECT_TITLE, problems)
            if table is not None:
                projects.append(table)
        elif title == cell_text(DEPARTMENT_TITLE):
            department = _read_sheet(sheet, DEPARTMENT_TITLE, problems)
        elif sheet.title != GUIDE_SHEET:
            problems.append(Problem(sheet.title, "A1", f"第一格应为“{PROJECT_TITLE}”或“{DEPARTMENT_TITLE}”"))
    if not projects and department is None and not problems:
        problems.append(Problem(message="工作簿中没有填写任何自评表"))
    if problems:
        raise WorkbookError(problems)
    return projects, department
