import sys

from django.core.management.base import CommandError

from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for


def print_result(out, result):
    # imported when the command runs, not when it loads: see bench/command_start.py
    from reviews.rules.engine import SEVERITY_LABELS

    errors = sum(1 for f in result["findings"] if f["severity"] == "error")
    warnings = len(result["findings"]) - errors
    out.write(
        f"{result['file']}（{result['unit']}）本年收入合计 {result['totals']['income']} 万元，"
        f"本年支出合计 {result['totals']['expenditure']} 万元：{errors}个错误，{warnings}个提示"
    )
    for f in result["findings"]:
        cells = "" if f.get("places") else "、".join(f["cells"])
        out.write(f"  [{SEVERITY_LABELS[f['severity']]}] {f['rule']} {f['message']}{'（' + cells + '）' if cells else ''}")


class Command(WorkCommand):
    help = (
        "Import workbooks without storing them and run every rule. Exit status 0: no errors; "
        "1: errors found; 2: a file could not be read (with --json, printed as {\"file\", \"error\"})."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
        parser.add_argument("--processes", type=int, default=2, help="worker processes for several files (default 2)")
        parser.add_argument(
            "--narrative",
            metavar="TEXT_FILE",
            help="the explanation text (plain text, section titles as published): its figures are checked too",
        )
        parser.add_argument("--prior-total", metavar="万元", help="last year's 收、支总计, for the text's changes")
        parser.add_argument("--prior-fiscal-total", metavar="万元", help="last year's 财政拨款收、支总计")
        add_region_argument(parser)

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.batch import check_files, dumps, error_json

        status = 0
        profile = profile_for(option=options["region"])
        files = options["files"]
        if options["narrative"]:
            try:
                results = [self._with_narrative(options, profile)]
            except CommandError as exc:
                if not options["json"]:
                    raise
                self.stdout.write(error_json(file=options["narrative"], error=str(exc)))
                sys.stdout.flush()
                sys.exit(2)
            files = files[:1]
        else:
            results = check_files(files, processes=options["processes"], profile=profile)
        for path, (result, error) in zip(files, results):
            if error:
                if options["json"]:  # one object per file, so a batch's output stays one JSON stream
                    self.stdout.write(error_json(file=path, error=error.removeprefix(f"{path}：")))
                else:
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

    def _with_narrative(self, options, profile):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.tables.values import AmountError, wan_to_yuan
        from reviews.batch import check_file_with_narrative

        if len(options["files"]) != 1:
            raise CommandError("--narrative 只能与一个工作簿一起使用")
        try:
            with open(options["narrative"], encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise CommandError(f"{options['narrative']}：无法打开文件（{exc.strerror or exc}）") from None
        prior = {}
        for name in ("prior_total", "prior_fiscal_total"):
            if options[name]:
                try:
                    prior[name.removeprefix("prior_")] = wan_to_yuan(options[name])
                except (AmountError, TypeError) as exc:
                    raise CommandError(f"--{name.replace('_', '-')}：{exc}") from None
        return check_file_with_narrative(options["files"][0], text=text, prior=prior or None, profile=profile)
