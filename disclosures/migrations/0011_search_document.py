"""The search documents (one per report with a published version), filled for the reports
published so far, and on PostgreSQL the GIN index over their characters and pairs of
characters. On SQLite the index is not made: development searches by reading the text."""

import django.db.models.deletion
from django.db import migrations, models

from disclosures.search_text import document_grams

GRAMS_INDEX = "search_document_grams"
# On PostgreSQL the grams are also kept as a tsvector (a stored generated column, unknown to the
# model) under a GIN index. Stored, not an expression index: the planner then knows a
# document's vector costs nothing to read, where it took to_tsvector for cheap and scanned
# the table computing one per row (0.7 ms each). Stripped of positions, which nothing reads.
SOURCES = (
    ("NarrativeSection", ("body",)),
    ("KeyWorkItem", ("title", "content", "status")),
    ("GlossaryEntry", ("term", "definition")),
    ("ProjectEvaluation", ("project_name",)),
)


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE disclosures_searchdocument ADD COLUMN grams_vector tsvector "
        "GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, grams))) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {GRAMS_INDEX} ON disclosures_searchdocument USING gin (grams_vector)")


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GRAMS_INDEX}")
        schema_editor.execute("ALTER TABLE disclosures_searchdocument DROP COLUMN IF EXISTS grams_vector")


def fill(apps, schema_editor):
    """What disclosures.search_database builds at each publication, for what is published already."""
    ReportVersion = apps.get_model("disclosures", "ReportVersion")
    SearchDocument = apps.get_model("disclosures", "SearchDocument")
    versions = list(
        ReportVersion.objects.filter(newest_published_of__isnull=False).select_related("report__department")
    )
    for start in range(0, len(versions), 500):
        batch = versions[start : start + 500]
        ids = [version.pk for version in batch]
        lines = {pk: [] for pk in ids}
        for name, fields in SOURCES:
            model = apps.get_model("disclosures", name)
            rows = model.objects.filter(version_id__in=ids).order_by("version_id", "position")
            for row in rows.values_list("version_id", *fields):
                lines[row[0]].extend(value for value in row[1:] if value)
        documents = []
        for version in batch:
            department = version.report.department
            title = "\n".join(filter(None, (department.name, department.aliases)))
            text = "\n".join(lines[version.pk])
            documents.append(
                SearchDocument(
                    report_id=version.report_id,
                    version_id=version.pk,
                    year=version.report.year,
                    department_code=department.code,
                    published_at=version.published_at,
                    title=title,
                    text=text,
                    grams=document_grams(title, text),
                )
            )
        SearchDocument.objects.bulk_create(documents)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosures", "0010_report_published_version"),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='年度')),
                ('department_code', models.CharField(max_length=32, verbose_name='单位代码')),
                ('published_at', models.DateTimeField(verbose_name='公开时间')),
                ('title', models.TextField(verbose_name='部门名称')),
                ('text', models.TextField(verbose_name='正文')),
                ('grams', models.TextField(verbose_name='索引字元')),
                ('report', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='search_document', to='disclosures.report', verbose_name='报告')),
                ('version', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='disclosures.reportversion', verbose_name='版本')),
            ],
            options={
                'verbose_name': '检索文档',
                'verbose_name_plural': '检索文档',
                'indexes': [models.Index(fields=['-year', '-published_at', 'department_code'], name='search_document_order')],
            },
        ),
        migrations.RunPython(index_create, index_drop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
