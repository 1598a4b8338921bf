"""python manage.py corpus_precision [DIR]: the text checks' precision and recall on the corpus."""

import sys

from django.core.management.base import BaseCommand

from disclosures.narrative.corpus import CORPUS_DIR, check_document, documents, precision_recall, ratio


class Command(BaseCommand):
    help = "在真实公开文本语料（tests/fixtures/corpus/）上运行情况说明检查，按规则类别输出查准率和查全率。"

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(CORPUS_DIR), metavar="DIR")
        parser.add_argument("--verbose", action="store_true", help="列出每份文本的误报和漏报")

    def handle(self, *args, **options):
        results = [check_document(path) for path in documents(options["directory"])]
        for result in results:
            self.stdout.write(
                f"{result.name}：预期 {len(result.expected)} 条，检出 {len(result.found)} 条，"
                f"误报 {len(result.false)} 条，漏报 {len(result.missed)} 条"
            )
            if options["verbose"]:
                for key in result.false:
                    self.stdout.write(f"  误报 {key}")
                for key in result.missed:
                    self.stdout.write(f"  漏报 {key}")
        self.stdout.write("")
        self.stdout.write(f"{'规则类别':<10}\t预期\t检出\t命中\t查准率\t查全率")
        table = precision_recall(results)
        for family in sorted(table, key=lambda f: (f == "合计", f)):
            matched, found, expected = table[family]
            self.stdout.write(f"{family:<10}\t{expected}\t{found}\t{matched}\t{ratio(matched, found)}\t{ratio(matched, expected)}")
        sys.stdout.flush()
