from django.db import models


class SearchDocument(models.Model):
    """What the search of the database (disclosures.search_database) reads for one report:
    its newest published version's department name and aliases, every searched field, and
    the subject codes of its tables with their names, all folded (disclosures.search_text.fold:
    lower-cased, without punctuation, quotes or spaces).

    Written when a version of the report is published, never edited. `title`, `text` and
    `codes` keep the fields (and codes) apart by line breaks, which a folded query never
    holds, so a match never spans two fields. `grams` lists the characters and pairs of
    characters of all three (disclosures.search_text.document_grams); on PostgreSQL they are also stored as a
    tsvector (the generated column grams_vector, which the model does not list) under a GIN
    index (migration 0009), which finds the documents that can contain a query without
    reading their text.
    """

    report = models.OneToOneField(
        "disclosures.Report", verbose_name="报告", on_delete=models.CASCADE, related_name="search_document"
    )
    version = models.OneToOneField(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    department_code = models.CharField("单位代码", max_length=32)
    published_at = models.DateTimeField("公开时间")
    title = models.TextField("部门名称")
    text = models.TextField("正文")
    codes = models.TextField("科目编码和名称", default="")
    grams = models.TextField("索引字元")

    class Meta:
        indexes = [models.Index(fields=["-year", "-published_at", "department_code"], name="search_document_order")]
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self):
        return f"{self.title.splitlines()[0] if self.title else ''} {self.year}"
