"""How much of a workbook is read: counted from the package before any parser builds it.

A small file can still be heavy: 2 MB of zip holding 24 sheets of 7,659 × 26 cells
passes every size check in container.py and then costs openpyxl minutes and gigabytes.
So, before any full parse, the sheets, rows and cells are counted from the package as a
stream (expat, no tree kept, no DTD allowed), stopping at the first limit exceeded; the
<dimension> a sheet declares only orders the count (the biggest claim first), it is never
trusted. The nine tables of the largest department use a few hundred rows; the limits
are settings far above that (IMPORT_MAX_SHEETS, IMPORT_MAX_ROWS, IMPORT_MAX_CELLS).

The parse itself is bounded in time by a Deadline (IMPORT_PARSE_SECONDS) the readers
check as they go, row by row: no signals, so it works in any thread.
"""

import posixpath
import re
import time
from dataclasses import dataclass
from xml.parsers import expat

from .problems import DAMAGED, UNSAFE_XML, Problem, WorkbookError

MAX_SHEETS = 40
MAX_ROWS = 5000  # per sheet
MAX_CELLS = 200_000  # in all sheets together, and strings in the shared string table
MAX_PART_BYTES = 10 * 1024 * 1024  # any other XML part (workbook, styles, rels …), unzipped
PARSE_SECONDS = 10.0
ELEMENTS_PER_CELL = 8  # all start tags of the sheets (<c>, <v>, <f>, <is> …), per cell allowed

SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# In openpyxl's order of preference (reader/excel.py): the part it reads is the part counted.
WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
KEEP_NINE = "请只保留九张公开表后再上传"


@dataclass(frozen=True)
class Limits:
    sheets: int = MAX_SHEETS
    rows: int = MAX_ROWS
    cells: int = MAX_CELLS
    seconds: float = PARSE_SECONDS


def import_limits():
    """The limits of the settings (IMPORT_MAX_SHEETS …), or the defaults outside Django."""
    try:
        from django.conf import settings

        return Limits(
            sheets=getattr(settings, "IMPORT_MAX_SHEETS", MAX_SHEETS),
            rows=getattr(settings, "IMPORT_MAX_ROWS", MAX_ROWS),
            cells=getattr(settings, "IMPORT_MAX_CELLS", MAX_CELLS),
            seconds=getattr(settings, "IMPORT_PARSE_SECONDS", PARSE_SECONDS),
        )
    except Exception:  # settings not configured (a plain script)
        return Limits()


class Deadline:
    """The moment a workbook's parse must be over; `check()` raises WorkbookError after it."""

    def __init__(self, seconds=None):
        self.seconds = import_limits().seconds if seconds is None else seconds
        self.ends = time.monotonic() + self.seconds

    def check(self):
        if time.monotonic() > self.ends:
            raise WorkbookError(
                [Problem(message=f"读取工作簿超过 {self.seconds:g} 秒仍未完成，已停止；请只保留九张公开表并删除多余的行后再上传")]
            )


class UnsafeXml(Exception):
    """A part declares a DTD."""


def refusing_parser(*, namespaces=False):
    """An expat parser that refuses any DTD (so no entity can be declared or expanded); with
    `namespaces`, element names are "namespace local-name"."""
    parser = expat.ParserCreate(namespace_separator=" " if namespaces else None)

    def refuse(*args):
        raise UnsafeXml

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def _local(name):
    return name.rpartition(":")[2]


def _part_size_check(package, name):
    size = package.getinfo(name).file_size
    if size > MAX_PART_BYTES:
        raise WorkbookError(
            [Problem(message=f"文件中的“{name}”解压后达 {_megabytes(size)}，超过上限 {_megabytes(MAX_PART_BYTES)}，已拒绝")]
        )


def _elements(package, part, wanted):
    """[(local name, attributes)] of the elements named in `wanted` of a small XML part."""
    _part_size_check(package, part)
    found = []
    parser = refusing_parser()

    def on_start(name, attributes):
        name = _local(name)
        if name in wanted:
            found.append((name, attributes))

    parser.StartElementHandler = on_start
    try:
        with package.open(part) as source:
            parser.ParseFile(source)
    except UnsafeXml:
        raise WorkbookError([Problem(message=UNSAFE_XML)]) from None
    except WorkbookError:
        raise
    except Exception:  # expat errors, a damaged deflate stream, a bad CRC …
        raise WorkbookError([Problem(message=DAMAGED)]) from None
    return found


def _resolve(base, target):
    """A relationship target as a package name, relative to the part `base` (as openpyxl does)."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_of(part):
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _content_types(package):
    """{part name: content type} of the package's overrides."""
    return {
        attributes.get("PartName", "").lstrip("/"): attributes.get("ContentType", "")
        for _, attributes in _elements(package, "[Content_Types].xml", {"Override"})
    }


def _sheets(package, names):
    """(workbook part, [(sheet name, package part)] in the workbook's order, [shared string parts]),
    resolved the way openpyxl does."""
    overrides = _content_types(package)
    workbook = next(
        (part for wanted in WORKBOOK_TYPES for part, kind in overrides.items() if kind == wanted), "xl/workbook.xml"
    )
    if workbook not in names:
        raise WorkbookError([Problem(message=DAMAGED)])
    rels = _rels_of(workbook)
    targets = {}
    if rels in names:
        for _, attributes in _elements(package, rels, {"Relationship"}):
            if attributes.get("TargetMode") != "External":
                targets[attributes.get("Id")] = _resolve(workbook, attributes.get("Target", ""))
    sheets = []
    for _, attributes in _elements(package, workbook, {"sheet"}):
        rid = next((v for k, v in attributes.items() if _local(k) == "id"), None)
        sheets.append((attributes.get("name", ""), targets.get(rid)))
    shared = [part for part, kind in overrides.items() if kind == SHARED_STRINGS]
    return workbook, sheets, shared


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


_CELL_RANGE = re.compile(r"^[A-Z]{1,3}(\d+):[A-Z]{1,3}(\d+)$")


def _claimed_rows(package, part):
    """The rows a sheet's <dimension> claims (read from its head only), for ordering the count."""
    with package.open(part) as source:
        head = source.read(4096).decode("utf-8", "replace")
    match = re.search(r'<(?:\w+:)?dimension ref="([^"]*)"', head)
    found = _CELL_RANGE.match(match.group(1)) if match else None
    return int(found.group(2)) - int(found.group(1)) + 1 if found else 0


def _tag_counts(package, part, root, names, deadline):
    """Per chunk of a part, ({name: count of its start tags}, count of all start tags).

    Plain byte counting (what a parser would count, at a tenth of its cost): every tag
    starts with "<", so a chunk is cut before its last "<" and no tag is split. The element
    prefix is the root element's own (<x:worksheet> gives <x:row>); openpyxl matches by
    namespace, so a file declaring the main namespace twice is a crafted one, and the
    total of all start tags bounds it all the same.
    """
    carry, pattern = b"", None
    with package.open(part) as source:
        while True:
            chunk = source.read(256 * 1024)
            buffer = carry + chunk
            if not buffer:
                return
            if pattern is None:
                found = re.search(rb"<([A-Za-z_][\w.-]*:)?" + root.encode() + rb"[\s/>]", buffer)
                prefix = re.escape(found.group(1)) if found and found.group(1) else b""
                pattern = re.compile(b"<" + prefix + b"(" + b"|".join(n.encode() for n in names) + rb")[\s/>]")
            cut = buffer.rfind(b"<") if chunk else -1
            if cut < 0:
                cut = len(buffer)
            done, carry = buffer[:cut], buffer[cut:]
            counts = dict.fromkeys(names, 0)
            for name in pattern.findall(done):
                counts[name.decode()] += 1
            yield counts, done.count(b"<") - done.count(b"</")
            if deadline is not None:
                deadline.check()
            if not chunk:
                return


def package_census(package, *, limits=None, deadline=None):
    """Refuse, with a Chinese message naming the sheet and the limit, a package too big to parse.

    Counts sheets from the workbook part, then rows and cells of each sheet part and the
    strings of the shared string table, as a stream; stops at the first limit exceeded.
    """
    try:
        _census(package, limits or import_limits(), deadline)
    except WorkbookError:
        raise
    except Exception:  # a damaged deflate stream, a bad CRC …
        raise WorkbookError([Problem(message=DAMAGED)]) from None


def _census(package, limits, deadline):
    names = set(package.namelist())
    _, sheets, shared = _sheets(package, names)
    if len(sheets) > limits.sheets:
        raise WorkbookError(
            [Problem(message=f"工作簿有 {len(sheets)} 张工作表，超过上限 {limits.sheets} 张；{KEEP_NINE}")]
        )
    sheet_parts = {part for _, part in sheets if part in names}
    for name in sorted(names):
        if name not in sheet_parts and name not in shared and name.endswith((".xml", ".rels")):
            _part_size_check(package, name)
    present = [(title, part) for title, part in sheets if part in names]
    present.sort(key=lambda sheet: -_claimed_rows(package, sheet[1]))
    cells = tags = 0
    for title, part in present:
        rows = 0
        for counts, chunk_tags in _tag_counts(package, part, "worksheet", ("row", "c"), deadline):
            rows += counts["row"]
            cells += counts["c"]
            tags += chunk_tags
            if rows > limits.rows:
                raise WorkbookError(
                    [Problem(title, "", f"工作表超过 {limits.rows} 行的上限（已读到约 {rows} 行），请删除多余的行或工作表后再上传")]
                )
            if cells > limits.cells or tags > ELEMENTS_PER_CELL * limits.cells:
                raise WorkbookError(
                    [Problem(title, "", f"工作簿的单元格超过上限 {limits.cells} 个（读到本表约第 {rows} 行时），请只保留九张公开表并删除多余的行后再上传")]
                )
    for part in shared:
        if part not in names:
            continue
        strings = tags = 0
        for counts, chunk_tags in _tag_counts(package, part, "sst", ("si",), deadline):
            strings += counts["si"]
            tags += chunk_tags
            if strings > limits.cells or tags > ELEMENTS_PER_CELL * limits.cells:
                raise WorkbookError([Problem(message=f"工作簿的共享字符串超过上限 {limits.cells} 个；{KEEP_NINE}")])
