from disclosures.management.base import WorkCommand


class Command(WorkCommand):
    help = "Publish approved reports whose PDF is ready and whose publication date has come. Idempotent."

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.workflow import publish_due

        count = publish_due()
        self.stdout.write(f"本次公开{count}份报告。")
