import sys


from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for


def print_result(out, result):
    # imported when the command runs, not when it loads: see bench/command_start.py
    from reviews.rules.engine import SEVERITY_LABELS

    errors = sum(1 for f in result["findings"] if f["severity"] == "error")
    warnings = len(result["findings"]) - errors
    department = result["department"] or "（未读出单位名称）"
    year = f"{result['year']}年度" if result["year"] else "（未读出年度）"
    out.write(
        f"{result['file']}（{department} {year}，{result['pages']}页，按{result['region']}的版式和规则）"
        f"本年收入合计 {result['totals']['income'] or '—'} 万元，本年支出合计 {result['totals']['expenditure'] or '—'} 万元："
        f"{errors}个错误，{warnings}个提示"
    )
    out.write("  部分：" + "；".join(f"{p['name']}（第{_pages(p['pages'])}页）" for p in result["parts"] if p["pages"]))
    found = [t for t in result["tables"] if t["found"]]
    missing = [t for t in result["tables"] if not t["found"]]
    out.write(
        f"  表格：找到{len(found)}张"
        + ("：" + "、".join(f"{t['label']}（第{_pages(t['pages'])}页）" for t in found) if found else "")
        + ("；缺少" + "、".join(f"{t['label']}（{t['name']}）" for t in missing) if missing else "")
    )
    for note in result["problems"]:
        out.write(f"  [无法读取] {_where(note['page'])}{note['message']}")
    for f in result["findings"]:
        cells = "" if f.get("places") else "、".join(f["cells"])
        out.write(
            f"  [{SEVERITY_LABELS[f['severity']]}] {_where(f['page'])}{f['rule']} {f['message']}"
            f"{'（' + cells + '）' if cells else ''}"
        )


def _pages(pages):
    if not pages:
        return "?"
    if len(pages) > 1 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}–{pages[-1]}"
    return "、".join(str(p) for p in pages)


def _where(page):
    return f"第{page}页 " if page else ""


class Command(WorkCommand):
    help = (
        "Read published disclosure PDFs (with a text layer) and run every check that applies to a "
        "published document. Exit status 0: no errors; 1: errors found or something could not be read; "
        "2: a file could not be read at all (not a PDF, encrypted, or a scan without a text layer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file on stdout")
        add_region_argument(parser)

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.published.pages import PdfError
        from reviews.batch import dumps
        from reviews.published import review_published

        status = 0
        profile = profile_for(option=options["region"]) if options["region"] else None
        for path in options["files"]:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
                result = review_published(data=data, name=str(path), profile=profile)
            except OSError as exc:
                status = max(status, 2)
                self._refuse(options, path, f"无法打开文件（{exc.strerror or exc}）")
                continue
            except PdfError as exc:
                status = max(status, 2)
                self._refuse(options, path, str(exc))
                continue
            if options["json"]:
                self.stdout.write(dumps(result))
            else:
                print_result(self.stdout, result)
            if result["problems"] or any(f["severity"] == "error" for f in result["findings"]):
                status = max(status, 1)
        sys.stdout.flush()
        if status:
            sys.exit(status)

    def _refuse(self, options, path, message):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.batch import error_json

        if options["json"]:
            self.stdout.write(error_json(file=path, error=message))
        else:
            self.stderr.write(f"{path}：{message}")
