"""Speed of the checks.

1. The median time to run every rule of the 2024 rule set on one loaded report
   (seed 001 as published, and a consistent report using all nine tables), rules compiled once.
   Target: 10 ms or less.
2. The wall time of `manage.py review_workbook --json` over 1,000 copies of the sample
   workbook, using both cores (two worker processes). Target: 60 s or less.

    .venv/bin/python bench/review.py [--runs 200] [--workbooks 1000] [--processes 2]
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them

import django  # noqa: E402

django.setup()

from disclosures.demo.loader import seed_tables  # noqa: E402
from reviews.rules.data import file_rules  # noqa: E402
from reviews.rules.engine import run_rules  # noqa: E402
from tests.reviews.builders import rich_consistent_tables  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "workbooks" / "caidian-2024.xlsx"


def bench_rules(runs):
    rules = file_rules(2024)
    for name, tables, unit in (
        ("seed 001 (万元, 5 尾差 warnings)", seed_tables(), "万元"),
        ("consistent report, all nine tables (元)", rich_consistent_tables(), "元"),
    ):
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            findings = run_rules(rules, tables, entry_unit=unit)
            timings.append(time.perf_counter() - start)
        print(
            f"every rule ({len(rules)} rules) on {name}: median {statistics.median(timings) * 1000:.2f} ms, "
            f"min {min(timings) * 1000:.2f} ms over {runs} runs; {len(findings)} findings"
        )


def bench_workbooks(count, processes):
    with tempfile.TemporaryDirectory(prefix="review-bench-") as tmp:
        paths = []
        for i in range(count):
            path = Path(tmp) / f"wb-{i:04d}.xlsx"
            shutil.copyfile(SAMPLE, path)
            paths.append(str(path))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "review_workbook", "--json", "--processes", str(processes), *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stdout.splitlines()
    print(
        f"review_workbook over {count} workbooks with {processes} processes: {elapsed:.1f} s "
        f"({elapsed / count * 1000:.1f} ms per workbook), exit status {done.returncode}, {len(lines)} results"
    )
    # On a machine busy with other work the wall time grows; the CPU time does not.
    print(
        f"  CPU time of the command and its workers: {cpu:.1f} s "
        f"({cpu / count * 1000:.1f} ms per workbook; {cpu / processes:.1f} s of wall time on {processes} idle cores); "
        f"load average now {os.getloadavg()[0]:.1f}"
    )
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workbooks", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    print(f"cpu count: {os.cpu_count()}")
    bench_rules(args.runs)
    if args.workbooks:
        bench_workbooks(args.workbooks, args.processes)


if __name__ == "__main__":
    main()
