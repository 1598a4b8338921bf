"""Build the PDF's subset fonts into settings.PDF_FONT_DIR (run by `make install`; about a minute).

    python manage.py build_pdf_fonts [--force]

Does nothing when they are already built from the same fonts and characters.
"""

import time

from disclosures.management.base import WorkCommand


class Command(WorkCommand):
    help = "生成 PDF 使用的字体子集（思源/Noto CJK，GB 2312 及本系统固定文字）"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="即使已生成也重新生成")

    def handle(self, *args, force=False, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.pdf.fonts import build_fonts, font_dir

        start = time.perf_counter()
        if build_fonts(font_dir(), force=force):
            self.stdout.write(f"PDF 字体已生成：{font_dir()}（{time.perf_counter() - start:.0f} 秒）")
        else:
            self.stdout.write(f"PDF 字体已是最新：{font_dir()}")
