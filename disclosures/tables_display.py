"""Read-only listings rendered with django-tables2 (the workspace's list of reports and
the table of the nine tables on a report's page). The nine tables themselves are laid
out by tables.grid, since their shapes (nested headers, two sides) are not a plain list."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .selectors import version_tables
from .tables.spec import TABLES


class WorkspaceReportTable(tables.Table):
    """Rows: {"report": Report, "version": its newest ReportVersion}."""

    year = tables.Column(verbose_name="年度", accessor="report__year")
    department = tables.Column(verbose_name="部门", accessor="report__department__name")
    number = tables.Column(verbose_name="版本", accessor="version__number")
    state = tables.Column(verbose_name="状态", accessor="version__state")
    updated_at = tables.DateTimeColumn(verbose_name="更新时间", accessor="version__updated_at", format="Y-m-d H:i")

    class Meta:
        orderable = False
        attrs = {"class": "list"}
        empty_text = "暂无报告。"
        template_name = "django_tables2/table.html"

    def render_department(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("workspace:report", args=[record["report"].pk]), value)

    def render_number(self, value):
        return f"第{value}版"

    def render_state(self, record):
        version = record["version"]
        return format_html('<span class="state state-{}">{}</span>', version.state, version.get_state_display())


class NineTablesTable(tables.Table):
    """Rows: one per public table of a version, with a link to its entry page."""

    code = tables.Column(verbose_name="表号")
    name = tables.Column(verbose_name="表名")
    code_rows = tables.Column(verbose_name="科目行", attrs={"td": {"class": "num"}})
    amounts = tables.Column(verbose_name="非零金额", attrs={"td": {"class": "num"}})
    action = tables.Column(verbose_name="操作", empty_values=())

    class Meta:
        orderable = False
        attrs = {"class": "list nine-tables"}
        template_name = "django_tables2/table.html"

    def render_code_rows(self, value, record):
        return value if record["has_codes"] else "—"

    def render_action(self, record):
        return format_html('<a href="{}">{}</a>', record["url"], "编辑" if record["editable"] else "查看")

    @classmethod
    def for_version(cls, version):
        data = version_tables(version=version)
        rows = [
            {
                "code": spec.code,
                "name": spec.name,
                "has_codes": spec.has_codes,
                "code_rows": len(data[spec.number].code_rows),
                "amounts": sum(1 for amount in data[spec.number].cells.values() if amount),
                "editable": version.is_editable,
                "url": reverse("workspace:table_edit", args=[version.report_id, spec.number]),
            }
            for spec in TABLES
        ]
        return cls(rows)
