from django.db import models

from .tables import amount_field


class PublicReport(models.Model):
    """A report with a published version, as the public listings read it: its newest
    published version, where it is listed (year, department, the 主管部门 heading its branch,
    region) and that version's main figures (disclosures.selectors.MAIN_FIGURES).

    Kept by the publication and by changes of a department (disclosures.services.
    public_reports_refresh), so that the listings, the region tree, the comparison, the API
    and the sitemap read one narrow row per report, in index order, instead of joining and
    sorting every report, version, department and cell of a province on each request."""

    report = models.OneToOneField(
        "disclosures.Report", verbose_name="报告", primary_key=True, on_delete=models.CASCADE, related_name="listing"
    )
    version = models.OneToOneField(
        "disclosures.ReportVersion", verbose_name="公开版本", on_delete=models.CASCADE, related_name="listing"
    )
    year = models.PositiveSmallIntegerField("年度")
    published_at = models.DateTimeField("公开时间")
    department = models.ForeignKey(
        "disclosures.Department", verbose_name="部门", on_delete=models.CASCADE, related_name="+"
    )
    department_code = models.CharField("单位代码", max_length=32)
    root_code = models.CharField("主管部门代码", max_length=32, help_text="下属单位为其主管部门的代码，否则为本单位代码")
    region = models.ForeignKey("disclosures.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    total = amount_field("收支总计")
    income = amount_field("本年收入合计")
    expenditure = amount_field("本年支出合计")
    basic = amount_field("基本支出")
    project = amount_field("项目支出")
    three_public = amount_field("“三公”经费决算")
    # Kept to sort on (selectors.region_comparison); pages show the share computed from the amounts.
    basic_share = models.DecimalField("基本支出占比（%）", max_digits=30, decimal_places=4, null=True)

    class Meta:
        indexes = [
            # The API and the sitemap: newest year first, by department code.
            models.Index(fields=["-year", "department_code"], name="public_report_year_code"),
            # The region tree: the branches (主管部门) of a region's departments, in code order.
            models.Index(fields=["region", "year", "root_code"], name="public_report_region_root"),
            models.Index(fields=["root_code", "region", "year"], name="public_report_root"),
        ]
        verbose_name = "公开报告索引"
        verbose_name_plural = "公开报告索引"

    def __str__(self):
        return f"{self.department_code} {self.year}"


class PublicRegionYear(models.Model):
    """How many reports with a published version the departments of a region (not below it)
    have in a year: the region tree's counts, the years of a region and of the site, kept
    with PublicReport."""

    region = models.ForeignKey("disclosures.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    reports = models.PositiveIntegerField("报告数")

    class Meta:
        constraints = [models.UniqueConstraint(fields=("region", "year"), name="one_count_per_region_year")]
        verbose_name = "区域年度公开报告数"
        verbose_name_plural = "区域年度公开报告数"

    def __str__(self):
        return f"{self.region_id} {self.year}: {self.reports}"


class PublishedArtifact(models.Model):
    """A published version's page body, one table's CSV or its workbook, built once when the
    version is published and then served unchanged from its address (disclosures.artifacts).

    A published version never changes, so neither does its artifact: a correction is a new
    version with artifacts of its own. `content` is zlib-compressed; `sha256` is that of the
    served bytes (the strong ETag)."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="artifacts"
    )
    kind = models.CharField("类型", max_length=16)  # "page", "xlsx", "csv1" … "csv9"
    content = models.BinaryField("内容（压缩）")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    built_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("version", "kind"), name="one_artifact_per_version_kind")]
        verbose_name = "公开版本文件"
        verbose_name_plural = "公开版本文件"

    def __str__(self):
        return f"{self.version_id} {self.kind}"


class ComparisonDownload(models.Model):
    """A region comparison's download (CSV or xlsx) of a year, kept once written: it holds
    every department of the region and below, and is written again only when what it lists
    changed, which `fingerprint` tells (disclosures.artifacts.services.comparison_download)."""

    region = models.ForeignKey("disclosures.Region", verbose_name="区域", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类型", max_length=8)  # "csv", "xlsx"
    fingerprint = models.CharField("数据标识", max_length=64)
    content = models.BinaryField("内容（压缩）")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    built_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("region", "year", "kind"), name="one_comparison_download_per_region_year_kind")
        ]
        verbose_name = "区域比较下载文件"
        verbose_name_plural = "区域比较下载文件"

    def __str__(self):
        return f"{self.region_id} {self.year} {self.kind}"
