"""Printed layouts the portal does not render itself, in a PDF made here from HTML: codes split over
类|款|项 columns with 类 and 款 subtotal lines, 合计 as the last line, a long table running onto a
second page with its header printed again, blank, “0.00” and “-” cells, thousands separators and
names wrapped in their cell."""

from decimal import Decimal

import pytest
from weasyprint import HTML

from disclosures.published.document import published_read
from disclosures.tables.values import wan_to_yuan

STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 12pt; text-align: center; }
table { border-collapse: collapse; width: 100%; } td, th { border: .6pt solid black; padding: 1mm; }
thead { display: table-header-group; } tr { break-inside: avoid; } .n { text-align: right; }
.name { width: 7em; }
"""

# (类, 款, 项, 名称, 合计, 基本支出, 项目支出) as printed: "" blank, "-" and "0.00" mean zero.
CLASS_ROWS = [
    ("208", "", "", "社会保障和就业支出", "1,234.56", "1,000.00", "234.56"),
    ("", "05", "", "行政事业单位养老支出", "1,234.56", "1,000.00", "234.56"),
    ("", "", "05", "机关事业单位基本养老保险缴费支出", "1,000.00", "1,000.00", "-"),
    ("", "", "06", "机关事业单位职业年金缴费支出", "234.56", "0.00", "234.56"),
]


def filler_rows():
    """Enough 项 lines under 201 that the table runs onto a second page."""
    rows = [("201", "", "", "一般公共服务支出", "30.00", "30.00", ""), ("", "01", "", "人大事务", "30.00", "30.00", "")]
    rows += [("", "", f"{k:02d}", f"人大事务第{k}项支出", "1.00", "1.00", "") for k in range(1, 31)]
    return rows


def html():
    rows = filler_rows() + CLASS_ROWS
    body = "".join(
        f"<tr><td>{a}</td><td>{b}</td><td>{c}</td><td class='name'>{name}</td>"
        f"<td class='n'>{t}</td><td class='n'>{basic}</td><td class='n'>{project}</td></tr>"
        for a, b, c, name, t, basic, project in rows
    )
    return f"""<html><head><style>{STYLE}</style></head><body>
<h1>丁区示例局2024年度部门决算</h1>
<h2>一般公共预算财政拨款支出决算表</h2>
<p style="text-align:right">单位：万元</p>
<table><thead>
<tr><th colspan="3">功能分类科目编码</th><th rowspan="2" class="name">科目名称</th><th rowspan="2">合计</th><th rowspan="2">基本支出</th><th rowspan="2">项目支出</th></tr>
<tr><th>类</th><th>款</th><th>项</th></tr>
</thead><tbody>{body}
<tr><td colspan="4">合计</td><td class="n">1,264.56</td><td class="n">1,030.00</td><td class="n">234.56</td></tr>
</tbody></table>
<p>注：本表反映部门本年度一般公共预算财政拨款支出情况。</p>
</body></html>"""


@pytest.fixture(scope="module")
def printed():
    return HTML(string=html()).write_pdf()


def test_split_codes_subtotals_and_a_second_page_with_its_header(printed):
    document = published_read(data=printed)
    assert document.table_pages(5)[:2] == [1, 2]  # (its note may fall on a third)
    assert [str(p) for p in document.problems] == [
        f"没有找到公开0{n}表（{name}）：PDF中没有标题为“{name}”的表"
        for n, name in [(1, "收入支出决算总表"), (2, "收入决算表"), (3, "支出决算表"), (4, "财政拨款收入支出决算总表"),
                        (6, "一般公共预算财政拨款基本支出决算明细表"), (7, "政府性基金预算财政拨款收入支出决算表"),
                        (8, "国有资本经营预算财政拨款支出决算表"), (9, "财政拨款“三公”经费支出决算表")]
    ]  # fmt: skip
    t5 = document.tables[5]
    codes = [code for code, _ in t5.code_rows]
    assert codes[:3] == ["201", "20101", "2010101"] and len(codes) == 2 + 30 + 4
    assert codes[-4:] == ["208", "20805", "2080505", "2080506"]
    assert dict(t5.code_rows)["2080505"] == "机关事业单位基本养老保险缴费支出"  # wrapped in its cell
    assert t5.get("total", "total") == wan_to_yuan("1264.56")  # 合计 as the last line
    assert t5.get("208", "total") == wan_to_yuan("1234.56") and t5.get("2010130", "basic") == wan_to_yuan("1")
    # blank, "-" and "0.00" are all zero
    assert t5.get("2080505", "project") == t5.get("2080506", "basic") == t5.get("201", "project") == Decimal("0.00")
    assert document.department_name == "丁区示例局" and document.year == 2024
