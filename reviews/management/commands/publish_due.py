from django.core.management.base import BaseCommand

from reviews.workflow import publish_due


class Command(BaseCommand):
    help = "Publish approved reports whose PDF is ready and whose publication date has come. Idempotent."

    def handle(self, *args, **options):
        count = publish_due()
        self.stdout.write(f"本次公开{count}份报告。")
