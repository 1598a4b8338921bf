"""A report whose every relation holds, using every table (01–09), in 元.

Lines carry money of each kind: general budget (一般公共预算), government fund
(政府性基金, with opening and closing balances), state capital (国有资本经营)
and non-fiscal business income (事业收入). With `subtotals`, the code tables
also show their 类 and 款 subtotal rows.
"""

from collections import defaultdict
from decimal import Decimal

from disclosures.tables.spec import TOTAL_ROW, table_spec
from disclosures.tables.values import TableData

D = Decimal
RICH_LINES = (
    # code, name, money, basic, project, opening, closing
    ("2080109", "社会保险经办机构", "general", "0.00", "309600.00", "0", "0"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "general", "173500.00", "0.00", "0", "0"),
    ("2080506", "机关事业单位职业年金缴费支出", "business", "86700.00", "0.00", "0", "0"),
    ("2101102", "事业单位医疗", "general", "54100.00", "0.00", "0", "0"),
    ("2120801", "征地和拆迁补偿支出", "fund", "0.00", "4000000.00", "1000000.00", "2000000.00"),
    ("2230199", "其他解决历史遗留问题及改革成本支出", "capital", "0.00", "250000.00", "0", "0"),
    ("2210201", "住房公积金", "general", "146100.00", "0.00", "0", "0"),
)
FISCAL = {"general": "1", "fund": "2", "capital": "3"}
FUND_COLUMN = {"general": "general", "fund": "fund", "capital": "capital"}


def _add(data, row, column, amount):
    if amount:
        data.cells[(row, column)] = data.cells.get((row, column), D("0.00")) + amount


def _code_table(number, entries, subtotals):
    """entries: [(code, name, {column: amount})] at 项 level → TableData with 合计 (and subtotals)."""
    data = TableData(number=number)
    names = {}
    for code, name, _ in entries:
        names[code] = name
        if subtotals:
            names.setdefault(code[:3], f"{code[:3]}类")
            names.setdefault(code[:5], f"{code[:5]}款")
    data.code_rows = sorted(names.items())
    for code, _, amounts in entries:
        rows = [code, TOTAL_ROW] + ([code[:3], code[:5]] if subtotals else [])
        for row in rows:
            for column, amount in amounts.items():
                _add(data, row, column, amount)
    return data


def rich_consistent_tables(lines=RICH_LINES, *, subtotals=True):
    lines = [(c, n, m, D(b), D(p), D(o), D(cl)) for c, n, m, b, p, o, cl in lines]
    tables = {}
    income = {}
    for code, name, money, basic, project, opening, closing in lines:
        income[code] = basic + project + closing - opening
    tables[2] = _code_table(
        2,
        [
            (code, name, {"total": income[code], ("business" if money == "business" else "fiscal"): income[code]})
            for code, name, money, *_ in lines
        ],
        subtotals,
    )
    tables[3] = _code_table(
        3,
        [(c, n, {"total": b + p, "basic": b, "project": p}) for c, n, m, b, p, _, _ in lines],
        subtotals,
    )
    tables[5] = _code_table(
        5,
        [(c, n, {"total": b + p, "basic": b, "project": p}) for c, n, m, b, p, _, _ in lines if m == "general"],
        subtotals,
    )
    tables[7] = _code_table(
        7,
        [
            (c, n, {"opening": o, "income": income[c], "spend_total": b + p, "basic": b, "project": p, "closing": cl})
            for c, n, m, b, p, o, cl in lines
            if m == "fund"
        ],
        subtotals,
    )
    tables[8] = _code_table(
        8,
        [(c, n, {"total": b + p, "basic": b, "project": p}) for c, n, m, b, p, _, _ in lines if m == "capital"],
        subtotals,
    )

    t1, t4 = TableData(number=1), TableData(number=4)
    tables[1], tables[4] = t1, t4
    class_line_1 = {line.function_class: line.key for line in table_spec(1).lines if line.function_class}
    class_line_4 = {line.function_class: line.key for line in table_spec(4).lines if line.function_class}
    opening = defaultdict(lambda: D("0.00"))
    closing = defaultdict(lambda: D("0.00"))
    for code, _, money, basic, project, o, cl in lines:
        spend = basic + project
        _add(t1, FISCAL.get(money, "5"), "amount", income[code])
        _add(t1, "27", "amount", income[code])
        _add(t1, class_line_1[code[:3]], "amount", spend)
        _add(t1, "58", "amount", spend)
        opening[money] += o
        closing[money] += cl
        if money in FISCAL:
            _add(t4, FISCAL[money], "amount", income[code])
            _add(t4, "27", "amount", income[code])
            for column in ("subtotal", FUND_COLUMN[money]):
                _add(t4, class_line_4[code[:3]], column, spend)
                _add(t4, "59", column, spend)
    total_opening = sum(opening.values(), D("0.00"))
    total_closing = sum(closing.values(), D("0.00"))
    _add(t1, "29", "amount", total_opening)
    _add(t1, "31", "amount", t1.get("27", "amount") + total_opening)
    _add(t1, "60", "amount", total_closing)
    _add(t1, "62", "amount", t1.get("58", "amount") + total_closing)
    for money, line_open, line_close in (("general", "29", "61"), ("fund", "30", "62"), ("capital", "31", "63")):
        _add(t4, line_open, "amount", opening[money])
        _add(t4, "28", "amount", opening[money])
        for column in ("subtotal", FUND_COLUMN[money]):
            _add(t4, line_close, column, closing[money])
            _add(t4, "60", column, closing[money])
    _add(t4, "32", "amount", t4.get("27", "amount") + t4.get("28", "amount"))
    for column in ("subtotal", "general", "fund", "capital"):
        _add(t4, "64", column, t4.get("59", column) + t4.get("60", column))

    basic_general = tables[5].get(TOTAL_ROW, "basic")
    t6 = TableData(number=6)
    tables[6] = t6
    personnel = (basic_general * D("0.8") / 100).quantize(D("1")) * 100  # whole 0.01 万元
    public = basic_general - personnel
    parts = {
        "301": [("30101", "基本工资", personnel - D("10000.00")), ("30107", "绩效工资", D("10000.00"))],
        "302": [
            ("30201", "办公费", public - D("6000.00")),
            ("30212", "因公出国(境)费用", D("1000.00")),
            ("30217", "公务接待费", D("2000.00")),
            ("30231", "公务用车运行维护费", D("3000.00")),
        ],
    }
    names = {"301": "工资福利支出", "302": "商品和服务支出"}
    for klass, items in parts.items():
        t6.code_rows.append((klass, names[klass]))
        _add(t6, klass, "amount", sum((a for _, _, a in items), D("0.00")))
        for code, name, amount in items:
            t6.code_rows.append((code, name))
            _add(t6, code, "amount", amount)
    _add(t6, "personnel_total", "amount", personnel)
    _add(t6, "public_total", "amount", public)

    t9 = TableData(number=9)
    tables[9] = t9
    final = {"abroad": D("1000.00"), "vehicle_purchase": D("0.00"), "vehicle_running": D("3500.00"), "reception": D("2500.00")}
    budget = {key: amount + D("500.00") for key, amount in final.items()}
    for prefix, values in (("budget", budget), ("final", final)):
        for key, amount in values.items():
            _add(t9, "1", f"{prefix}_{key}", amount)
        vehicle = values["vehicle_purchase"] + values["vehicle_running"]
        _add(t9, "1", f"{prefix}_vehicle", vehicle)
        _add(t9, "1", f"{prefix}_total", values["abroad"] + vehicle + values["reception"])
    return tables
