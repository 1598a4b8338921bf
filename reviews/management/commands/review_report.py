import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from disclosures.models import Department, Report
from disclosures.selectors import version_latest, version_tables
from reviews.batch import dumps, finding_json, totals
from reviews.services import findings_compute

from .review_workbook import print_result


class Command(BaseCommand):
    help = "Run every rule on a stored report's newest version. Exit status as review_workbook."

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="department code or name")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        key, year = options["department"].strip(), options["year"]
        department = Department.objects.filter(Q(code=key) | Q(name=key)).first()
        if department is None:
            department = next((d for d in Department.objects.filter(aliases__contains=key) if key in d.alias_list()), None)
        if department is None:
            self.stderr.write(f"没有代码或名称为“{key}”的部门")
            sys.exit(2)
        report = Report.objects.filter(department=department, year=year).first()
        if report is None:
            self.stderr.write(f"{department.name}没有{year}年度的决算报告")
            sys.exit(2)
        version = version_latest(report=report)
        tables = version_tables(version=version)
        findings = [f for _, f in findings_compute(tables=tables, year=year, entry_unit=version.entry_unit)]
        result = {
            "file": version.source_filename or str(report),
            "department": department.name,
            "year": year,
            "version": version.number,
            "unit": version.entry_unit,
            "totals": totals(tables),
            "findings": [finding_json(f) for f in findings],
        }
        if options["json"]:
            self.stdout.write(dumps(result))
        else:
            print_result(self.stdout, result)
        if any(f.severity == "error" for f in findings):
            sys.exit(1)
