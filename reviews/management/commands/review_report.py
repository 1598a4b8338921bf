import sys

from django.db.models import Q

from disclosures.management.base import WorkCommand
from disclosures.management.region_option import add_region_argument, profile_for
from disclosures.models import Department, Report

from .review_workbook import print_result


class Command(WorkCommand):
    help = (
        "Run every check (tables, text, attachments, checklist, completeness) on a stored report's "
        "newest version. Exit status 0: no errors; 1: errors found; 2: no such report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="department code or name")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")
        add_region_argument(parser)

    def refuse(self, options, message):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from reviews.batch import dumps

        if options["json"]:
            self.stdout.write(dumps({"department": options["department"], "year": options["year"], "error": message}))
        else:
            self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, **options):
        # imported when the command runs, not when it loads: see bench/command_start.py
        from disclosures.selectors import version_latest
        from reviews.batch import dumps, finding_json, totals
        from reviews.checks import CheckContext, checks_run

        key, year = options["department"].strip(), options["year"]
        department = Department.objects.filter(Q(code=key) | Q(name=key)).first()
        if department is None:
            department = next((d for d in Department.objects.filter(aliases__contains=key) if key in d.alias_list()), None)
        if department is None:
            self.refuse(options, f"没有代码或名称为“{key}”的部门")
        report = Report.objects.filter(department=department, year=year).first()
        if report is None:
            self.refuse(options, f"{department.name}没有{year}年度的决算报告")
        version = version_latest(report=report)
        context = CheckContext(version, profile=profile_for(option=options["region"], department=department))
        findings = checks_run(context)
        result = {
            "file": version.source_filename or str(report),
            "department": department.name,
            "year": year,
            "version": version.number,
            "state": version.state,
            "unit": version.entry_unit,
            "region": context.profile.name,
            "totals": totals(context.tables),
            "findings": [finding_json(f) for f in findings],
        }
        if options["json"]:
            self.stdout.write(dumps(result))
        else:
            print_result(self.stdout, result)
        if any(f.severity == "error" for f in findings):
            sys.exit(1)
