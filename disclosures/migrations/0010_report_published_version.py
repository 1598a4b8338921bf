"""Each report points at its newest published version; existing reports are filled in."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Report = apps.get_model("disclosures", "Report")
    ReportVersion = apps.get_model("disclosures", "ReportVersion")
    newest = ReportVersion.objects.filter(report=OuterRef("pk"), state="published").order_by("-number").values("pk")[:1]
    Report.objects.update(published_version=Subquery(newest))


class Migration(migrations.Migration):

    dependencies = [
        ("disclosures", "0009_reporting_year_approval_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="published_version",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="newest_published_of",
                to="disclosures.reportversion",
                verbose_name="当前公开版本",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
