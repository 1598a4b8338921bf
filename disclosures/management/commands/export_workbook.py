"""python manage.py export_workbook --department NAME_OR_CODE --year Y --out FILE [--template] [--unit 元] [--region NAME_OR_CODE]"""

from pathlib import Path

from django.core.management.base import CommandError

from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for
from disclosures.models import Report

from .import_workbook import department_find


class Command(WorkCommand):
    help = "把一个部门某年度的九张公开表导出为 Excel 工作簿（或导出空白模板）。"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="单位代码、名称或其他名称")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--template", action="store_true", help="导出空白模板（科目行取上一年度报告）")
        parser.add_argument("--unit", choices=("万元", "元"), default="万元", help="金额单位，默认万元（公开格式）")
        add_region_argument(parser)

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.excel.writer import template_write, workbook_write
        from disclosures.selectors import version_latest, version_tables

        department = department_find(options["department"])
        profile = profile_for(option=options["region"], department=department)
        year = options["year"]
        if options["template"]:
            data = template_write(department=department, year=year, profile=profile)
            what = "空白模板"
        else:
            report = Report.objects.filter(department=department, year=year).first()
            if report is None:
                raise CommandError(f"{department.name}没有{year}年度的报告")
            version = version_latest(report=report)
            data = workbook_write(
                tables=version_tables(version=version),
                department_name=department.name,
                year=year,
                unit=options["unit"],
                profile=profile,
            )
            what = f"第{version.number}版九张表"
        out = Path(options["out"])
        out.write_bytes(data)
        self.stdout.write(f"已导出{department.name}{year}年度{what}（{profile.name}版式）：{out}（{len(data)} 字节）")
