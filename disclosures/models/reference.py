from django.db import models


class CodeKind(models.TextChoices):
    FUNCTION = "function", "支出功能分类科目"
    ECONOMIC = "economic", "支出经济分类科目"


class ReferenceCode(models.Model):
    """One code of the Ministry of Finance's classification for a given year."""

    kind = models.CharField("科目类型", max_length=16, choices=CodeKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=128)
    # A mid-year revision (e.g. the 2024 list's September revision) adds or renames codes of a
    # year's list: the codes it touched carry its label and date, a renamed one its former name.
    revision = models.CharField("修订", max_length=64, blank=True, default="")
    effective_from = models.DateField("生效日期", null=True, blank=True)
    previous_name = models.CharField("修订前名称", max_length=128, blank=True, default="")

    class Meta:
        ordering = ("kind", "year", "code")
        constraints = [
            models.UniqueConstraint(fields=("kind", "year", "code"), name="unique_reference_code"),
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^([0-9]{3}|[0-9]{5}|[0-9]{7})$"),
                name="reference_code_digits",
            ),
        ]
        verbose_name = "科目编码"
        verbose_name_plural = "科目编码"

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def level(self):
        return {3: "类", 5: "款", 7: "项"}[len(self.code)]
