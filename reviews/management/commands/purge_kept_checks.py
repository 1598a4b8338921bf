from django.conf import settings

from disclosures.management.base import WorkCommand
from reviews.inspections.public import kept_checks_purge


class Command(WorkCommand):
    help = "Delete the kept public check results older than PUBLIC_CHECK_KEEP_DAYS (beat runs it every 6 hours). Idempotent."

    def handle(self, *args, **options):
        count = kept_checks_purge()
        self.stdout.write(f"删除了{count}个保存超过{settings.PUBLIC_CHECK_KEEP_DAYS}天的检查结果。")
