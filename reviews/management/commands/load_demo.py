import os
import secrets

from django.core.management import call_command

from disclosures.management.base import WorkCommand
from disclosures.models import ReferenceCode, ReportVersion, VersionState


class Command(WorkCommand):
    help = "Load the demo: 蔡甸 2024 published report, other departments in other states, demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pdf",
            action="store_true",
            help="render the published reports' PDFs now (eager) or queue them (worker), so no visitor waits for one",
        )

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.demo.loader import DEMO_USERS, demo_load
        from disclosures.pdf.services import document_request
        from disclosures.services import public_cache_bump
        from reviews.demo import demo_checklist_load

        if not ReferenceCode.objects.exists():
            call_command("load_reference_codes", stdout=self.stdout)
        password = os.environ.get("DEMO_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(9)
        call_command("load_rules", stdout=self.stdout)
        loaded = demo_load(password=password)
        if loaded:
            public_cache_bump()
        demo_checklist_load()
        if options["pdf"]:
            for version in ReportVersion.objects.filter(state=VersionState.PUBLISHED):
                document_request(version=version)  # a done PDF is left as it is
        self.stdout.write("演示数据已载入。" if loaded else "演示数据已存在，未重复载入。")
        users = "、".join(username for username, _, _ in DEMO_USERS)
        if generated:
            self.stdout.write(f"演示账户 {users} 的密码（未设置 DEMO_PASSWORD，本次随机生成）：{password}")
        else:
            self.stdout.write(f"演示账户 {users} 的密码为环境变量 DEMO_PASSWORD 的值。")
