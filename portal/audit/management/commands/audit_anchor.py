from django.core.management.base import BaseCommand

from portal.audit.anchors import audit_anchor


class Command(BaseCommand):
    help = "Anchor the audit chain's head outside the database (log, AUDIT_ANCHOR_DIR, the bucket); beat does it daily."

    def handle(self, *args, **options):
        anchor = audit_anchor()
        self.stdout.write(f"审计链锚点已写入：第{anchor.seq}号事件，哈希 {anchor.hash}（{anchor.source}）。")
