"""Speed of checking published PDFs (review_pdf, the 公开检查, the public check).

1. The time to read and check one disclosure: the demo report's PDF as the portal renders it
   (29 pages) and the real Putuo PDF (24 pages): pages read with pdfplumber, then the parts,
   the nine tables and the text found and every check run (reviews.published.review_published),
   in a warm process; median wall and CPU time of --runs, and the reading alone.
2. The throughput of --count PDFs (copies of the demo's, each made distinct) through the
   公开检查's check task: through a real `celery -A portal worker` (2 processes) when Redis is
   reachable at BENCH_REDIS_URL (default redis://127.0.0.1:6379/13), else (or with --eager) the
   path the portal takes without REDIS_URL: stored, then checked one after another by this
   process's background thread (portal/background.py).

    .venv/bin/python bench/review_pdf.py [--runs 7] [--count 100] [--eager]

Uses its own SQLite file and media folder in a temporary folder (migrated, demo loaded).
Prints figures; asserts nothing.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PUTUO = ROOT / "tests" / "fixtures" / "published" / "putuo-shegongbu-2024.pdf"


def _environment(workdir, redis_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DEMO_PASSWORD", "bench-only-password")


def _setup():
    import django

    django.setup()
    import logging

    for name in ("weasyprint", "fontTools", "pdfminer", "celery"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_reference_codes", stdout=io.StringIO())


def _demo_pdf():
    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.pdf.render import version_pdf_bytes
    from disclosures.selectors import published_version

    return version_pdf_bytes(version=published_version(department_code=CAIDIAN_CODE, year=2024))


def _timed(work, runs):
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, result


def read_and_check(name, data, runs):
    from disclosures.published.pages import pdf_pages
    from reviews.published import review_published

    review_published(data=data, name=name)  # warm: rules compiled, code lists and profiles loaded
    wall, cpu, result = _timed(lambda: review_published(data=data, name=name), runs)
    read_wall, read_cpu, _ = _timed(lambda: pdf_pages(data), runs)
    errors = sum(1 for f in result["findings"] if f["severity"] == "error")
    print(
        f"{name}: {result['pages']} pages, {len(data) / 1024:.0f} KiB, {sum(t['found'] for t in result['tables'])}/9 tables, "
        f"{len(result['findings'])} findings ({errors} errors)"
    )
    print(
        f"  read and check, median of {runs}: {statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
        f"(min {min(wall):.2f} s); reading the pages alone {statistics.median(read_wall):.2f} s wall, "
        f"{statistics.median(read_cpu):.2f} s CPU"
    )
    return result["pages"]


def _inspection_files(data, count):
    """`count` distinct copies of the PDF (a comment after its end) as files of a new inspection."""
    from django.utils import timezone

    from disclosures.models import Region
    from reviews.inspections.services import inspection_files_add
    from reviews.inspections.uploads import PdfUpload
    from reviews.models import Inspection

    region = Region.objects.get(code="420114")
    inspection = Inspection.objects.create(region=region, year=2024)
    uploads = [PdfUpload(f"demo-{n:03d}.pdf", data + f"\n% copy {n} {timezone.now().isoformat()}\n".encode()) for n in range(count)]
    return inspection, uploads, inspection_files_add


def _finished(inspection):
    from reviews.models import FileStatus, InspectedFile

    rows = InspectedFile.objects.filter(inspection=inspection)
    return rows.filter(status__in=(FileStatus.DONE, FileStatus.FAILED)).count(), rows.filter(status=FileStatus.DONE).count()


def through_eager(data, count, pages_each):
    from django.conf import settings

    from portal.background import background_wait

    inspection, uploads, add = _inspection_files(data, count)
    start = time.perf_counter()
    add(inspection=inspection, uploads=uploads, user=None)  # no broker: stored, then handed to the background thread
    stored = time.perf_counter() - start
    finished_at_return, _ = _finished(inspection)
    background_wait()
    elapsed = time.perf_counter() - start
    finished, done = _finished(inspection)
    assert settings.CELERY_TASK_ALWAYS_EAGER
    print(
        f"{count} PDFs without a broker (no REDIS_URL, one background thread): stored in {stored:.1f} s "
        f"({finished_at_return} checked by then), {done} checked, {finished - done} unreadable, "
        f"all in {elapsed:.1f} s: {count / elapsed:.2f} PDFs/s, {done * pages_each / elapsed:.1f} pages/s, "
        f"{3600 * count / elapsed:.0f} PDFs/hour"
    )


def through_worker(data, count, pages_each, redis_url):
    import redis
    from django.db import transaction

    redis.Redis.from_url(redis_url).flushdb()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency=2", "--loglevel=warning", "-n", "bench-pdf@%h"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w"),
    )
    try:
        time.sleep(4)  # worker start-up is not part of the figure
        inspection, uploads, add = _inspection_files(data, count)
        start = time.perf_counter()
        with transaction.atomic():  # the messages go out when it commits
            add(inspection=inspection, uploads=uploads, user=None)
        stored = time.perf_counter() - start
        finished = done = 0
        while time.perf_counter() - start < 60 * 30:
            finished, done = _finished(inspection)
            if finished == count:
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        print(
            f"{count} PDFs through a real worker (2 processes): stored and queued in {stored:.1f} s, {done} checked, "
            f"{finished - done} unreadable, all in {elapsed:.1f} s: {count / elapsed:.2f} PDFs/s, "
            f"{done * pages_each / elapsed:.1f} pages/s, {3600 * count / elapsed:.0f} PDFs/hour"
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _redis_reachable(url):
    try:
        import redis

        redis.Redis.from_url(url).ping()
        return True
    except Exception:  # noqa: BLE001 - any connection problem means no worker
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--eager", action="store_true", help="the eager path even when Redis is reachable")
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    worker = not args.eager and _redis_reachable(redis_url)
    if not worker and not args.eager:
        print(f"Redis not reachable at {redis_url}: the {args.count} PDFs go through the eager path")
    with tempfile.TemporaryDirectory() as tmp:
        _environment(Path(tmp), redis_url if worker else "")
        _setup()
        demo = _demo_pdf()
        pages = read_and_check("the demo report's PDF", demo, args.runs)
        read_and_check("the Putuo PDF (Shanghai)", PUTUO.read_bytes(), args.runs)
        if args.count:
            if worker:
                through_worker(demo, args.count, pages, redis_url)
            else:
                through_eager(demo, args.count, pages)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
