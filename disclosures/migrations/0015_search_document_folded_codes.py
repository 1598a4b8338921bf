"""Search documents hold their fields folded (lower-cased, without punctuation, quotes or
spaces: disclosures.search_text.fold) and the subject codes of the tables with their names;
the documents of the reports published so far are written again so."""

from django.db import migrations, models

from disclosures.search_text import document_grams, fold

BATCH = 500
GRAMS_INDEX = "search_document_grams"  # migration 0011
SOURCES = (
    ("NarrativeSection", ("body",)),
    ("KeyWorkItem", ("title", "content", "status")),
    ("GlossaryEntry", ("term", "definition")),
    ("ProjectEvaluation", ("project_name",)),
)


def field(values):
    return "\n".join(folded for folded in map(fold, values) if folded)


def refill(apps, schema_editor):
    """What disclosures.search_database.documents_build writes, for every stored document."""
    SearchDocument = apps.get_model("disclosures", "SearchDocument")
    postgresql = schema_editor is not None and schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # The codes (1–2 kB compressed) would stay in the row, making the table seven times the
        # pages that a search's scan of the matching rows reads: every long field goes out of
        # line, as the text already did, but the name and code, which every search reads for
        # each row it finds (the name to rank by), stay in the row (storage MAIN).
        schema_editor.execute(
            "ALTER TABLE disclosures_searchdocument SET (toast_tuple_target = 128), "
            "ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN department_code SET STORAGE MAIN"
        )
        # made again once at the end, not kept up to date row by row (6 minutes at 20,000 reports)
        schema_editor.execute(f"DROP INDEX IF EXISTS {GRAMS_INDEX}")
    CodeRow = apps.get_model("disclosures", "CodeRow")
    pks = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = list(
            SearchDocument.objects.filter(pk__in=pks[start : start + BATCH])
            .select_related("version__report__department")
            .defer("title", "text", "codes", "grams")
        )
        ids = [document.version_id for document in batch]
        lines = {pk: [] for pk in ids}
        for name, fields in SOURCES:
            model = apps.get_model("disclosures", name)
            rows = model.objects.filter(version_id__in=ids).order_by("version_id", "position")
            for row in rows.values_list("version_id", *fields):
                lines[row[0]].extend(value for value in row[1:] if value)
        codes = {pk: {} for pk in ids}
        rows = CodeRow.objects.filter(version_id__in=ids).order_by("version_id", "code", "table")
        for version_id, code, name in rows.values_list("version_id", "code", "name"):
            codes[version_id].setdefault(code, name)
        for document in batch:
            department = document.version.report.department
            aliases = [line.strip() for line in department.aliases.splitlines() if line.strip()]
            document.title = field([department.name, *aliases])
            document.text = field(lines[document.version_id])
            document.codes = field(f"{code}{name}" for code, name in codes[document.version_id].items())
            document.grams = document_grams(document.title, document.text, document.codes)
        SearchDocument.objects.bulk_update(batch, ["title", "text", "codes", "grams"])
    if postgresql:
        schema_editor.execute(f"CREATE INDEX {GRAMS_INDEX} ON disclosures_searchdocument USING gin (grams_vector)")


class Migration(migrations.Migration):

    dependencies = [
        ('disclosures', '0014_public_listing_and_artifacts'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='codes',
            field=models.TextField(default='', verbose_name='科目编码和名称'),
        ),
        migrations.RunPython(refill, migrations.RunPython.noop),
    ]
