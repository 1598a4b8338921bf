"""The four charts of 第三部分 情况说明, drawn as inline SVG on the server.

No JavaScript, no image service: the same SVG goes into the PDF and the public
page. Amounts come in 元 as exact Decimals; shares are computed exactly and
formatted to one decimal with a trailing .0 dropped ("18%", "34.6%"), as the
checklist asks. Geometry (angles, pixel positions) is not money and may be
approximate.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..tables.spec import TOTAL_ROW
from ..tables.values import yuan_to_wan

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)

# Section of 第三部分 each chart follows (keys of narrative_sections.toml).
SECTION_OF_CHART = {
    1: "explanation.overall",
    2: "explanation.income",
    3: "explanation.expenditure",
    4: "explanation.fiscal_overall",
}
TITLES = {
    1: "收、支决算总计变动情况",
    2: "收入决算结构",
    3: "支出决算结构",
    4: "财政拨款收、支决算总计变动情况",
}
PALETTE = ("#2f6690", "#d1495b", "#edae49", "#66a182", "#8d6a9f", "#3a7d44", "#c05746", "#5f6caf")
BAR_COLOURS = ("#9fb3c8", "#2f6690")  # last year, this year
# Named on the SVG itself: WeasyPrint's SVG text does not inherit the page's CSS fonts.
# The PDF's subset face first (disclosures/pdf/fonts.py), the full one for anything else.
FONT = 'font-family="Noto Sans CJK SC GB, Noto Sans CJK SC, sans-serif"'


def format_share(part, total):
    """part/total as a percentage, one decimal, trailing .0 dropped; '' when total is 0."""
    if not total:
        return ""
    share = (Decimal(part) * HUNDRED / Decimal(total)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    text = f"{share:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def format_wan_text(amount):
    """元 to a 万元 figure with two decimals for labels ('583.56')."""
    return f"{yuan_to_wan(amount):,.2f}"


@dataclass
class Chart:
    number: int
    title: str
    kind: str  # "bars" or "pie"
    section_key: str
    # bars: categories × series; pie: slices
    categories: list = field(default_factory=list)  # bars: ["收入总计", "支出总计"]
    series: list = field(default_factory=list)  # bars: [(label, [amount per category] or None)]
    slices: list = field(default_factory=list)  # pie: [(label, amount, share text)]
    note: str = ""
    svg: str = ""

    @property
    def caption(self):
        return f"图{self.number}：{self.title}"

    @property
    def rows(self):
        """The chart's figures as table rows for screen readers and print: [(label, [cells])]."""
        if self.kind == "pie":
            return [(label, [format_wan_text(amount), share]) for label, amount, share in self.slices]
        return [
            (label, [format_wan_text(v) for v in values] if values is not None else ["未填报"] * len(self.categories))
            for label, values in self.series
        ]

    @property
    def columns(self):
        if self.kind == "pie":
            return ["金额（万元）", "占比"]
        return [f"{c}（万元）" for c in self.categories]


def _num(value):
    return f"{value:.1f}"


def bars_svg(chart, *, width=520, height=260):
    left, right, top, bottom = 56, 16, 24, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, vs in chart.series if vs for v in vs]
    peak = max(values, default=Decimal(0)) or Decimal(1)
    n_cat, n_ser = len(chart.categories), len(chart.series)
    group_w = Decimal(plot_w) / n_cat
    bar_w = group_w * Decimal("0.7") / n_ser
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {FONT} role="img" aria-labelledby="chart-{chart.number}-title">',
        f'<title id="chart-{chart.number}-title">{escape(chart.caption)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#52606d" stroke-width="1"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#52606d" stroke-width="1"/>',
        f'<text x="{left - 6}" y="{top - 8}" font-size="11" text-anchor="end" fill="#52606d">万元</text>',
    ]
    for ci, category in enumerate(chart.categories):
        gx = left + group_w * ci + group_w * Decimal("0.15")
        for si, (_, vs) in enumerate(chart.series):
            if not vs:
                continue
            value = vs[ci]
            h = Decimal(plot_h) * value / peak if value > 0 else Decimal(0)
            x = gx + bar_w * si
            y = top + plot_h - h
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w * Decimal("0.92"))}" height="{_num(h)}" '
                f'fill="{BAR_COLOURS[si % len(BAR_COLOURS)]}"/>'
            )
            parts.append(
                f'<text x="{_num(x + bar_w * Decimal("0.46"))}" y="{_num(y - 4)}" font-size="11" '
                f'text-anchor="middle" fill="#1f2933">{format_wan_text(value)}</text>'
            )
        parts.append(
            f'<text x="{_num(left + group_w * ci + group_w / 2)}" y="{top + plot_h + 18}" font-size="12" '
            f'text-anchor="middle" fill="#1f2933">{escape(category)}</text>'
        )
    legend_y = height - 14
    x = left
    for si, (label, vs) in enumerate(chart.series):
        parts.append(f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" fill="{BAR_COLOURS[si % len(BAR_COLOURS)]}"/>')
        text = label if vs else f"{label}（无数据）"
        parts.append(f'<text x="{x + 14}" y="{legend_y}" font-size="11" fill="#1f2933">{escape(text)}</text>')
        x += 14 + 13 * len(text) + 24
    parts.append("</svg>")
    return "".join(parts)


def pie_svg(chart, *, width=520, height=240):
    cx, cy, r = 120, 120, 95
    total = sum((amount for _, amount, _ in chart.slices), Decimal(0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-pie" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {FONT} role="img" aria-labelledby="chart-{chart.number}-title">',
        f'<title id="chart-{chart.number}-title">{escape(chart.caption)}</title>',
    ]
    drawn = [(label, amount, share) for label, amount, share in chart.slices if amount > 0]
    if not drawn:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#cbd2d9" stroke-width="1"/>')
    elif len(drawn) == 1:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{PALETTE[0]}"/>')
    else:
        start = Decimal(0)
        for i, (_, amount, _) in enumerate(drawn):
            end = start + amount / total
            a0, a1 = math.radians(start * 360 - 90), math.radians(end * 360 - 90)
            x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
            x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
            large = 1 if end - start > Decimal("0.5") else 0
            parts.append(
                f'<path d="M{cx},{cy} L{x0:.2f},{y0:.2f} A{r},{r} 0 {large} 1 {x1:.2f},{y1:.2f} Z" '
                f'fill="{PALETTE[i % len(PALETTE)]}" stroke="#fff" stroke-width="1"/>'
            )
            start = end
    y = 40
    for i, (label, amount, share) in enumerate(drawn):
        parts.append(f'<rect x="250" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
        parts.append(
            f'<text x="268" y="{y}" font-size="12" fill="#1f2933">{escape(label)} '
            f"{format_wan_text(amount)}万元 {share}</text>"
        )
        y += 22
    if not drawn:
        parts.append(f'<text x="250" y="{y}" font-size="12" fill="#52606d">本年无数据</text>')
    parts.append("</svg>")
    return "".join(parts)


def _structure_slices(data):
    """The parts of a code table's 合计 row: the columns its first column sums."""
    spec = data.spec
    total_column = spec.code_columns[0]
    parts = [spec.columns_by_key[key] for key in total_column.sum_of]
    total = data.get(TOTAL_ROW, total_column.key)
    return [(c.label, data.get(TOTAL_ROW, c.key), format_share(data.get(TOTAL_ROW, c.key), total)) for c in parts]


def _line_total(data, side_key):
    """The 总计 line of one side of a two-sided lines table (the line summing the others last)."""
    side = next(s for s in data.spec.sides if s.key == side_key)
    last = [line for line in side.lines if line.sum_of][-1]
    return data.get(last.key, side.columns[0].key)


def report_charts(*, tables, year, prior):
    """The four charts of a version: {number: Chart}, with their SVG.

    tables: {number: TableData}; prior: {"total": Decimal 元 or None, "fiscal_total": ...}.
    """
    this_label, last_label = f"{year}年度", f"{year - 1}年度"
    charts = {}
    for number, table, prior_key in ((1, 1, "total"), (4, 4, "fiscal_total")):
        data = tables[table]
        current = [_line_total(data, "income"), _line_total(data, "expenditure")]
        last = prior.get(prior_key)
        chart = Chart(
            number=number,
            title=TITLES[number],
            kind="bars",
            section_key=SECTION_OF_CHART[number],
            categories=["收入总计", "支出总计"],
            series=[(last_label, [last, last] if last is not None else None), (this_label, current)],
            note="" if last is not None else f"{last_label}数据未填报。",
        )
        chart.svg = mark_safe(bars_svg(chart))
        charts[number] = chart
    for number, table in ((2, 2), (3, 3)):
        chart = Chart(
            number=number,
            title=TITLES[number],
            kind="pie",
            section_key=SECTION_OF_CHART[number],
            slices=_structure_slices(tables[table]),
        )
        chart.svg = mark_safe(pie_svg(chart))
        charts[number] = chart
    return charts


def charts_by_section(charts):
    """{section key: [Chart]} for placing each chart after its section."""
    placed = {}
    for chart in charts.values():
        placed.setdefault(chart.section_key, []).append(chart)
    return placed
