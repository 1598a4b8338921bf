"""python manage.py corpus_precision [DIR] [--verbose]: every check's precision and recall on the
corpus of real published disclosures (tests/fixtures/corpus/), per rule family."""

import sys

from django.db import DatabaseError

from disclosures.excel.codes import reference_list_year
from disclosures.management.base import WorkCommand
from disclosures.models import CodeKind


def _codes_loaded():
    try:
        return reference_list_year(kind=CodeKind.FUNCTION, year=None) is not None
    except DatabaseError:
        return False


class Command(WorkCommand):
    help = (
        "在真实公开文本语料（tests/fixtures/corpus/）上运行情况说明检查和表格审核规则，"
        "按规则类别输出查准率和查全率。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=None, metavar="DIR")
        parser.add_argument("--verbose", action="store_true", help="列出每份文本的误报和漏报")

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.corpus import TOTAL, check_document, corpus_precision, documents, ratio

        paths = documents(options["directory"]) if options["directory"] else documents()
        results = [check_document(path) for path in paths]
        for result in results:
            known = len(result.known_false) + len(result.known_missed)
            self.stdout.write(
                f"{result.name}：预期 {len(result.expected)} 条，检出 {len(result.found)} 条，"
                f"误报 {len(result.false)} 条，漏报 {len(result.missed)} 条"
                + (f"（其中已知 {known} 条）" if known else "")
            )
            if options["verbose"]:
                for key in result.false:
                    self.stdout.write(f"  误报 {key}" + _why(result.known_false.get(key)))
                for key in result.missed:
                    self.stdout.write(f"  漏报 {key}" + _why(result.known_missed.get(key)))
        self.stdout.write("")
        self.stdout.write("规则类别\t预期\t检出\t命中\t查准率\t查全率")
        table = corpus_precision(results)
        for name in sorted(table, key=lambda f: f == TOTAL):  # the text's families, the tables', then all
            matched, found, expected = table[name]
            self.stdout.write(f"{name}\t{expected}\t{found}\t{matched}\t{ratio(matched, found)}\t{ratio(matched, expected)}")
        if not _codes_loaded():
            self.stdout.write("说明：数据库中没有科目表，未评科目编码（K01）；先运行 load_reference_codes。")
        sys.stdout.flush()


def _why(reason):
    return f"（已知：{reason}）" if reason else ""
