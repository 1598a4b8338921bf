"""python manage.py import_workbook FILE [--department NAME_OR_CODE] [--year Y] [--create] [--region NAME_OR_CODE]"""

from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q

from disclosures.excel.problems import WorkbookError
from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for
from disclosures.models import Department, Report


def department_find(name_or_code):
    """A department by code, name or one of its aliases (编制单位 as written)."""
    wanted = (name_or_code or "").strip()
    if not wanted:
        raise CommandError("没有指定部门，工作簿中也没有“编制单位”；请用 --department 指定")
    found = list(Department.objects.filter(Q(code=wanted) | Q(name=wanted)))
    if not found:
        found = [d for d in Department.objects.exclude(aliases="") if wanted in d.alias_list()]
    if not found:
        raise CommandError(f"找不到部门“{wanted}”（按单位代码、名称和其他名称查找）")
    if len(found) > 1:
        raise CommandError(f"“{wanted}”对应多个部门：{'、'.join(f'{d.code} {d.name}' for d in found)}；请用单位代码指定")
    return found[0]


class Command(WorkCommand):
    help = "从 Excel 工作簿导入九张公开表（全部成功或全部不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", help="单位代码、名称或其他名称；默认取工作簿的“编制单位”")
        parser.add_argument("--year", type=int, help="年度；默认取工作簿的年度")
        parser.add_argument("--create", action="store_true", help="报告不存在时新建")
        add_region_argument(parser)

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.services import VersionLocked, department_name_matches, report_import_workbook

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        department = department_find(options["department"]) if options["department"] else None
        profile = profile_for(option=options["region"], department=department)
        content = self._read(path, profile)
        if department is None:
            department = department_find(content.department_name)
            if not options["region"] and profile_for(department=department).key != profile.key:
                profile = profile_for(department=department)
                content = self._read(path, profile)
        for note in content.notes:
            self.stdout.write(f"说明：{note}")
        year = options["year"] or content.year
        if not year:
            raise CommandError("工作簿中没有年度；请用 --year 指定")
        named = content.department_name
        if named and options["department"] and not department_name_matches(department=department, name=named):
            # an explicit --department is the operator's confirmation: a warning, not an error
            self.stderr.write(f"注意：工作簿的编制单位是“{named}”，按 --department 导入到“{department.name}”。")
        try:
            with open(path, "rb") as fh:
                report, version, _ = report_import_workbook(
                    department=department,
                    year=year,
                    fileobj=fh,
                    filename=path.name,
                    create=options["create"],
                    profile=profile,
                    confirmed_department=named if options["department"] else None,
                )
        except Report.DoesNotExist:
            raise CommandError(f"{department.name}没有{year}年度的报告；加 --create 新建") from None
        except WorkbookError as exc:
            self._fail(exc.problems)
        except VersionLocked as exc:
            report = Report.objects.get(department=department, year=year)
            number = report.versions.order_by("-number").values_list("number", flat=True).first()
            raise CommandError(f"{report}第{number}版{exc}，未导入") from None
        lines = sum(len(data.code_rows) for data in content.tables.values())
        amounts = sum(1 for data in content.tables.values() for value in data.cells.values() if value)
        self.stdout.write(
            f"已导入：{report}（第{version.number}版），九张表，{lines} 个科目行，{amounts} 个非零金额，"
            f"填报单位{content.unit}，来源文件 {path.name}，按{profile.name}的表格版式读取。"
        )

    def _read(self, path, profile):
        from disclosures.excel.reader import workbook_read  # when the command runs: see handle

        try:
            with open(path, "rb") as fh:
                return workbook_read(fileobj=fh, filename=path.name, profile=profile)
        except WorkbookError as exc:
            self._fail(exc.problems)

    def _fail(self, problems):
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(f"发现 {len(problems)} 个问题，未导入任何数据。")
