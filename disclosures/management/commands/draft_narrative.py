"""python manage.py draft_narrative FILE [--prior FILE | --prior-total 万元 --prior-fiscal-total 万元] [--region NAME_OR_CODE]"""

from pathlib import Path

from django.core.management.base import CommandError

from disclosures.excel.problems import WorkbookError
from disclosures.management.base import WorkCommand
from disclosures.regions.profiles import ProfileError, region_profile


def _read(path):
    # imported when the command runs, not when it loads: see bench/command_start.py
    from disclosures.excel.reader import workbook_read

    path = Path(path)
    if not path.is_file():
        raise CommandError(f"文件不存在：{path}")
    try:
        with open(path, "rb") as fh:
            return workbook_read(fileobj=fh, filename=path.name)
    except WorkbookError as exc:
        raise CommandError(f"{path}：无法读取：{'；'.join(str(p) for p in exc.problems)}") from None


class Command(WorkCommand):
    help = "按九张表（及上年数）起草第三部分情况说明各节，原因留待填报单位填写。"

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="本年度九张表的工作簿")
        parser.add_argument("--prior", metavar="FILE", help="上年度九张表的工作簿")
        parser.add_argument("--prior-total", metavar="万元", help="上年度收、支总计（无上年工作簿时）")
        parser.add_argument("--prior-fiscal-total", metavar="万元", help="上年度财政拨款收、支总计")
        parser.add_argument("--year", type=int, help="年度；默认取工作簿的年度")
        parser.add_argument(
            "--region", metavar="NAME_OR_CODE", help="地区配置（如“上海市”或区划代码）：情况说明的章节和数字格式；默认湖北省"
        )

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.narrative.draft import narrative_draft
        from disclosures.narrative.sections import section_titles
        from disclosures.tables.values import AmountError, wan_to_yuan

        content = _read(options["file"])
        year = options["year"] or content.year
        if not year:
            raise CommandError("工作簿中没有年度，请用 --year 指定")
        prior = None
        if options["prior"]:
            prior = _read(options["prior"]).tables
        else:
            entered = {}
            for name in ("prior_total", "prior_fiscal_total"):
                if options[name]:
                    try:
                        entered[name.removeprefix("prior_")] = wan_to_yuan(options[name])
                    except (AmountError, TypeError) as exc:
                        raise CommandError(f"--{name.replace('_', '-')}：{exc}") from None
            prior = entered or None
        try:
            profile = region_profile(name_or_code=options["region"])
        except ProfileError as exc:
            raise CommandError(str(exc)) from None
        drafts = narrative_draft(tables=content.tables, prior=prior, year=year, profile=profile)
        titles = section_titles(year=year, profile=profile)
        for key, text in drafts.items():
            self.stdout.write(titles[key])
            self.stdout.write("")
            self.stdout.write(text)
            self.stdout.write("")
