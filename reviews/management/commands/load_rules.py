from django.core.management.base import CommandError

from disclosures.management.base import WorkCommand
from reviews.rules.data import RULE_DATA_DIR


class Command(WorkCommand):
    help = "Load each year's rule set (reviews/rule_data/rules_YEAR.toml) and self-inspection checklist."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (repeatable)")
        parser.add_argument("--replace", action="store_true", help="rewrite an existing rule set from its file")

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.services import checklist_template_load, rule_set_load, year_findings_refresh

        years = options["year"] or sorted(int(p.stem.split("_")[1]) for p in RULE_DATA_DIR.glob("rules_*.toml"))
        for year in years:
            try:
                rule_set, created = rule_set_load(year=year, replace=options["replace"])
            except (FileNotFoundError, ValueError) as exc:
                raise CommandError(f"{year}年度规则载入失败：{exc}") from exc
            state = "已载入" if created else ("已按文件重写" if options["replace"] else "已存在，未改动")
            self.stdout.write(f"{rule_set.name}：{rule_set.rules.count()}条规则，{state}。")
            try:
                template = checklist_template_load(year=year)
                self.stdout.write(f"{template}：{template.items.count()}项。")
            except FileNotFoundError:
                self.stdout.write(f"{year}年度没有自查表数据。")
            refreshed = year_findings_refresh(year=year)
            if refreshed:
                self.stdout.write(f"{year}年度{refreshed}个报告版本的审核结果已重新计算。")
