"""A report whose every consistency relation holds, built from a few 项 lines.

Used for the demo's other departments and as the known-good report in tests.
All arithmetic is on exact Decimals in 元; remainders go to the last part.
"""

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal

from ..tables.spec import TOTAL_ROW, table_spec
from ..tables.values import CENT, TableData, to_amount

# Basic expenditure split: (code, name, share) per group; the last takes the rest.
PERSONNEL = (("30101", "基本工资", "0.40"), ("30102", "津贴补贴", "0.30"), ("30107", "绩效工资", None))
PUBLIC = (("30201", "办公费", "0.50"), ("30217", "公务接待费", "0.10"), ("30299", "其他商品和服务支出", None))
PERSONNEL_SHARE = Decimal("0.85")


def _share(total, ratio):
    return (total * Decimal(ratio)).quantize(CENT, rounding=ROUND_DOWN)


def _split(total, parts):
    amounts, rest = [], total
    for code, name, ratio in parts:
        amount = rest if ratio is None else _share(total, ratio)
        rest -= amount
        amounts.append((code, name, amount))
    return amounts


def consistent_tables(lines):
    """lines: [(code7, name, basic_yuan, project_yuan)], all general-budget money.

    Returns {table number: TableData} for tables 1–9.
    """
    lines = [(code, name, to_amount(basic), to_amount(project)) for code, name, basic, project in lines]
    tables = {n: TableData(number=n) for n in range(1, 10)}
    basic_total = sum((b for _, _, b, _ in lines), Decimal("0.00"))
    project_total = sum((p for _, _, _, p in lines), Decimal("0.00"))
    total = basic_total + project_total

    for number, columns in ((2, ("total", "fiscal")), (3, None), (5, None)):
        data = tables[number]
        for code, name, basic, project in lines:
            data.code_rows.append((code, name))
            if columns:
                for column in columns:
                    data.set(code, column, basic + project)
            else:
                data.set(code, "total", basic + project)
                data.set(code, "basic", basic)
                data.set(code, "project", project)
        if columns:
            for column in columns:
                data.set(TOTAL_ROW, column, total)
        else:
            data.set(TOTAL_ROW, "total", total)
            data.set(TOTAL_ROW, "basic", basic_total)
            data.set(TOTAL_ROW, "project", project_total)

    by_class = defaultdict(lambda: Decimal("0.00"))
    for code, _, basic, project in lines:
        by_class[code[:3]] += basic + project

    t1, t4 = tables[1], tables[4]
    for key in ("1", "27", "31"):
        t1.set(key, "amount", total)
    for key in ("58", "62"):
        t1.set(key, "amount", total)
    for key in ("1", "27", "32"):
        t4.set(key, "amount", total)
    for key in ("59", "64"):
        t4.set(key, "subtotal", total)
        t4.set(key, "general", total)
    for side_number, table in ((1, t1), (4, t4)):
        spec = table_spec(side_number)
        for line in spec.lines:
            if line.function_class and by_class.get(line.function_class):
                amount = by_class[line.function_class]
                if side_number == 1:
                    table.set(line.key, "amount", amount)
                else:
                    table.set(line.key, "subtotal", amount)
                    table.set(line.key, "general", amount)

    t6 = tables[6]
    personnel_total = _share(basic_total, PERSONNEL_SHARE)
    public_total = basic_total - personnel_total
    for class_code, class_name, group_total, parts, total_key in (
        ("301", "工资福利支出", personnel_total, PERSONNEL, "personnel_total"),
        ("302", "商品和服务支出", public_total, PUBLIC, "public_total"),
    ):
        t6.code_rows.append((class_code, class_name))
        t6.set(class_code, "amount", group_total)
        for code, name, amount in _split(group_total, parts):
            t6.code_rows.append((code, name))
            t6.set(code, "amount", amount)
        t6.set(total_key, "amount", group_total)

    reception = t6.get("30217", "amount")
    t9 = tables[9]
    budget = (reception * Decimal("1.2")).quantize(CENT)
    t9.set("1", "budget_total", budget)
    t9.set("1", "budget_reception", budget)
    t9.set("1", "final_total", reception)
    t9.set("1", "final_reception", reception)
    return tables
