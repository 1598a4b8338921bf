"""The cells a return names, resolved to real places of the version's tables.

A reviewer names a cell as the page and the workbook show it (“公开01表!F33”, the imported cell's
source), as the internal key a click on the report page adds (“1:27:amount”), or with the column's
printed label (“1:27:金额”). Every one must resolve to a row the version's table has and a column
that row holds; anything else is refused, naming what was typed.
"""

import re

from disclosures.models import TableCell
from disclosures.tables.spec import TABLES_BY_NUMBER

SHEET_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<cell>[A-Z]{1,3}[0-9]{1,7})$")


class CellNotFound(ValueError):
    pass


def return_cells_resolve(*, version, tables, refs):
    """["n:row:column"] for the typed references, in order and without repeats."""
    resolved = []
    sources = None
    for ref in refs:
        text = str(ref).strip()
        if not text:
            continue
        match = SHEET_CELL.match(text.replace("！", "!").upper() if "!" in text or "！" in text else text)
        if match:
            if sources is None:
                sources = {
                    source.upper(): (table, row, column)
                    for table, row, column, source in TableCell.objects.filter(version=version)
                    .exclude(source="")
                    .values_list("table", "row", "column", "source")
                }
            found = sources.get(f"{match['sheet']}!{match['cell']}".upper())
            if found is None:
                raise CellNotFound(f"单元格“{text}”不是本版本导入的工作簿中有金额的单元格；请在报告页点击该单元格，或写成“表号:行:列”。")
            key = ":".join(str(part) for part in found)
        else:
            key = _internal_key(text, tables)
        if key not in resolved:
            resolved.append(key)
    return resolved


def _internal_key(text, tables):
    parts = [p.strip() for p in text.replace("：", ":").split(":")]
    if len(parts) != 3 or not all(parts) or not parts[0].isdigit() or int(parts[0]) not in TABLES_BY_NUMBER:
        raise CellNotFound(f"单元格“{text}”的格式应为“表号:行:列”（如 1:1:amount），或工作簿中的位置（如 公开01表!F14）。")
    number, row, column = int(parts[0]), parts[1], parts[2]
    spec = TABLES_BY_NUMBER[number]
    rows = set(spec.fixed_row_keys()) | {code for code, _ in tables[number].code_rows}
    if row not in rows:
        raise CellNotFound(f"单元格“{text}”：{spec.code}没有“{row}”这一行。")
    columns = spec.columns_for_row(row)
    by_label = {c.label: c.key for c in columns}
    key = column if column in {c.key for c in columns} else by_label.get(column)
    if key is None:
        raise CellNotFound(
            f"单元格“{text}”：{spec.code}的这一行没有“{column}”栏（可用：{'、'.join(c.label for c in columns)}）。"
        )
    return f"{number}:{row}:{key}"
