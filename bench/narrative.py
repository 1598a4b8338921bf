"""Speed of the text engine on seed 001's 第三部分 (tests/fixtures/narrative/).

Prints the median time of narrative_check on the published text (its slips found) and on the
corrected text, and of narrative_draft, over --runs runs each, after one warm-up run.

    .venv/bin/python bench/narrative.py [--runs 200]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them

import django  # noqa: E402

django.setup()

from disclosures.demo.loader import seed_tables  # noqa: E402
from disclosures.narrative.check import narrative_check  # noqa: E402
from disclosures.narrative.draft import narrative_draft  # noqa: E402
from tests.disclosures.narrative.passages import PRIOR, corrected_sections, published_sections  # noqa: E402


def median_ms(runs, work):
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    tables = seed_tables()
    for name, sections in (("published", published_sections()), ("corrected", corrected_sections())):
        findings = narrative_check(sections=sections, tables=tables, prior=PRIOR, year=2024)
        ms = median_ms(runs, lambda s=sections: narrative_check(sections=s, tables=tables, prior=PRIOR, year=2024))
        chars = sum(len(body) for body in sections.values())
        print(f"narrative_check {name}: {chars} characters, {len(findings)} findings, median {ms:.2f} ms over {runs} runs")
    ms = median_ms(runs, lambda: narrative_draft(tables=tables, prior=PRIOR, year=2024))
    print(f"narrative_draft: median {ms:.2f} ms over {runs} runs")


if __name__ == "__main__":
    main()
