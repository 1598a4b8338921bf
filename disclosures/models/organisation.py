from django.db import models


class Region(models.Model):
    """An administrative region (市, 区) whose finance bureau reviews its departments."""

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=64)
    parent = models.ForeignKey(
        "self", verbose_name="上级区域", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ("code",)
        verbose_name = "区域"
        verbose_name_plural = "区域"

    def __str__(self):
        return self.name


class UnitType(models.TextChoices):
    ADMINISTRATIVE = "行政", "行政单位"
    PUBLIC_INSTITUTION = "事业", "事业单位"


class Department(models.Model):
    """A reporting department (主管部门) or one of its units (下属单位).

    The directory's columns (单位类型, 是否一级预算单位, the contact) are kept as the bureau's
    unit directory gives them (disclosures/directory/); an inactive unit gets no new year's report.
    """

    region = models.ForeignKey(Region, verbose_name="区域", on_delete=models.PROTECT, related_name="departments")
    code = models.CharField("单位代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=128)
    parent = models.ForeignKey(
        "self",
        verbose_name="主管部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="下属单位填写其主管部门；主管部门留空。",
    )
    aliases = models.TextField(
        "其他名称",
        blank=True,
        help_text="报表“编制单位”中可能出现的其他写法，每行一个。",
    )
    unit_type = models.CharField("单位类型", max_length=8, choices=UnitType.choices, blank=True)
    primary_unit = models.BooleanField("一级预算单位", default=False)
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=32, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    active = models.BooleanField("在用", default=True, help_text="停用的单位在开启新年度时不再建立报告。")

    class Meta:
        ordering = ("region__code", "code")
        verbose_name = "部门/单位"
        verbose_name_plural = "部门/单位"

    def __str__(self):
        return self.name

    @property
    def is_unit(self):
        return self.parent_id is not None

    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
