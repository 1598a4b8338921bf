"""Read-only listings rendered with django-tables2 (the table of the nine tables on a
report's page). The nine tables themselves are laid out by tables.grid, since their shapes
(nested headers, two sides) are not a plain list."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .selectors import version_tables
from .tables.spec import TABLES


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
