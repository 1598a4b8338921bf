"""Queue again the PDF renders whose queue message may be lost; what celery beat runs every minute.

    python manage.py render_pending          pending for over PDF_RENDER_REQUEUE_SECONDS, or abandoned
    python manage.py render_pending --all    every pending render at once (right after Redis restarted)
"""


from disclosures.management.base import WorkCommand
from disclosures.models import DocumentStatus, RenderedDocument


class Command(WorkCommand):
    help = "重新排队消息可能已丢失的 PDF 生成任务（Redis 重启、工作进程被终止之后）。可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", dest="everything", action="store_true", help="所有等待生成的文件立即重新排队（Redis 重启后使用）"
        )

    def handle(self, *args, everything, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.pdf.services import documents_requeue

        queued = documents_requeue(everything=everything)
        counts = {
            status.label: RenderedDocument.objects.filter(status=status).count()
            for status in (DocumentStatus.PENDING, DocumentStatus.RENDERING, DocumentStatus.FAILED)
        }
        summary = "，".join(f"{label}{count}份" for label, count in counts.items())
        self.stdout.write(f"重新排队{len(queued)}份 PDF 生成任务。当前：{summary}。")
