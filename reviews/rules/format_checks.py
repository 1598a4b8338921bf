"""Format rules the data decides (checklist items 5, 7, 9, 11, 13), as named checks.

A rule in the rule set refers to one by name: ``格式检查：九张表齐全``. Each check
takes the tables ({number: TableData}) and the entry unit and returns violations:
{"message": Chinese text, "refs": [(table, row, column)], "tables": [numbers]}.
"""

from dataclasses import dataclass

from disclosures.tables.spec import LAYOUT_CODES, TABLES

FUNCTION_CODE_TABLES = tuple(t.number for t in TABLES if t.layout == LAYOUT_CODES and t.code_kind == "function")
ECONOMIC_TABLE = 6
WAN = 100  # 0.01 万元 in 元


@dataclass(frozen=True)
class FormatCheck:
    name: str
    check: object
    explanation: str


def _leaves(data):
    codes = [code for code, _ in data.code_rows]
    prefixes = {code[:n] for code in codes for n in (3, 5) if len(code) > n}
    return [code for code in codes if code not in prefixes]


def _first_column(data):
    return data.spec.columns[0].key


def all_tables_present(tables, *, entry_unit):
    missing = [n for n in range(1, 10) if n not in tables]
    if not missing:
        return []
    names = "、".join(f"公开{n:02d}表" for n in missing)
    return [{"message": f"缺少{names}；没有数据的表也应列出空表并附说明。", "refs": [], "tables": missing}]


def summary_table_has_data(tables, *, entry_unit):
    data = tables.get(1)
    if data is None or not data.is_empty:
        return []
    return [{"message": "公开01表没有任何数据。", "refs": [], "tables": [1]}]


def function_codes_to_item_level(tables, *, entry_unit):
    violations = []
    for number in FUNCTION_CODE_TABLES:
        data = tables.get(number)
        if data is None:
            continue
        detail = data.spec.detail_level
        for code in _leaves(data):
            if len(code) < detail and any(v for (row, _), v in data.cells.items() if row == code):
                violations.append(
                    {
                        "message": f"{data.spec.code}科目{code}（{dict(data.code_rows)[code]}）未细化至项级（7位科目编码）。",
                        "refs": [(number, code, _first_column(data))],
                        "tables": [number],
                    }
                )
    return violations


def economic_codes_to_section_level(tables, *, entry_unit):
    data = tables.get(ECONOMIC_TABLE)
    if data is None:
        return []
    violations = []
    for code in _leaves(data):
        if len(code) == 3 and data.get(code, "amount"):
            violations.append(
                {
                    "message": f"公开06表{code}（{dict(data.code_rows)[code]}）有金额但未细化至款级（5位经济分类科目）。",
                    "refs": [(ECONOMIC_TABLE, code, "amount")],
                    "tables": [ECONOMIC_TABLE],
                }
            )
    return violations


def zero_lines_not_shown(tables, *, entry_unit):
    """Function-code rows that are zero in every column. The published tables leave them out
    (tables.grid); the finding tells the accountant so. Table 06 is exempt: its published
    layout lists the 款 of the economic classification in full."""
    violations = []
    for number in FUNCTION_CODE_TABLES:
        data = tables.get(number)
        if data is None:
            continue
        nonzero = {row for (row, _), value in data.cells.items() if value}
        zero = [code for code, _ in data.code_rows if code not in nonzero]
        if zero:
            violations.append(
                {
                    "message": f"{data.spec.code}列示了全为零的科目：{'、'.join(zero)}（零值指标不列示，公开的报告中不显示这些行）。",
                    "refs": [(number, code, _first_column(data)) for code in zero],
                    "tables": [number],
                }
            )
    return violations


def _cell_order(item):
    """Line numbers in numeric order, then codes (so 208 comes before 20801), whatever order the
    cells were read in: a workbook and the database give the same findings in the same order."""
    (row, column), _ = item
    return (0, int(row), "", column) if row.isdigit() and len(row) <= 2 else (1, 0, row, column)


def two_decimals(tables, *, entry_unit):
    """Data entered in 万元 must carry at most two decimals (a whole number of 100 元)."""
    if entry_unit != "万元":
        return []
    violations = []
    for number, data in sorted(tables.items()):
        for (row, column), value in sorted(data.cells.items(), key=_cell_order):
            if value % WAN:
                violations.append(
                    {
                        "message": f"{data.spec.code}的金额{value / 10000}万元超过两位小数。",
                        "refs": [(number, row, column)],
                        "tables": [number],
                    }
                )
    return violations


FORMAT_CHECKS = {
    check.name: check
    for check in (
        FormatCheck("九张表齐全", all_tables_present, "公开01表至公开09表九张表都应公开，没有数据的表列空表并附说明。"),
        FormatCheck("公开01表有数据", summary_table_has_data, "收入支出决算总表不能为空。"),
        FormatCheck("功能科目细化至项级", function_codes_to_item_level, "公开02、03、05、07、08表的功能分类科目应细化至项级。"),
        FormatCheck("经济科目细化至款级", economic_codes_to_section_level, "公开06表应细化至款级。"),
        FormatCheck("零值科目不列示", zero_lines_not_shown, "功能分类科目全为零的行不列示。"),
        FormatCheck("金额保留两位小数", two_decimals, "按万元填报的金额保留两位小数。"),
    )
}
