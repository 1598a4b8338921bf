"""The four charts: exact shares to one decimal, bars against last year, SVG without scripts."""

from decimal import Decimal

import pytest

from disclosures.demo.loader import seed_tables
from disclosures.pdf.charts import format_share, report_charts

WAN = Decimal(10000)


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [
        ("1926000.00", "5835600.00", "33%"),  # 33.004…: the trailing .0 is dropped
        ("3909600.00", "5835600.00", "67%"),
        ("2021500.00", "5835600.00", "34.6%"),  # 34.641…
        ("54100.00", "5835600.00", "0.9%"),  # 0.927…
        ("1", "8", "12.5%"),  # exact half rounds up
        ("1", "3", "33.3%"),
        ("0", "100", "0%"),
        ("100", "100", "100%"),
        ("5", "0", ""),  # no total, no share
    ],
)
def test_shares_are_exact_to_one_decimal(part, total, expected):
    assert format_share(Decimal(part), Decimal(total)) == expected


def test_demo_charts():
    charts = report_charts(
        tables=seed_tables(), year=2024, prior={"total": Decimal("501.35") * WAN, "fiscal_total": Decimal("500.84") * WAN}
    )
    assert [charts[n].caption for n in (1, 2, 3, 4)] == [
        "图1：收、支决算总计变动情况",
        "图2：收入决算结构",
        "图3：支出决算结构",
        "图4：财政拨款收、支决算总计变动情况",
    ]
    assert charts[1].rows == [("2023年度", ["501.35", "501.35"]), ("2024年度", ["583.56", "583.56"])]
    assert charts[4].rows == [("2023年度", ["500.84", "500.84"]), ("2024年度", ["583.56", "583.56"])]
    assert charts[2].rows[0] == ("财政拨款收入", ["583.56", "100%"])
    assert charts[3].rows[:2] == [("基本支出", ["192.60", "33%"]), ("项目支出", ["390.96", "67%"])]
    for chart in charts.values():
        assert chart.svg.startswith("<svg") and chart.svg.endswith("</svg>")
        assert "<script" not in chart.svg and "style=" not in chart.svg  # CSP: no inline styles either
        assert f"<title id=\"chart-{chart.number}-title\">{chart.caption}</title>" in chart.svg
    assert charts[3].svg.count("<path") == 2  # two slices
    assert charts[2].svg.count("<circle") == 1  # one part of 100%: a whole disc


def test_without_last_year_the_bars_say_so():
    charts = report_charts(tables=seed_tables(), year=2024, prior={"total": None, "fiscal_total": None})
    assert charts[1].note == "2023年度数据未填报。"
    assert charts[1].rows[0] == ("2023年度", ["未填报", "未填报"])
    assert "2023年度（无数据）" in charts[1].svg
