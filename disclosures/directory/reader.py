"""A directory file (.xlsx or .csv) read into rows; every value keeps where it was.

The file is untrusted: an .xlsx passes the same checks as an uploaded workbook before openpyxl
sees it (size, zip bombs, sheets, rows and cells counted from the package, the parse bounded in
time: disclosures/excel/container.py and limits.py); a CSV is bounded in size and rows. Text
is read as text: a formula's stored result is what counts, and the values are checked by
plan.py, never evaluated.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..excel.container import open_package, read_upload
from ..excel.limits import Deadline, import_limits, package_census
from ..excel.problems import DAMAGED, WorkbookError
from .columns import BY_KEY, header_key

HEADER_SEARCH_ROWS = 10  # the header is one of the first rows (a title may come before it)
MAX_COLUMNS = 60


class DirectoryError(ValueError):
    """The directory cannot be imported; `problems` lists every reason, in Chinese."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Place:
    """Where a value is: sheet ('' in a CSV), row number, the column's header and letter."""

    sheet: str
    row: int
    column: str
    letter: str = ""

    def __str__(self):
        column = f"“{self.column}”列" if self.column else ""
        if self.sheet:
            return f"工作表“{self.sheet}”第{self.row}行{column}（{self.letter}{self.row}）"
        return f"第{self.row}行{column}"

    def as_list(self):
        return [self.sheet, self.row, self.column, self.letter]


@dataclass
class DirectoryRow:
    row: int  # as the file numbers it
    sheet: str
    values: dict  # column key -> text ("" when empty)
    places: dict  # column key -> Place

    def place(self, key=None):
        if key in self.places:
            return self.places[key]
        return Place(self.sheet, self.row, "", "")

    def as_dict(self):
        return {
            "row": self.row,
            "sheet": self.sheet,
            "values": self.values,
            "places": {key: place.as_list() for key, place in self.places.items()},
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            row=int(data["row"]),
            sheet=str(data["sheet"]),
            values={str(k): str(v) for k, v in data["values"].items()},
            places={str(k): Place(*v) for k, v in data["places"].items()},
        )


@dataclass
class DirectoryFile:
    filename: str
    columns: tuple  # the column keys the file has
    rows: list = field(default_factory=list)

    def as_dict(self):
        return {"filename": self.filename, "columns": list(self.columns), "rows": [r.as_dict() for r in self.rows]}

    @classmethod
    def from_dict(cls, data):
        return cls(
            filename=str(data["filename"]),
            columns=tuple(data["columns"]),
            rows=[DirectoryRow.from_dict(r) for r in data["rows"]],
        )


def directory_read(*, fileobj, filename=""):
    """The rows of a directory file; DirectoryError when it cannot be read or has no header."""
    name = (filename or getattr(fileobj, "name", "") or "").lower()
    try:
        data = read_upload(fileobj)
    except WorkbookError as exc:
        raise DirectoryError(exc.problems) from None
    if name.endswith(".csv"):
        return _read_csv(data, filename)
    if name.endswith((".xlsx", ".xlsm", ".xls")) or data.startswith(b"PK\x03\x04"):  # .xls: told to save as .xlsx
        return _read_xlsx(data, filename)
    raise DirectoryError(["请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）"])


def _text(value):
    """A cell's value as the text the directory means."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def _header(cells):
    """{column key: index} of a row, when it names 单位代码 and 单位名称."""
    found = {}
    for index, value in enumerate(cells[:MAX_COLUMNS]):
        key = header_key(value)
        if key is not None and key not in found:
            found[key] = index
    return found if "code" in found and "name" in found else None


def _rows(rows, *, sheet, letters):
    """(column keys, [DirectoryRow]) of a table's rows [(row number, cells)], or None without a header."""
    rows = list(rows)
    for position, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = _header(cells)
        if found is None:
            continue
        if "region" in found and "region_code" in found:
            del found["region"]  # both given: the separate columns are read
        titles = {key: _text(cells[index]) or BY_KEY[key].title for key, index in found.items()}
        result = []
        for row_number, values in rows[position + 1 :]:
            texts = {key: _text(values[index]) if index < len(values) else "" for key, index in found.items()}
            if not any(texts.values()):
                continue
            places = {
                key: Place(sheet, row_number, titles[key], get_column_letter(index + 1) if letters else "")
                for key, index in found.items()
            }
            result.append(DirectoryRow(row=row_number, sheet=sheet, values=texts, places=places))
        return tuple(found), result
    return None


def _read_xlsx(data, filename):
    deadline = Deadline()
    try:
        package_census(open_package(data, filename=filename), deadline=deadline)
        workbook = _parsed(lambda: load_workbook(BytesIO(data), read_only=True, data_only=True, keep_links=False))
    except WorkbookError as exc:
        raise DirectoryError(exc.problems) from None
    try:
        for worksheet in workbook.worksheets:
            rows = _parsed(lambda: _sheet_rows(worksheet, deadline))
            found = _rows(rows, sheet=worksheet.title, letters=True)
            if found is not None:
                columns, result = found
                return DirectoryFile(filename=filename, columns=columns, rows=result)
    except WorkbookError as exc:
        raise DirectoryError(exc.problems) from None
    finally:
        workbook.close()
    raise DirectoryError([_NO_HEADER])


_NO_HEADER = "没有找到表头：目录的前10行中须有一行列出“单位代码”和“单位名称”等列名"


def _sheet_rows(worksheet, deadline):
    limit = import_limits().rows
    rows = []
    for number, values in enumerate(worksheet.iter_rows(max_row=limit, max_col=MAX_COLUMNS, values_only=True), start=1):
        deadline.check()
        rows.append((number, list(values)))
    return rows


def _parsed(parse):
    """What `parse` returns; a damaged file (openpyxl raises many kinds) is one problem."""
    try:
        return parse()
    except WorkbookError:
        raise
    except Exception:
        raise WorkbookError([DAMAGED]) from None


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):  # Excel for Chinese Windows saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DirectoryError(["CSV 文件的编码无法识别，请另存为 UTF-8 编码的 CSV"])


def _read_csv(data, filename):
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        raise DirectoryError(["CSV 文件的编码无法识别，请另存为 UTF-8 编码的 CSV"]) from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first and "，" not in first else ","
    limit = import_limits().rows
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > limit:
                raise DirectoryError([f"CSV 文件超过 {limit} 行的上限，请删除多余的行后再导入"])
            rows.append((number, cells[:MAX_COLUMNS]))
    except csv.Error:
        raise DirectoryError(["CSV 文件格式有误，无法读取（引号不成对或含有空字符），请在 Excel 中另存为 CSV 后再导入"]) from None
    found = _rows(rows, sheet="", letters=False)
    if found is None:
        raise DirectoryError([_NO_HEADER])
    columns, result = found
    return DirectoryFile(filename=filename, columns=columns, rows=result)
