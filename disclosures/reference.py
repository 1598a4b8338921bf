"""Reference code lists (支出功能分类科目, 支出经济分类科目): loading from the repo's
CSV files and importing a full official list from a spreadsheet."""

import csv
import re
from pathlib import Path

from django.db import transaction

from portal.textpolicy import text_problem

from .models import CodeKind, ReferenceCode

DATA_DIR = Path(__file__).parent / "reference_data"
FILE_PATTERN = re.compile(r"^(?P<kind>function|economic)_codes_(?P<year>\d{4})\.csv$")
CODE_PATTERN = re.compile(r"^\d{3}(\d{2}){0,2}$")
ECONOMIC_LENGTHS = (3, 5)
NAME_LENGTH = ReferenceCode._meta.get_field("name").max_length


class ReferenceImportError(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _check(kind, rows, *, known=frozenset()):
    """Validate (code, name, where) rows; return [(code, name)] or raise with every problem.

    known: codes already in the list, which may be the parents of the rows (a revision)."""
    problems, seen, clean = [], {}, []
    for code, name, where in rows:
        code, name = str(code).strip(), str(name or "").strip()
        if not CODE_PATTERN.match(code) or (kind == CodeKind.ECONOMIC and len(code) not in ECONOMIC_LENGTHS):
            problems.append(f"{where}：科目编码“{code}”位数不对（应为3、5或7位数字）")
            continue
        if not name:
            problems.append(f"{where}：科目编码 {code} 没有名称")
            continue
        problem = text_problem(name, max_length=NAME_LENGTH, label=f"科目 {code} 的名称")
        if problem:
            problems.append(f"{where}：{problem}")
            continue
        if code in seen:
            problems.append(f"{where}：科目编码 {code} 与{seen[code]}重复")
            continue
        seen[code] = where
        clean.append((code, name))
    codes = {code for code, _ in clean} | set(known)
    for code, _ in clean:
        if len(code) > 3 and code[:-2] not in codes:
            problems.append(f"{seen[code]}：科目编码 {code} 缺少上级科目 {code[:-2]}")
    if problems:
        raise ReferenceImportError(problems)
    return clean


@transaction.atomic
def reference_codes_replace(*, kind, year, rows):
    """Replace a year's list of one kind with validated rows, all or nothing. Returns the count."""
    clean = _check(kind, rows)
    ReferenceCode.objects.filter(kind=kind, year=year).delete()
    ReferenceCode.objects.bulk_create(ReferenceCode(kind=kind, year=year, code=c, name=n) for c, n in clean)
    return len(clean)


@transaction.atomic
def reference_codes_revise(*, kind, year, rows, revision, effective_from=None):
    """Apply a mid-year revision to a year's list: add the new codes, rename the renamed ones.

    Codes the revision leaves out stay as they are. A new code needs its parent in the list or in
    the revision. The codes touched carry the revision's label and date (a renamed one its former
    name). All or nothing; returns {"added": n, "renamed": n, "unchanged": n}.
    """
    revision = (revision or "").strip()
    if not revision:
        raise ReferenceImportError(["年中修订须填写修订名称（如“2024年9月修订”）"])
    existing = {c.code: c for c in ReferenceCode.objects.select_for_update().filter(kind=kind, year=year)}
    if not existing:
        raise ReferenceImportError([f"{year}年还没有{CodeKind(kind).label}，请先导入全年科目表再导入修订"])
    clean = _check(kind, rows, known=set(existing))
    counts = {"added": 0, "renamed": 0, "unchanged": 0}
    for code, name in clean:
        current = existing.get(code)
        if current is None:
            ReferenceCode.objects.create(
                kind=kind, year=year, code=code, name=name, revision=revision, effective_from=effective_from
            )
            counts["added"] += 1
        elif current.name != name:
            current.previous_name, current.name = current.name, name
            current.revision, current.effective_from = revision, effective_from
            current.save(update_fields=("name", "previous_name", "revision", "effective_from"))
            counts["renamed"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def reference_codes_load_files(*, directory=DATA_DIR, year=None, kind=None):
    """Load every {kind}_codes_{year}.csv kept in the repo (only `year`'s, only `kind`'s when given).
    Returns {(kind, year): count}."""
    loaded = {}
    for path in sorted(Path(directory).glob("*.csv")):
        match = FILE_PATTERN.match(path.name)
        if not match or (year and int(match["year"]) != year) or (kind and match["kind"] != kind):
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            rows = [(r["code"], r["name"], f"{path.name} 第{i}行") for i, r in enumerate(csv.DictReader(fh), start=2)]
        key = (match["kind"], int(match["year"]))
        loaded[key] = reference_codes_replace(kind=match["kind"], year=key[1], rows=rows)
    return loaded


def reference_rows_from_workbook(fileobj):
    """Read (code, name, where) from the first sheet holding a code column.

    The code is the first cell of a row made of 3, 5 or 7 digits; the name is
    the next non-empty text cell on that row. Headers and notes are skipped.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-workbook
        raise ReferenceImportError(["文件不是有效的Excel工作簿（.xlsx）"]) from exc
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows():
                cells = [c for c in row if c.value not in (None, "")]
                for i, cell in enumerate(cells):
                    text = str(cell.value).strip()
                    if isinstance(cell.value, (int, str)) and CODE_PATTERN.match(text):
                        name = next((str(c.value).strip() for c in cells[i + 1 :] if isinstance(c.value, str)), "")
                        rows.append((text, name, f"{sheet.title}!{cell.coordinate}"))
                        break
            if rows:
                return rows
    finally:
        workbook.close()
    raise ReferenceImportError(["工作簿中没有找到科目编码列（3、5或7位数字）"])
