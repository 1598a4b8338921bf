"""The standard-format PDF of a report version, rendered with WeasyPrint.

Official order (checklist item 1): 封面, 目录, 第一部分 概况, 第二部分 决算表, 第三部分
情况说明 (with its four charts), 第四部分 重点工作完成情况, 第五部分 名词解释, 第六部分 附件.
Tables are the same grids as the HTML page (disclosures.tables.grid.table_grid).
"""

import logging
from dataclasses import dataclass, replace

from django.template.loader import render_to_string

from ..content import report_toc, table_anchor, version_context
from ..regions import region_profile
from ..regions.tables import table_layout
from ..tables.spec import LAYOUT_ECONOMIC, LAYOUT_LINES, table_spec

# WeasyPrint writes the pdfaid XMP and an sRGB output intent for this variant;
# the fonts (Noto CJK SC cut to GB 2312 and the portal's texts at install time, see
# fonts.py; CFF-flavoured OpenType) are embedded as subsets. engine.py does the rendering.
PDF_VARIANT = "pdf/a-3b"

# Wide tables go on landscape pages: these by the published layout, and any
# table with more amount columns than fit a portrait A4 page.
LANDSCAPE_TABLES = frozenset({1, 4, 6, 9})
MAX_PORTRAIT_COLUMNS = 6

# WeasyPrint logs every page of every render at INFO; a worker's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class TablePage:
    grid: object
    landscape: bool
    anchor: str
    widths: tuple = ()  # column widths in % (tables are laid out fixed: much faster than auto)


# Relative column weights for the fixed table layout.
WEIGHT_LABEL, WEIGHT_LINE, WEIGHT_CODE, WEIGHT_NAME, WEIGHT_AMOUNT = 6, 1.2, 2.4, 5, 2.2


def column_widths(spec, layout=None):
    """Column widths (percent, one decimal) of a table as table_grid lays it out for `layout`
    (the region's; by default the project's, with 行次)."""
    layout = layout or table_layout()
    line = [WEIGHT_LINE] if layout.line_numbers else []
    if spec.layout == LAYOUT_LINES and len(spec.sides) == 2:
        weights = [w for side in spec.sides for w in [WEIGHT_LABEL] + line + [WEIGHT_AMOUNT] * len(side.columns)]
    elif spec.layout == LAYOUT_LINES:
        weights = [WEIGHT_AMOUNT] * len(spec.sides[0].columns)
    elif spec.layout == LAYOUT_ECONOMIC:  # the published side-by-side blocks
        weights = [WEIGHT_CODE, WEIGHT_NAME, WEIGHT_AMOUNT] * sum(len(g.blocks) for g in spec.groups)
    else:
        weights = [WEIGHT_CODE, WEIGHT_NAME] + [WEIGHT_AMOUNT] * len(layout.printed_columns(spec))
    total = sum(weights)
    return tuple(f"{100 * w / total:.1f}" for w in weights)


def _is_landscape(spec, layout):
    columns = spec.columns if spec.sides else layout.printed_columns(spec)
    return spec.number in LANDSCAPE_TABLES or len(columns) > MAX_PORTRAIT_COLUMNS


def _in_print_order(grids, profile):
    """The tables in the region's print order, under the titles it prints them with (its profile)."""
    layout = table_layout(profile)
    grids = sorted(grids, key=lambda grid: layout.printed_number(grid.number))
    return [replace(grid, name=layout.title(grid.number)) for grid in grids]


def version_pdf_context(*, version, profile=None):
    """Everything the PDF template shows, built from the same context as the HTML page.

    The tables come in the order and under the titles of `profile` (disclosures.regions),
    by default the department's region's.
    """
    if profile is None:
        profile = region_profile(region=version.report.department.region)
    context = version_context(version, profile=profile)
    year = context["report"].year
    layout = table_layout(profile)
    context["grids"] = _in_print_order(context["grids"], profile)
    tables = [
        TablePage(
            grid=grid,
            landscape=_is_landscape(table_spec(grid.number), layout),
            anchor=table_anchor(grid.number),
            widths=column_widths(table_spec(grid.number), layout),
        )
        for grid in context["grids"]
    ]
    context["toc"] = report_toc(context)
    context.update(
        {
            "year": year,
            "table_pages": tables,
            "publication_date": version.published_at or version.approved_at,
        }
    )
    return context


def version_pdf_html(*, version, profile=None):
    """The HTML WeasyPrint lays out (also used by the tests to know every character shown)."""
    return render_to_string("pdf/report.html", version_pdf_context(version=version, profile=profile))


def html_pdf_bytes(html):
    from .engine import pdf_bytes

    return pdf_bytes(html, variant=PDF_VARIANT)


def version_pdf_bytes(*, version, profile=None):
    """The standard-format PDF of a version, as bytes. Reads the database; writes nothing."""
    from .engine import collector_paused

    with collector_paused():
        return html_pdf_bytes(version_pdf_html(version=version, profile=profile))
