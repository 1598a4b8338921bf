"""第四部分 重点工作完成情况 read back: the items of its table (序号, 重要事项, 工作内容及目标,
完成情况), one by one.

The columns are found by their printed headings' words, not by position, so a table whose
headings read “重点工作事项 / 主要内容 / 完成情况” reads too. A table continued on the next
page, with its header repeated or not, goes on; a row a word processor split over two pages (its
序号 cell empty on the second) is joined to the item it continues.
"""

import re
from dataclasses import dataclass

from .pages import Grid

# (field, words in the heading), the first that matches decides
_HEADINGS = (
    ("position", ("序号",)),
    ("status", ("完成情况", "完成", "进展")),
    ("content", ("内容", "目标")),
    ("title", ("事项", "重点工作", "工作任务", "项目", "名称")),
)
_NUMBER = re.compile(r"^(\d{1,3})[.、]?$")
HEADING_CHARS = 12  # a heading is short; a longer cell is an item's text that happens to hold the words


@dataclass(frozen=True)
class KeyWorkRead:
    position: int
    title: str
    content: str
    status: str


def _squeezed(value):
    return re.sub(r"\s+", "", value or "")


def _columns(row):
    """{field: column} of a header row, or None when the row is not the table's header."""
    columns = {}
    for c, value in enumerate(row):
        words = _squeezed(value)
        if len(words) > HEADING_CHARS:
            return None
        field = next((name for name, markers in _HEADINGS if any(m in words for m in markers)), None)
        if field and field not in columns:
            columns[field] = c
    return columns if "title" in columns and ("position" in columns or "content" in columns) else None


def _cell(row, column):
    if column is None or column >= len(row):
        return ""
    return (row[column] or "").strip()


def key_work_items(items):
    """[KeyWorkRead] of the key-work table among a part's `items` (Lines and Grids), in order."""
    found, columns, width = [], None, None
    for grid in (item for item in items if isinstance(item, Grid)):
        rows = grid.rows
        if not rows:
            continue
        header = _columns(rows[0]) if rows else None
        if header is not None:
            columns, width, rows = header, len(rows[0]), rows[1:]
        elif columns is None or len(rows[0]) != width:
            continue  # another table, or one before the key-work table's header
        for n, row in enumerate(rows):
            values = {name: _cell(row, column) for name, column in columns.items()}
            number = _NUMBER.match(_squeezed(values.get("position", "")))
            if not any(values.values()):
                continue
            if found and n == 0 and header is None and not values.get("position"):
                previous = found[-1]  # the rest of a row split over the page break
                found[-1] = KeyWorkRead(
                    previous.position,
                    previous.title + values.get("title", ""),
                    previous.content + values.get("content", ""),
                    previous.status + values.get("status", ""),
                )
                continue
            found.append(
                KeyWorkRead(
                    int(number.group(1)) if number else len(found) + 1,
                    values.get("title", ""),
                    values.get("content", ""),
                    values.get("status", ""),
                )
            )
    return found
