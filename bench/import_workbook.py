"""Time the import of the sample workbook (seed 001's nine tables as published).

    .venv/bin/python bench/import_workbook.py [--runs 50] [--batch 1000] [--file tests/fixtures/workbooks/caidian-2024.xlsx]

Prints:
- openpyxl's own read-only load of the workbook (every cell's value), for comparison;
- the median of --runs imports, read+validate only (workbook_read);
- the median of --runs imports, read+validate+store into a fresh SQLite database through
  the service (version_import_workbook, reference codes checked);
- the time for --batch read+validate imports in a row.

Targets from issue 3: median <= 60 ms, 1,000 imports in a row <= 60 s. Figures are printed, never asserted.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup_django(database):
    os.environ.pop("DATABASE_URL", None)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_codes", stdout=io.StringIO())


def _median_ms(timings):
    return statistics.median(timings) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--file", default=str(ROOT / "tests" / "fixtures" / "workbooks" / "caidian-2024.xlsx"))
    args = parser.parse_args()
    data = Path(args.file).read_bytes()

    with tempfile.TemporaryDirectory() as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from openpyxl import load_workbook

        from disclosures.excel.reader import workbook_read
        from disclosures.models import Department, Region
        from disclosures.services import report_create, version_import_workbook

        def openpyxl_only():
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            for worksheet in workbook.worksheets:
                for _ in worksheet.iter_rows(values_only=True):
                    pass
            workbook.close()

        def read_only():
            workbook_read(fileobj=io.BytesIO(data), filename="caidian-2024.xlsx")

        region = Region.objects.create(code="000001", name="基准区")
        department = Department.objects.create(region=region, code="BENCH001", name="武汉市蔡甸区城乡居民社会养老保险办公室")
        _, version = report_create(department=department, year=2024)

        def read_and_store():
            version_import_workbook(version=version, fileobj=io.BytesIO(data), filename="caidian-2024.xlsx")

        for label, function in (
            ("openpyxl read-only load, every value (reference)", openpyxl_only),
            ("import, read+validate (workbook_read)", read_only),
            ("import, read+validate+store in SQLite (version_import_workbook)", read_and_store),
        ):
            function()  # warm up
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                function()
                timings.append(time.perf_counter() - start)
            print(f"{label}: median {_median_ms(timings):.1f} ms, min {min(timings) * 1000:.1f} ms over {args.runs} runs")

        start = time.perf_counter()
        for _ in range(args.batch):
            read_only()
        elapsed = time.perf_counter() - start
        print(f"{args.batch} imports in a row (read+validate): {elapsed:.1f} s ({elapsed / args.batch * 1000:.1f} ms each)")
        print("targets: median <= 60 ms; 1,000 in a row <= 60 s")


if __name__ == "__main__":
    main()
