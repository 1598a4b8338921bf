"""What a heavy but legal workbook costs before it is refused (issue 16, point 5).

    .venv/bin/python bench/heavy_upload.py [--runs 5]

Builds issue 16's workbook (the sample plus 24 sheets of 7,659 × 26 numbers: about 2.3 MB
zipped, 96 MB unzipped) and variants, then prints, for each, its sizes and the median time
and peak memory (tracemalloc) of:
- the table import's read (workbook_read), which must refuse it;
- the performance-evaluation import's read (performance.excel.read_workbook), likewise;
- the package census alone (limits.package_census);
and, for comparison, the sample itself read in full. Figures are printed, never asserted;
the target is "well under a second" per refusal.
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _measure(call, runs):
    """(median seconds, peak MB of the first run, outcome text)."""
    timings, peak, outcome = [], 0.0, ""
    for run in range(runs):
        if run == 0:
            tracemalloc.start()
        started = time.perf_counter()
        try:
            call()
            outcome = "accepted"
        except Exception as exc:  # the refusal is the expected outcome
            outcome = f"{type(exc).__name__}: {str(exc).splitlines()[0][:70]}"
        timings.append(time.perf_counter() - started)
        if run == 0:
            peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
    return statistics.median(timings), peak, outcome


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from disclosures.excel.container import open_package
    from disclosures.excel.limits import import_limits, package_census
    from disclosures.excel.reader import workbook_read
    from disclosures.performance.excel import read_workbook
    from tests.disclosures.excel.heavy import attack_workbook, with_extra_sheets
    from tests.disclosures.excel.workbooks import sample_bytes

    sample = sample_bytes()
    limits = import_limits()
    started = time.perf_counter()
    attack = attack_workbook(sample)
    print(f"limits: {limits}")
    print(f"built issue 16's workbook in {time.perf_counter() - started:.1f} s")
    cases = [
        ("issue 16: 24 sheets of 7,659 x 26", attack),
        ("same, no <dimension> hint", with_extra_sheets(sample, sheets=24, rows=7659, columns=26, dimension=False)),
        ("cells: 12 sheets of 4,000 x 26 (rows legal)", with_extra_sheets(sample, sheets=12, rows=4000, columns=26)),
        ("sheets: 60 small extra sheets", with_extra_sheets(sample, sheets=60, rows=5, columns=5)),
        ("the sample (accepted)", sample),
    ]
    for label, data in cases:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unzipped = sum(info.file_size for info in package.infolist())
        print(f"\n{label}: {len(data) / 1e6:.2f} MB zipped, {unzipped / 1e6:.1f} MB unzipped, ratio {unzipped / len(data):.0f}")
        for name, call in [
            ("table import read", lambda: workbook_read(fileobj=io.BytesIO(data), filename="x.xlsx")),
            ("performance import read", lambda: read_workbook(io.BytesIO(data), filename="x.xlsx")),
            ("package census alone", lambda: package_census(open_package(data))),
        ]:
            seconds, peak, outcome = _measure(call, args.runs)
            print(f"  {name:26} median {seconds * 1000:7.1f} ms  peak {peak:6.1f} MB  {outcome}")


if __name__ == "__main__":
    main()
