"""The public listings' rows (PublicReport, PublicRegionYear), filled for the reports already
published; the published versions' artifacts (built by `manage.py build_published_artifacts`,
or on the first request for one) and the region comparisons' downloads (written when asked for)."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q

from disclosures.selectors import MAIN_FIGURES, basic_share

CHUNK = 2000


def fill(apps, schema_editor):
    Report = apps.get_model("disclosures", "Report")
    TableCell = apps.get_model("disclosures", "TableCell")
    PublicReport = apps.get_model("disclosures", "PublicReport")
    PublicRegionYear = apps.get_model("disclosures", "PublicRegionYear")
    wanted = Q()
    for _, _, table, row, column in MAIN_FIGURES:
        wanted |= Q(table=table, row=row, column=column)
    where = {(table, row, column): key for key, _, table, row, column in MAIN_FIGURES}
    reports = (
        Report.objects.filter(published_version__isnull=False)
        .select_related("department__parent", "published_version")
        .order_by("pk")
    )
    for start in range(0, reports.count(), CHUNK):
        chunk = list(reports[start : start + CHUNK])
        figures = {r.published_version_id: {key: Decimal("0.00") for key, *_ in MAIN_FIGURES} for r in chunk}
        cells = TableCell.objects.filter(wanted, version_id__in=list(figures)).values_list(
            "version_id", "table", "row", "column", "amount"
        )
        for version_id, table, row, column, amount in cells:
            figures[version_id][where[(table, row, column)]] = amount
        shares = {pk: basic_share(f["basic"], f["project"]) for pk, f in figures.items()}
        PublicReport.objects.bulk_create(
            PublicReport(
                report=r,
                version_id=r.published_version_id,
                year=r.year,
                published_at=r.published_version.published_at,
                department=r.department,
                department_code=r.department.code,
                root_code=r.department.parent.code if r.department.parent_id else r.department.code,
                region_id=r.department.region_id,
                basic_share=None if shares[r.published_version_id] is None else shares[r.published_version_id].quantize(Decimal("0.0001")),
                **figures[r.published_version_id],
            )
            for r in chunk
        )
    counts = PublicReport.objects.values("region_id", "year").annotate(n=Count("pk"))
    PublicRegionYear.objects.bulk_create(
        PublicRegionYear(region_id=c["region_id"], year=c["year"], reports=c["n"]) for c in counts
    )


class Migration(migrations.Migration):

    dependencies = [
        ('disclosures', '0013_version_published_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublicRegionYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('reports', models.PositiveIntegerField(verbose_name='报告数')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosures.region', verbose_name='区域')),
            ],
            options={
                'verbose_name': '区域年度公开报告数',
                'verbose_name_plural': '区域年度公开报告数',
                'constraints': [models.UniqueConstraint(fields=('region', 'year'), name='one_count_per_region_year')],
            },
        ),
        migrations.CreateModel(
            name='PublicReport',
            fields=[
                ('report', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='listing', serialize=False, to='disclosures.report', verbose_name='报告')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('published_at', models.DateTimeField(verbose_name='公开时间')),
                ('department_code', models.CharField(max_length=32, verbose_name='单位代码')),
                ('root_code', models.CharField(help_text='下属单位为其主管部门的代码，否则为本单位代码', max_length=32, verbose_name='主管部门代码')),
                ('total', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='收支总计')),
                ('income', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='本年收入合计')),
                ('expenditure', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='本年支出合计')),
                ('basic', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='基本支出')),
                ('project', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='项目支出')),
                ('three_public', models.DecimalField(decimal_places=2, max_digits=15, verbose_name='“三公”经费决算')),
                ('basic_share', models.DecimalField(decimal_places=4, max_digits=30, null=True, verbose_name='基本支出占比（%）')),
                ('department', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosures.department', verbose_name='部门')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosures.region', verbose_name='区域')),
                ('version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='listing', to='disclosures.reportversion', verbose_name='公开版本')),
            ],
            options={
                'verbose_name': '公开报告索引',
                'verbose_name_plural': '公开报告索引',
                'indexes': [models.Index(fields=['-year', 'department_code'], name='public_report_year_code'), models.Index(fields=['region', 'year', 'root_code'], name='public_report_region_root'), models.Index(fields=['root_code', 'region', 'year'], name='public_report_root')],
            },
        ),
        migrations.CreateModel(
            name='PublishedArtifact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=16, verbose_name='类型')),
                ('content', models.BinaryField(verbose_name='内容（压缩）')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                ('built_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='artifacts', to='disclosures.reportversion', verbose_name='版本')),
            ],
            options={
                'verbose_name': '公开版本文件',
                'verbose_name_plural': '公开版本文件',
                'constraints': [models.UniqueConstraint(fields=('version', 'kind'), name='one_artifact_per_version_kind')],
            },
        ),
        migrations.CreateModel(
            name='ComparisonDownload',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('kind', models.CharField(max_length=8, verbose_name='类型')),
                ('fingerprint', models.CharField(max_length=64, verbose_name='数据标识')),
                ('content', models.BinaryField(verbose_name='内容（压缩）')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                ('built_at', models.DateTimeField(auto_now=True, verbose_name='生成时间')),
                ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosures.region', verbose_name='区域')),
            ],
            options={
                'verbose_name': '区域比较下载文件',
                'verbose_name_plural': '区域比较下载文件',
                'constraints': [models.UniqueConstraint(fields=('region', 'year', 'kind'), name='one_comparison_download_per_region_year_kind')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
