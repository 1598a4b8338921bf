"""Reads for the PDF: last year's totals for charts 1 and 4, and the optional checklist."""

from ..models import NarrativeSection
from ..providers import provided
from ..selectors import published_version, version_tables
from ..tables.values import AmountError, wan_to_yuan

# Last year's totals entered by hand when last year's report is not in the portal.
# Kept as NarrativeSection rows (body = 万元 as a decimal string), not a model of their own.
PRIOR_YEAR_KEYS = {"total": "prior_year.total", "fiscal_total": "prior_year.fiscal_total"}
PRIOR_YEAR_TITLES = {"total": "上年度收、支总计（万元）", "fiscal_total": "上年度财政拨款收、支总计（万元）"}


def _sum_line(data, line_number, column):
    return data.get(str(line_number), column)


def prior_year_totals(*, version):
    """{"total": 元 or None, "fiscal_total": 元 or None, "source": "report" | "entered" | ""}.

    From the same department's published report of the year before when the portal has it
    (01 line 31 总计 and 04 line 32 总计); otherwise from the values entered by hand.
    """
    report = version.report
    previous = published_version(department_code=report.department.code, year=report.year - 1)
    if previous is not None:
        tables = version_tables(version=previous)
        return {
            "total": _sum_line(tables[1], 31, "amount"),
            "fiscal_total": _sum_line(tables[4], 32, "amount"),
            "source": "report",
        }
    entered = dict(
        NarrativeSection.objects.filter(version=version, key__in=PRIOR_YEAR_KEYS.values()).values_list("key", "body")
    )
    totals = {"source": ""}
    for name, key in PRIOR_YEAR_KEYS.items():
        body = (entered.get(key) or "").strip()
        try:
            totals[name] = wan_to_yuan(body) if body else None
        except (AmountError, TypeError):
            totals[name] = None
        if totals[name] is not None:
            totals["source"] = "entered"
    return totals


def checklist_rows(*, version):
    """The self-inspection checklist answers for the attachment, or [] when none are kept or
    the year's checklist is not published with the report (the checklist is kept by reviews,
    which provides it: disclosures.providers)."""
    return provided("checklist_rows", version=version)


def version_charts(*, version, tables=None):
    """The four charts of 第三部分 for a version: {number: Chart} with inline SVG."""
    from .charts import report_charts

    if tables is None:
        tables = version_tables(version=version)
    return report_charts(tables=tables, year=version.report.year, prior=prior_year_totals(version=version))
