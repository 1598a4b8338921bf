from django.core.management.base import CommandError

from disclosures.management.base import WorkCommand
from disclosures.reference import ReferenceImportError, reference_codes_load_files


class Command(WorkCommand):
    help = "Load the function and economic code lists kept in disclosures/reference_data/."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this year's lists")

    def handle(self, *args, year=None, **options):
        try:
            loaded = reference_codes_load_files(year=year)
        except ReferenceImportError as exc:
            raise CommandError("\n".join(exc.problems)) from exc
        if not loaded:
            raise CommandError("没有找到科目编码数据文件")
        for (kind, file_year), count in sorted(loaded.items()):
            self.stdout.write(f"{file_year} {kind}: {count} codes")
