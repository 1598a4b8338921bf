"""Codes of a workbook against the year's reference lists (科目编码表).

The published lists trail the codes departments really use (a 款 added for a new kind of
department, a mid-year revision). A code the list lacks is therefore judged by its parents:
when its 类 is in the list (and, for a 项, its 款 is in the list or is itself such a code of
the same workbook) it is accepted, stored, and the reviewer sees a warning asking to check
it; an unknown 类 is an error. Import (unknown_code_problems) and review (code_findings in
reviews.rules.code_checks) both read the verdicts of codes_against_list.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ..models import CodeKind, ReferenceCode
from .problems import Problem

TABLES_BY_KIND = ((CodeKind.FUNCTION, (2, 3, 5, 7, 8)), (CodeKind.ECONOMIC, (6,)))
UNLISTED_MESSAGE = "科目编码 {code} 不在{year}年政府收支分类科目中，请核对"


@dataclass(frozen=True)
class UnlistedCode:
    table: int
    code: str
    kind: str
    year: int  # the report's year, as the message names it
    missing_parent: str = ""  # its 类 or 款 the list lacks too: an error, the code cannot be stored

    @property
    def error(self):
        return bool(self.missing_parent)

    @property
    def message(self):
        if not self.error:
            return UNLISTED_MESSAGE.format(code=self.code, year=self.year)
        parent = self.missing_parent
        level = "类" if len(parent) == 3 else "款"
        if parent == self.code:
            return f"科目编码 {self.code} 不在{self.year}年{CodeKind(self.kind).label}中，没有这个类"
        return (
            f"科目编码 {self.code} 不在{self.year}年{CodeKind(self.kind).label}中，"
            f"其上级{level} {parent} 也不在科目表中"
        )


def reference_list_year(*, kind, year):
    """The year whose list applies: the report's own, else the newest one loaded (None if none)."""
    # order_by(): the model's ordering would put kind and code into the DISTINCT, one row a code.
    years = sorted(ReferenceCode.objects.filter(kind=kind).order_by().values_list("year", flat=True).distinct())
    if not years:
        return None
    if year in years:
        return year
    earlier = [y for y in years if year is not None and y < year]
    return earlier[-1] if earlier else years[-1]


def codes_against_list(*, tables, year):
    """[UnlistedCode] for every code of the code tables not in the applicable list, in table order."""
    found = []
    for kind, numbers in TABLES_BY_KIND:
        known = listed_codes(kind=kind, year=year)
        if known is None:
            continue
        for number in numbers:
            data = tables.get(number)
            if data is None:
                continue
            codes = [code for code, _ in data.code_rows]
            found += [
                UnlistedCode(table=number, code=code, kind=kind, year=year or known.year, missing_parent=missing)
                for code, missing in _verdicts(codes, known)
            ]
    return found


def code_verdicts(*, kind, year, codes):
    """[UnlistedCode] for the codes of one table the applicable list lacks, in their order."""
    known = listed_codes(kind=kind, year=year)
    if known is None:
        return []
    return [
        UnlistedCode(table=0, code=code, kind=kind, year=year or known.year, missing_parent=missing)
        for code, missing in _verdicts(list(codes), known)
    ]


class _Listed(frozenset):
    year = None


_read_once = ContextVar("reference_lists_read_once", default=None)


@contextmanager
def reference_lists_read_once():
    """Within the block, each list is read from the database once: an import checks the codes
    before it stores them and the findings check them again after."""
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


def listed_codes(*, kind, year):
    """The codes of the list that applies (a frozenset with .year), or None when no list is loaded."""
    memo = _read_once.get()
    if memo is not None and (kind, year) in memo:
        return memo[(kind, year)]
    known = None
    list_year = reference_list_year(kind=kind, year=year)
    if list_year is not None:
        codes = ReferenceCode.objects.filter(kind=kind, year=list_year).order_by().values_list("code", flat=True)
        known = _Listed(codes)
        known.year = list_year
    if memo is not None:
        memo[(kind, year)] = known
    return known


def _verdicts(codes, known):
    """(code, missing parent or "") for each code the list lacks."""
    # a 款 the list lacks but whose 类 it has: accepted, and so a parent its 项 may hang from
    accepted_sections = {c for c in codes if len(c) == 5 and c[:3] in known}
    for code in codes:
        if code in known:
            continue
        if code[:3] not in known:
            yield code, code[:3] if len(code) > 3 else code
        elif len(code) == 7 and code[:5] not in known and code[:5] not in accepted_sections:
            yield code, code[:5]
        else:
            yield code, ""


def unknown_code_problems(*, content, year):
    """A problem naming the cell for every code that cannot be stored (its 类 or 款 unknown)."""
    problems = []
    for unlisted in codes_against_list(tables=content.tables, year=year):
        if not unlisted.error:
            continue
        sheet, _, cell = content.code_sources.get((unlisted.table, unlisted.code), "").partition("!")
        problems.append(Problem(sheet, cell, unlisted.message))
    return problems


def unlisted_code_warnings(*, content, year):
    """The warnings an import passes on: codes stored although the list lacks them."""
    return [u for u in codes_against_list(tables=content.tables, year=year) if not u.error]
