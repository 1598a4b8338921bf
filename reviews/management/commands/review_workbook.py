import sys

from django.core.management.base import BaseCommand

from reviews.batch import check_files, dumps
from reviews.rules.engine import SEVERITY_LABELS


def print_result(out, result):
    errors = sum(1 for f in result["findings"] if f["severity"] == "error")
    warnings = len(result["findings"]) - errors
    out.write(
        f"{result['file']}（{result['unit']}）本年收入合计 {result['totals']['income']} 万元，"
        f"本年支出合计 {result['totals']['expenditure']} 万元：{errors}个错误，{warnings}个提示"
    )
    for f in result["findings"]:
        cells = "、".join(f["cells"])
        out.write(f"  [{SEVERITY_LABELS[f['severity']]}] {f['rule']} {f['message']}{'（' + cells + '）' if cells else ''}")


class Command(BaseCommand):
    help = (
        "Import workbooks without storing them and run every rule. Exit status 0: no errors; "
        "1: errors found; 2: a file could not be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
        parser.add_argument("--processes", type=int, default=2, help="worker processes for several files (default 2)")

    def handle(self, *args, **options):
        status = 0
        for result, error in check_files(options["files"], processes=options["processes"]):
            if error:
                self.stderr.write(error)
                status = 2
                continue
            if options["json"]:
                self.stdout.write(dumps(result))
            else:
                print_result(self.stdout, result)
            if status == 0 and any(f["severity"] == "error" for f in result["findings"]):
                status = 1
        sys.stdout.flush()
        if status:
            sys.exit(status)
