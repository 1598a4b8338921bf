"""Codes of an imported workbook against the year's reference lists (科目编码表)."""

from ..models import CodeKind, ReferenceCode
from .problems import Problem

TABLES_BY_KIND = ((CodeKind.FUNCTION, (2, 3, 5, 7, 8)), (CodeKind.ECONOMIC, (6,)))


def reference_list_year(*, kind, year):
    """The year whose list applies: the report's own, else the newest one loaded (None if none)."""
    years = ReferenceCode.objects.filter(kind=kind).values_list("year", flat=True).distinct()
    years = sorted(set(years))
    if not years:
        return None
    if year in years:
        return year
    earlier = [y for y in years if year is not None and y < year]
    return earlier[-1] if earlier else years[-1]


def unknown_code_problems(*, content, year):
    """A problem naming the cell for every code that is not in the applicable list."""
    problems = []
    for kind, numbers in TABLES_BY_KIND:
        list_year = reference_list_year(kind=kind, year=year)
        if list_year is None:
            continue
        known = set(ReferenceCode.objects.filter(kind=kind, year=list_year).values_list("code", flat=True))
        for number in numbers:
            for code, _ in content.tables[number].code_rows:
                if code in known:
                    continue
                sheet, _, cell = content.code_sources.get((number, code), "").partition("!")
                problems.append(Problem(sheet, cell, f"科目编码 {code} 不在{list_year}年{kind.label}中"))
    return problems
