from django.db import models

# Amounts are held in 元 to the 分; display converts to 万元 once, at the edge.
# 15 digits (up to 9.9 万亿元) is what every backend, SQLite included, stores
# exactly; sums are computed in Python Decimals, never in SQL.
AMOUNT_DIGITS = 15
AMOUNT_PLACES = 2


def amount_field(verbose_name="金额（元）", **kwargs):
    return models.DecimalField(verbose_name, max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_PLACES, **kwargs)


class CodeRow(models.Model):
    """A classification-code line of a code table (02, 03, 05, 06, 07, 08) in one version.

    The name is kept as the department gave it; the reference list only checks it.
    """

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="code_rows"
    )
    table = models.PositiveSmallIntegerField("表号")
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=128)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ("version", "table", "position", "code")
        constraints = [
            models.UniqueConstraint(fields=("version", "table", "code"), name="unique_code_row"),
            models.CheckConstraint(condition=models.Q(table__in=(2, 3, 5, 6, 7, 8)), name="code_row_table"),
        ]
        verbose_name = "科目行"
        verbose_name_plural = "科目行"

    def __str__(self):
        return f"公开{self.table:02d}表 {self.code} {self.name}"


class TableCell(models.Model):
    """One amount of one table: (table, row, column) as named in nine_tables.toml.

    Row is a line number ("27"), a code ("2080505") or a total key ("total").
    A cell that is absent is zero.
    """

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="cells"
    )
    table = models.PositiveSmallIntegerField("表号")
    row = models.CharField("行", max_length=32)
    column = models.CharField("列", max_length=32)
    amount = amount_field()
    source = models.CharField("来源单元格", max_length=32, blank=True, help_text="如 公开03表!E8")

    class Meta:
        ordering = ("version", "table", "row", "column")
        constraints = [
            models.UniqueConstraint(fields=("version", "table", "row", "column"), name="unique_table_cell"),
            models.CheckConstraint(condition=models.Q(table__gte=1, table__lte=9), name="table_cell_table_number"),
        ]
        verbose_name = "表格数值"
        verbose_name_plural = "表格数值"

    def __str__(self):
        return f"公开{self.table:02d}表[{self.row}, {self.column}] = {self.amount}"
