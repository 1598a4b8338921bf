"""The import of a workbook beside openpyxl's own read-only load of the same file, in the same run.

    .venv/bin/python bench/import_speed.py [--runs 30] [--file tests/fixtures/workbooks/caidian-2024.xlsx] [--json]

Issue #20's goal: importing a workbook takes at most 2× an openpyxl read-only load of the
same file (every cell's value read). Both are timed in this process, in turn (anchor, import,
read, anchor, import, read …) so that the machine's drift hits them alike; the figures are
medians of --runs, wall and CPU time. What is timed:

- anchor: `openpyxl.load_workbook(read_only=True, data_only=True)` and every row's values;
- import: `version_import_workbook` into one draft report of a fresh SQLite database (reference
  codes loaded, the department named as in the workbook): read, validate, check the codes,
  store the nine tables, refresh the findings (every registered check), audit, commit — what a
  user waits for after pressing 上传;
- read: `workbook_read` alone (the file read and validated, nothing stored).

The verdict reads the CPU time: on a shared machine the wall time also holds the waits for other
processes and for the disk (the import's commit), which the anchor has none of. Runs with DEBUG=0
(no query log), as a server does; --debug for the development settings. --profile prints
cProfile's view of 20 more imports. Prints figures; asserts nothing. With --json one object on
the last line (bench/scale.py reads it).
"""

import argparse
import io
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "tests" / "fixtures" / "workbooks" / "caidian-2024.xlsx"
SAMPLE_DEPARTMENT = "武汉市蔡甸区城乡居民社会养老保险办公室"
GOAL = 2.0


def _setup(database, *, debug):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.pop("REDIS_URL", None)
    if debug:
        os.environ["DEBUG"] = "1"
    else:  # as a server runs: DEBUG off, so no query log (the keys are this run's own)
        os.environ.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), AUDIT_KEY=secrets.token_urlsafe(48),
                          SECURE_SSL_REDIRECT="0", LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_codes", stdout=io.StringIO())


def measure(*, data, runs, department_name=SAMPLE_DEPARTMENT, year=2024, profile=None):
    """{name: (median wall ms, median CPU ms)} of the anchor, the import and the read."""
    from openpyxl import load_workbook

    from disclosures.excel.reader import workbook_read
    from disclosures.models import Department, Region
    from disclosures.services import report_create, version_import_workbook

    region = Region.objects.create(code="000001", name="基准区")
    # A new draft for every import, as a user's first upload of the year meets it.
    drafts = [
        report_create(department=Department.objects.create(region=region, code=f"BENCH{n:04d}", name=department_name), year=year)[1]
        for n in range(runs + 1 + (20 if profile else 0))
    ]

    def anchor():
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for worksheet in workbook.worksheets:
            for _ in worksheet.iter_rows(values_only=True):
                pass
        workbook.close()

    def imported():
        version_import_workbook(version=drafts.pop(), fileobj=io.BytesIO(data), filename="bench.xlsx")

    def read():
        workbook_read(fileobj=io.BytesIO(data), filename="bench.xlsx")

    steps = {"anchor": anchor, "import": imported, "read": read}
    timings = {name: ([], []) for name in steps}
    for function in steps.values():
        function()  # warm up: imports, caches, the first statements
    for _ in range(runs):
        for name, function in steps.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            timings[name][0].append(time.perf_counter() - start)
            timings[name][1].append(time.process_time() - start_cpu)
    figures = {name: (statistics.median(wall) * 1000, statistics.median(cpu) * 1000) for name, (wall, cpu) in timings.items()}
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for _ in range(len(drafts)):
            profiler.runcall(imported)
        pstats.Stats(profiler).sort_stats(profile).print_stats(40)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--file", default=str(SAMPLE))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--debug", action="store_true", help="DEBUG=1 (development settings, every query logged)")
    parser.add_argument("--profile", choices=("cumulative", "tottime"), help="also print cProfile's view of 20 more imports")
    args = parser.parse_args()
    data = Path(args.file).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp) / "bench.sqlite3", debug=args.debug)
        figures = measure(data=data, runs=args.runs, profile=args.profile)
    anchor_wall, anchor_cpu = figures["anchor"]
    ratio = figures["import"][0] / anchor_wall
    ratio_cpu = figures["import"][1] / anchor_cpu
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    mode = "DEBUG=1" if args.debug else "DEBUG=0"
    print(f"{Path(args.file).name}, {mode}, SQLite: medians of {args.runs} runs in turn, load average {load} on {os.cpu_count()} cores")
    for name, label in (
        ("anchor", "openpyxl read-only load, every value (anchor)"),
        ("import", "import: read, validate, store, findings (version_import_workbook)"),
        ("read", "read and validate only (workbook_read)"),
    ):
        wall, cpu = figures[name]
        print(f"  {label:<66} {wall:7.1f} ms wall {cpu:7.1f} ms CPU  {wall / anchor_wall:5.2f}× anchor")
    # The verdict reads CPU time: on a shared machine the wall time also holds the waits for the
    # other processes and the disk (the import's commit), which the anchor has none of.
    verdict = "✓" if ratio_cpu <= GOAL else "✗"
    print(f"import / anchor: {ratio_cpu:.2f}× CPU, {ratio:.2f}× wall — goal ≤ {GOAL:g}× {verdict}")
    if args.json:
        print(json.dumps({
            "goal": "import", "ratio_cpu": round(ratio_cpu, 2), "ratio_wall": round(ratio, 2), "limit": GOAL,
            **{f"{name}_ms": round(wall, 1) for name, (wall, _) in figures.items()},
        }))


if __name__ == "__main__":
    main()
