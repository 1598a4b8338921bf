"""Print each self-evaluation table's stated and computed totals, and the findings.

    manage.py score_evaluations --department 420114001001 --year 2024
"""

from django.core.management.base import CommandError
from django.db.models import Q

from disclosures.management.base import WorkCommand
from disclosures.models import DepartmentEvaluation, Report
from disclosures.selectors import version_latest


class Command(WorkCommand):
    help = "打印部门某年度绩效自评表的填报总分、计算总分和检查结果"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="部门名称或编码")
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, department, year, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.performance.checks import run_checks

        reports = Report.objects.filter(
            Q(department__code=department) | Q(department__name=department), year=year
        ).select_related("department")
        report = reports.first()
        if report is None:
            raise CommandError(f"没有找到“{department}”{year}年度的报告")
        version = version_latest(report=report)
        self.stdout.write(f"{report}（第{version.number}版，{version.get_state_display()}）")
        tables = list(version.evaluations.prefetch_related("indicators"))
        department_table = DepartmentEvaluation.objects.filter(version=version).first()
        if department_table is not None:
            tables.append(department_table)
        if not tables:
            self.stdout.write("没有绩效自评表。")
        for evaluation in tables:
            score = evaluation.score()
            mark = "  ≠" if score.total.flagged else ""
            self.stdout.write(
                f"{evaluation.table_title or evaluation.project_name}：填报总分 {evaluation.total_score_stated}，"
                f"计算总分 {score.total.display}（{score.template.name}）{mark}"
            )
        findings = run_checks(version=version)
        self.stdout.write(f"检查结果：{len(findings)} 条")
        for finding in findings:
            self.stdout.write(f"  {finding}")
