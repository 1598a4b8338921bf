"""Write the nine tables as one workbook in the official public layout.

Layout comes from disclosures.tables.spec: sheet 公开0N表, merged title, the
编制单位/年度/金额单位 line, merged multi-level headers (column group paths),
the 栏次 row, then the lines or code rows. A region's profile (disclosures.regions.tables)
changes the print: sheet names and order, titles and labels, no 行次/栏次/编制单位 line,
合计 last, the optional columns it prints, 三公's 预算数/决算数 interleaved.
Amounts are converted to 万元 (two places, each rounded on its own, as published) here
and nowhere before; `unit="元"` writes the exact amounts instead.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from portal.untrusted import excel_put

from ..regions.profiles import region_profile
from ..regions.tables import table_layout
from ..tables.grid import header_cells, printed_lines
from ..tables.spec import LAYOUT_CODES, LAYOUT_ECONOMIC, LAYOUT_LINES, TABLES, TOTAL_ROW
from ..tables.values import TableData, yuan_to_wan
from .cells import UNIT_WAN, UNIT_YUAN

NUMBER_FORMAT = "0.00"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
TITLE_FONT = Font(name="宋体", size=16, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
FIRST_HEADER_ROW = 4
WIDTH_LABEL, WIDTH_NUMBER, WIDTH_CODE, WIDTH_NAME, WIDTH_AMOUNT = 34, 6, 12, 30, 14


def _depth(columns):
    return max((len(c.group_path) for c in columns), default=0) + 1


class _SheetWriter:
    def __init__(self, worksheet, spec, data, *, department_name, year, unit, notes, layout=None, first=False):
        self.ws = worksheet
        self.layout = layout or table_layout()
        self.first = first  # the first sheet as printed: carries the document's title
        self.spec = spec
        self.data = data
        self.department_name = department_name
        self.year = year
        self.unit = unit
        self.notes = notes
        self.header_rows = (FIRST_HEADER_ROW, FIRST_HEADER_ROW)
        self.last_row = FIRST_HEADER_ROW
        self.width = 1

    # -- cells ------------------------------------------------------------

    def put(self, row, column, value, *, rowspan=1, colspan=1, header=False, align=None):
        cell = excel_put(self.ws.cell(row=row, column=column), value)
        cell.font = HEADER_FONT if header else BODY_FONT
        cell.alignment = align or (CENTER if header else LEFT)
        if header:
            cell.fill = HEADER_FILL
        if rowspan > 1 or colspan > 1:
            self.ws.merge_cells(start_row=row, start_column=column, end_row=row + rowspan - 1, end_column=column + colspan - 1)
        return cell

    def amount(self, row, column, value):
        if value and self.unit == UNIT_WAN:
            value = yuan_to_wan(value)
        cell = self.put(row, column, value or None, align=RIGHT)
        cell.number_format = NUMBER_FORMAT
        return cell

    # -- the parts every table has ----------------------------------------

    def printed(self, columns=None):
        """The amount columns as the region prints them (labels, optional ones, interleaving)."""
        return self.layout.printed_columns(self.spec, columns)

    def top(self):
        ws, width = self.ws, self.width
        self.put(1, 1, self.layout.title(self.spec.number), colspan=width, align=CENTER).font = TITLE_FONT
        ws.row_dimensions[1].height = 30
        if not self.layout.info_line:
            if self.first:
                self.put(2, 1, f"{self.department_name}{self.year}年度部门决算表", colspan=max(width - 1, 1))
            self.put(3, width, f"单位：{self.unit}", align=RIGHT)
            return
        self.put(2, width, self.spec.code, align=RIGHT)
        middle = max(2, (width + 1) // 2)
        self.put(3, 1, f"编制单位：{self.department_name}", colspan=max(middle - 1, 1))
        if middle < width:
            self.put(3, middle, f"{self.year}年度", align=CENTER)
        self.put(3, width, f"金额单位：{self.unit}", align=RIGHT)

    def finish(self, widths):
        ws = self.ws
        for row in ws.iter_rows(min_row=FIRST_HEADER_ROW, max_row=self.last_row, max_col=self.width):
            for cell in row:
                cell.border = BORDER
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        if self.notes and self.data.is_empty and self.spec.empty_note:
            row = self.last_row + 2
            self.put(row, 1, self.spec.empty_note.format(year=self.year), colspan=self.width)
        first, last = self.header_rows
        ws.print_title_rows = f"{first}:{last}"
        ws.freeze_panes = ws.cell(row=last + 1, column=1)
        setup = ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4

    def column_headers(self, columns, *, top, left, depth):
        leaves_last = self.spec.number in self.layout.interleaved
        for cell in header_cells(columns, depth, leaves_last=leaves_last):
            self.put(top + cell.level, left + cell.index, cell.text, rowspan=cell.rowspan, colspan=cell.colspan, header=True)

    # -- layouts ------------------------------------------------------------

    def lines(self):
        spec, data = self.spec, self.data
        if len(spec.sides) == 1:
            return self.single_line()
        sides = spec.sides
        numbered, column_numbers = self.layout.line_numbers, self.layout.column_numbers
        lead = 2 if numbered else 1  # 项目 (and 行次) before a side's amounts
        columns = [self.printed(s.columns) for s in sides]
        depth = max(_depth(c) for c in columns)
        self.width = sum(lead + len(c) for c in columns)
        self.top()
        top = FIRST_HEADER_ROW
        left, starts = 1, []
        for side, side_columns in zip(sides, columns):
            starts.append(left)
            self.put(top, left, side.title, colspan=lead + len(side_columns), header=True)
            self.put(top + 1, left, "项目", rowspan=depth, header=True)
            if numbered:
                self.put(top + 1, left + 1, "行次", rowspan=depth, header=True)
            self.column_headers(side_columns, top=top + 1, left=left + lead, depth=depth)
            left += lead + len(side_columns)
        numbers_row = top + depth + (1 if column_numbers else 0)
        if column_numbers:
            for side_columns, start in zip(columns, starts):
                self.put(numbers_row, start, "栏次", header=True)
                if numbered:
                    self.put(numbers_row, start + 1, None, header=True)
                for i, column in enumerate(side_columns):
                    self.put(numbers_row, start + lead + i, column.number, header=True)
        self.header_rows = (top, numbers_row)
        row = numbers_row
        for pair in printed_lines(spec, self.layout):
            row += 1
            for line, side_columns, start in zip(pair, columns, starts):
                if line is None:
                    continue
                self.put(row, start, line.label)
                if numbered:
                    self.put(row, start + 1, line.number, align=CENTER)
                for i, column in enumerate(side_columns):
                    value = None if line.is_blank else data.get(line.key, column.key)
                    self.amount(row, start + lead + i, value)
        self.last_row = row
        widths = []
        for side_columns in columns:
            widths += [WIDTH_LABEL] + ([WIDTH_NUMBER] if numbered else []) + [WIDTH_AMOUNT] * len(side_columns)
        self.finish(widths)

    def single_line(self):
        side = self.spec.sides[0]
        columns = self.printed(side.columns)
        depth = _depth(columns)
        self.width = len(columns)
        self.top()
        top = FIRST_HEADER_ROW
        self.column_headers(columns, top=top, left=1, depth=depth)
        numbers_row = top + depth - (0 if self.layout.column_numbers else 1)
        for i, column in enumerate(columns if self.layout.column_numbers else ()):
            self.put(numbers_row, 1 + i, column.number, header=True)
        self.header_rows = (top, numbers_row)
        row = numbers_row
        for line in side.lines:
            row += 1
            for i, column in enumerate(columns):
                self.amount(row, 1 + i, self.data.get(line.key, column.key))
        self.last_row = row
        self.finish([WIDTH_AMOUNT] * len(columns))

    def codes(self):
        spec, data = self.spec, self.data
        columns = self.printed()
        depth = max(2, _depth(columns))
        self.width = 2 + len(columns)
        self.top()
        top = FIRST_HEADER_ROW
        self.put(top, 1, "项目", colspan=2, rowspan=depth - 1, header=True)
        self.put(top + depth - 1, 1, "功能分类科目编码", header=True)
        self.put(top + depth - 1, 2, "科目名称", header=True)
        self.column_headers(columns, top=top, left=3, depth=depth)
        numbers_row = top + depth - (0 if self.layout.column_numbers else 1)
        if self.layout.column_numbers:
            self.put(numbers_row, 1, "栏次", colspan=2, header=True)
        for i, column in enumerate(columns if self.layout.column_numbers else ()):
            self.put(numbers_row, 3 + i, column.number, header=True)
        self.header_rows = (top, numbers_row)
        row = numbers_row
        total_last = spec.number in self.layout.total_row_last
        for code, name in ([] if total_last else [(TOTAL_ROW, None)]) + list(data.code_rows) + (
            [(TOTAL_ROW, None)] if total_last else []
        ):
            row += 1
            if code == TOTAL_ROW:
                self.put(row, 1, "合计", colspan=2, align=CENTER)
            else:
                self.put(row, 1, code)
                self.put(row, 2, name)
            for i, column in enumerate(columns):
                self.amount(row, 3 + i, data.get(code, column.key))
        self.last_row = row
        self.finish([WIDTH_CODE, WIDTH_NAME] + [WIDTH_AMOUNT] * len(columns))

    def economic(self):
        """06: the code rows in the side-by-side blocks of the published layout (spec.economic_blocks)."""
        spec, data = self.spec, self.data
        column = spec.code_columns[0]
        blocks = spec.economic_blocks(data.code_rows)
        self.width = 3 * len(blocks)
        self.top()
        top = FIRST_HEADER_ROW
        for group in spec.groups:
            indexes = [i for i, b in enumerate(blocks) if b.group == group]
            self.put(top, 1 + 3 * indexes[0], group.title, colspan=3 * len(indexes), header=True)
        for i in range(len(blocks)):
            for offset, label in enumerate(("经济分类科目编码", "科目名称", column.label)):
                self.put(top + 1, 1 + 3 * i + offset, label, header=True)
        self.header_rows = (top, top + 1)
        length = max((len(b.rows) for b in blocks), default=0)
        for i, block in enumerate(blocks):
            for offset in range(length):
                row = top + 2 + offset
                code, name = block.rows[offset] if offset < len(block.rows) else (None, None)
                self.put(row, 1 + 3 * i, code)
                self.put(row, 2 + 3 * i, name)
                self.amount(row, 3 + 3 * i, data.get(code, column.key) if code else None)
        total_row = top + 2 + length
        for group in spec.groups:
            indexes = [i for i, b in enumerate(blocks) if b.group == group]
            first, last = indexes[0], indexes[-1]
            self.put(total_row, 1 + 3 * first, group.total_label, colspan=2, align=CENTER)
            for i in indexes:
                if i != last:
                    self.amount(total_row, 3 + 3 * i, None)
                if i != first:
                    self.put(total_row, 1 + 3 * i, None)
                    self.put(total_row, 2 + 3 * i, None)
            self.amount(total_row, 3 + 3 * last, data.get(group.total_key, column.key))
        self.last_row = total_row
        self.finish([WIDTH_CODE, WIDTH_NAME - 6, WIDTH_AMOUNT] * len(blocks))


def _write(tables, *, department_name, year, unit, notes, profile=None):
    if unit not in (UNIT_WAN, UNIT_YUAN):
        raise ValueError(f"unknown unit {unit!r}")
    layout = table_layout(profile)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for printed, number in enumerate(layout.order, start=1):
        spec = TABLES[number - 1]
        worksheet = workbook.create_sheet(layout.sheet_name.format(code=spec.code, printed=printed))
        data = tables.get(spec.number) or TableData(number=spec.number)
        writer = _SheetWriter(
            worksheet,
            spec,
            data,
            department_name=department_name,
            year=year,
            unit=unit,
            notes=notes,
            layout=layout,
            first=printed == 1,
        )
        {LAYOUT_LINES: writer.lines, LAYOUT_CODES: writer.codes, LAYOUT_ECONOMIC: writer.economic}[spec.layout]()
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_write(*, tables, department_name, year, unit=UNIT_WAN, profile=None):
    """The nine tables as .xlsx bytes; unit "万元" (official, rounded to 0.01) or "元" (exact).

    `profile` (disclosures.regions): the region whose printed layout is written; by default
    the project's (公开01表 … 公开09表 with 行次 and 栏次).
    """
    return _write(tables, department_name=department_name, year=year, unit=unit, notes=True, profile=profile)


def template_write(*, department, year, profile=None):
    """A blank workbook for a department and year, code lines from the previous year's report,
    in the layout of `profile` (by default the department's region's).

    Without a previous report, 公开06表 lists the year's economic codes of its classes.
    """
    from ..models import CodeKind, ReferenceCode, Report, VersionState
    from ..selectors import version_tables
    from .codes import reference_list_year

    tables = {n: TableData(number=n) for n in range(1, 10)}
    previous = Report.objects.filter(department=department, year=year - 1).first()
    version = None
    if previous is not None:
        versions = previous.versions.order_by("-number")
        version = versions.filter(state=VersionState.PUBLISHED).first() or versions.first()
    if version is not None:
        for number, data in version_tables(version=version).items():
            tables[number].code_rows = list(data.code_rows)
    else:
        spec = TABLES[5]
        list_year = reference_list_year(kind=CodeKind.ECONOMIC, year=year)
        classes = [c for g in spec.groups for c in g.classes]
        codes = ReferenceCode.objects.filter(kind=CodeKind.ECONOMIC, year=list_year).order_by("code")
        by_class = {c: [] for c in classes}
        for reference in codes:
            if reference.code[:3] in by_class:
                by_class[reference.code[:3]].append((reference.code, reference.name))
        tables[6].code_rows = [row for c in classes for row in by_class[c]]
    profile = profile or region_profile(region=department.region)
    return _write(tables, department_name=department.name, year=year, unit=UNIT_WAN, notes=False, profile=profile)
