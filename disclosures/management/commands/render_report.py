"""Render a report version's standard-format PDF without the queue, for checks and batch use.

    python manage.py render_report --department 420114001001 --year 2024 --out report.pdf [--version 1]

The render is the worker's (disclosures.pdf.render.version_pdf_bytes, the tuned engine). The
command is a process of its own, so its render is a process's first: it also sets up the fonts,
pdf.css and the templates once, which a worker does once for all its renders
(bench/render_pdf.py prints both, "first render in the process" and "warm render").
"""

import hashlib
import time
from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q

from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for
from disclosures.models import Department, ReportVersion


def find_version(*, department, year, number=None):
    """The version of a department (code or exact name, aliases included) and year; newest by default."""
    departments = list(Department.objects.filter(Q(code=department) | Q(name=department)))
    if not departments:
        departments = [d for d in Department.objects.filter(aliases__contains=department) if department in d.alias_list()]
    if not departments:
        raise CommandError(f"找不到部门“{department}”（可填单位代码或名称）")
    if len(departments) > 1:
        codes = "、".join(f"{d.code} {d.name}" for d in departments)
        raise CommandError(f"“{department}”对应多个部门：{codes}；请填写单位代码")
    versions = ReportVersion.objects.select_related("report__department").filter(
        report__department=departments[0], report__year=year
    )
    if number is not None:
        versions = versions.filter(number=number)
    version = versions.order_by("-number").first()
    if version is None:
        which = f"第{number}版" if number is not None else "任何版本"
        raise CommandError(f"{departments[0].name}{year}年度没有{which}的决算报告")
    return version


class Command(WorkCommand):
    help = "不经任务队列生成某部门某年度决算报告的标准格式 PDF（默认最新版本）。"

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version here is the report's version number, not Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="单位代码或名称")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2024")
        parser.add_argument("--out", required=True, help="输出的 PDF 文件路径")
        parser.add_argument("--version", dest="number", type=int, default=None, help="版本号（默认最新版本）")
        add_region_argument(parser)

    def handle(self, *args, department, year, out, number, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.pdf.render import version_pdf_bytes

        version = find_version(department=department, year=year, number=number)
        profile = profile_for(option=options.get("region"), department=version.report.department)
        started = time.perf_counter()
        content = version_pdf_bytes(version=version, profile=profile)
        elapsed = time.perf_counter() - started
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(
            f"{version}（{version.get_state_display()}）→ {path}："
            f"{len(content)} 字节，SHA-256 {hashlib.sha256(content).hexdigest()}，用时 {elapsed:.2f} 秒"
        )
