from django.db import models


class NarrativeSection(models.Model):
    """A part of the text: 概况 sections, 情况说明 sections, and the key-work summary.

    Keys and titles come from the year's section list (disclosures/data/narrative_sections.toml).
    """

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField("部分", max_length=64)
    title = models.CharField("标题", max_length=128)
    body = models.TextField("正文", blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ("version", "position")
        constraints = [models.UniqueConstraint(fields=("version", "key"), name="unique_section_key")]
        verbose_name = "说明章节"
        verbose_name_plural = "说明章节"

    def __str__(self):
        return self.title


class KeyWorkItem(models.Model):
    """A row of 第四部分 重点工作完成情况 (published as a table)."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="key_work_items"
    )
    position = models.PositiveIntegerField("序号")
    title = models.CharField("重要事项", max_length=255)
    content = models.TextField("工作内容及目标", blank=True)
    status = models.CharField("完成情况", max_length=255, blank=True)

    class Meta:
        ordering = ("version", "position")
        constraints = [models.UniqueConstraint(fields=("version", "position"), name="unique_key_work_position")]
        verbose_name = "重点工作"
        verbose_name_plural = "重点工作"

    def __str__(self):
        return self.title


class GlossaryEntry(models.Model):
    """An entry of 第五部分 名词解释."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="glossary_entries"
    )
    position = models.PositiveIntegerField("序号")
    term = models.CharField("名词", max_length=128)
    definition = models.TextField("解释", blank=True)

    class Meta:
        ordering = ("version", "position")
        constraints = [models.UniqueConstraint(fields=("version", "position"), name="unique_glossary_position")]
        verbose_name = "名词解释"
        verbose_name_plural = "名词解释"

    def __str__(self):
        return self.term
