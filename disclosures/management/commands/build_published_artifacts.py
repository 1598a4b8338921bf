"""Build the stored page, CSVs and workbook of every published version that lacks them.

    python manage.py build_published_artifacts [--limit N]

A publication builds its version's artifacts; this is for the versions published before
artifacts existed (after the migration that added them). Safe to run again, or while the
site serves: an artifact already stored is never rebuilt, and a request for a missing one
builds just that one.
"""

import time

from django.db.models import Count

from disclosures.artifacts.services import KINDS, version_artifacts_build
from disclosures.management.base import WorkCommand
from disclosures.models import ReportVersion, VersionState


class Command(WorkCommand):
    help = "为缺少预生成文件（网页正文、各表 CSV、Excel）的已公开版本生成并保存。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="最多处理的版本数")

    def handle(self, *args, limit, **options):
        lacking = (
            ReportVersion.objects.filter(state=VersionState.PUBLISHED)
            .annotate(built=Count("artifacts"))
            .filter(built__lt=len(KINDS))
            .select_related("report__department__region")
            .order_by("pk")
        )
        if limit is not None:
            lacking = lacking[:limit]
        started = time.monotonic()
        versions = stored = 0
        for version in lacking.iterator(chunk_size=200):
            stored += version_artifacts_build(version=version)
            versions += 1
        seconds = time.monotonic() - started
        rate = f"，每个版本{seconds / versions * 1000:.0f}毫秒" if versions else ""
        self.stdout.write(f"为{versions}个已公开版本生成{stored}个文件，用时{seconds:.1f}秒{rate}。")
