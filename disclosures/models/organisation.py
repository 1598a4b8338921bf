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


class Department(models.Model):
    """A reporting department (主管部门) or one of its units (下属单位)."""

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
