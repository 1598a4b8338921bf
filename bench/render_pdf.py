"""Render the demo report's PDF: median time and peak memory in a warm worker process, the
pipeline beside plain WeasyPrint in the same run, and a batch of reports through a real Celery
worker on Redis.

    .venv/bin/python bench/render_pdf.py [--runs 7] [--batch 50] [--plain 5] [--json]

Uses its own SQLite file in a temporary folder (migrated, demo loaded). The warm renders
run in a fresh process of their own, as a worker would: its peak memory (ru_maxrss) is
that of rendering, not of migrating and loading the demo. Wall and CPU time are both
printed: on a shared machine the CPU time is the steadier figure. The batch part needs
REDIS_URL (default redis://127.0.0.1:6379/15) and starts `celery -A portal worker`
itself; it is skipped with a message when Redis is not reachable. --plain N compares the
pipeline with plain WeasyPrint (``HTML(string=...).write_pdf`` with pdf.css and the same
fonts, none of disclosures/pdf/engine.py): each warm in a process of its own, they render
in turn, N times each, and the ratio of the medians is set against issue #20's goal (at most
0.5); then both render N other reports in turn, each new to the warm process (the demo's HTML with
other figures and names, see different_html), as the pipeline keeps text layouts between
renders and re-rendering the same report would flatter it. Reads the PDF back with pdfminer (which pdfplumber brings), so `make install` is enough.
Prints figures; asserts nothing.
"""

import argparse
import io
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM_GOAL = 1.5  # s, a warm render on a quiet machine
PLAIN_GOAL = 0.5  # the pipeline's time over plain WeasyPrint's on the same HTML, in the same run
sys.path.insert(0, str(ROOT))


def _environment(workdir, redis_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DEMO_PASSWORD", "bench-only-password")


def _django():
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def _setup(workdir, redis_url):
    _environment(workdir, redis_url)
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())


def _timed(render, runs):
    """(wall seconds, CPU seconds, last result) of `runs` calls of render()."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = render()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, result


def _child_figures(mode, runs):
    """The figures a fresh process of this script prints as JSON in `mode` (--warm-worker, --plain-worker)."""
    result = subprocess.run(
        [sys.executable, __file__, mode, "--runs", str(runs)],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _pages_and_fonts(pdf):
    """(pages, the fonts' base names without their subset tags) read with pdfminer, which
    pdfplumber brings with it: a production install (`make install`) has what this needs."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    pages, fonts = 0, set()
    for page in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(pdf)))):
        pages += 1
        for font in resolve1(page.resources.get("Font", {})).values():
            fonts.add(resolve1(font)["BaseFont"].name.split("+", 1)[-1])
    return pages, sorted(fonts)


def warm_worker(runs):
    """In the child process: one render to warm up, then `runs` renders; figures as JSON."""
    _django()
    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.pdf.fonts import built_faces
    from disclosures.pdf.render import version_pdf_bytes
    from disclosures.selectors import published_version

    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    (first_wall,), (first_cpu,), _ = _timed(lambda: version_pdf_bytes(version=version), 1)  # warm: fonts, templates, stylesheets
    wall, cpu, pdf = _timed(lambda: version_pdf_bytes(version=version), runs)
    pages, fonts = _pages_and_fonts(pdf)
    print(
        json.dumps(
            {
                "pages": pages,
                "bytes": len(pdf),
                "first": (first_wall, first_cpu),
                "wall": wall,
                "cpu": cpu,
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "fonts": fonts,
                "subset_fonts": bool(built_faces()),
            }
        )
    )


def _demo_render_function(mode):
    """In a child process: what one render is in `mode` ("warm": the portal's pipeline from the
    database, as the worker renders; "plain": plain WeasyPrint on the same HTML, built once)."""
    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.selectors import published_version

    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    if mode == "warm":
        from disclosures.pdf.render import version_pdf_bytes

        return lambda: version_pdf_bytes(version=version)
    from disclosures.pdf.render import version_pdf_html

    return _plain_render_function(version_pdf_html(version=version))


def _plain_render_function(html):
    from django.template.loader import get_template
    from weasyprint import CSS, HTML

    from disclosures.pdf import fonts
    from disclosures.pdf.render import PDF_VARIANT

    if "disclosures.pdf.engine" in sys.modules:
        raise RuntimeError("the plain render must not load the tuned engine")
    css = fonts.font_face_rules() + get_template("pdf/pdf.css").render({})
    return lambda: HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, stylesheets=[CSS(string=css)])


DISTRICTS = "江夏区", "黄陂区", "新洲区", "汉南区", "东西湖区", "洪山区", "青山区", "硚口区", "汉阳区"
UNITS = "社会保险服务中心", "医疗保障事务中心", "就业训练中心", "劳动监察大队", "人才交流服务中心"


def different_html(html, number):
    """The demo report's HTML as report `number` (1, 2, …) of another department: in the text
    (not the markup) every digit is replaced by another (one permutation per report), the
    district and the unit's name by others. Same structure, different figures and names."""
    digits = list("0123456789")
    random.Random(number).shuffle(digits)
    if digits == list("0123456789"):
        digits = digits[1:] + digits[:1]
    table = str.maketrans("0123456789", "".join(digits))
    district, unit = DISTRICTS[number % len(DISTRICTS)], UNITS[number % len(UNITS)]

    def text(match):
        return match.group(0).translate(table).replace("蔡甸区", district).replace("城乡居民养老保险办公室", unit)

    head, body = html.split("<body", 1)
    return head + "<body" + re.sub(r">[^<]+<", text, body)


def _render_function(mode, number=None):
    """In a child process: one render in `mode`, of the demo report or (`number`) of its
    different_html, built before the render: the pipeline still reads the database and renders
    the template (its HTML discarded), as for the demo."""
    if number is None:
        return _demo_render_function(mode)
    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.pdf.render import version_pdf_html
    from disclosures.selectors import published_version

    version = published_version(department_code=CAIDIAN_CODE, year=2024)
    html = different_html(version_pdf_html(version=version), number)
    if mode == "warm":
        from disclosures.pdf.engine import collector_paused
        from disclosures.pdf.render import html_pdf_bytes

        def render():
            with collector_paused():
                version_pdf_html(version=version)
                return html_pdf_bytes(html)

        return render
    return _plain_render_function(html)


def serve(mode):
    """In a child process: render once to warm up, then once per line read from stdin ("demo",
    or the number of a different_html report), each answered with one JSON line of its figures."""
    _django()
    render = _render_function(mode)
    pdf = render()
    print(json.dumps({"ready": mode, "bytes": len(pdf)}), flush=True)
    for line in sys.stdin:
        what = line.strip()
        one = render if what == "demo" else _render_function(mode, int(what))
        (wall,), (cpu,), pdf = _timed(one, 1)
        print(json.dumps({"wall": wall, "cpu": cpu, "bytes": len(pdf)}), flush=True)


def _answer(process):
    for line in process.stdout:
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"a render process ended early (status {process.wait()})")


def plain_render(runs):
    """The pipeline and plain WeasyPrint, each in a warm process of its own, rendering in turn
    (pipeline, plain, pipeline, plain …) so that the machine's drift hits both alike."""
    processes = {
        mode: subprocess.Popen(
            [sys.executable, __file__, "--serve", mode], cwd=ROOT, env=os.environ.copy(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        for mode in ("warm", "plain")
    }
    try:
        sizes = {mode: _answer(process)["bytes"] for mode, process in processes.items()}
        figures = {mode: [] for mode in processes}
        different = {mode: [] for mode in processes}
        for found, requests in ((figures, ["demo"] * runs), (different, range(1, runs + 1))):
            for request in requests:
                for mode, process in processes.items():
                    process.stdin.write(f"{request}\n")
                    process.stdin.flush()
                    found[mode].append(_answer(process))
    finally:
        for process in processes.values():
            process.stdin.close()
            process.wait(timeout=60)
    medians = {
        mode: {kind: statistics.median(f[kind] for f in found) for kind in ("wall", "cpu")} for mode, found in figures.items()
    }
    print(f"in turn, {runs} renders each: the pipeline {medians['warm']['wall']:.2f} s wall, {medians['warm']['cpu']:.2f} s CPU "
          f"({sizes['warm'] / 1024:.0f} KiB); plain WeasyPrint on the same HTML {medians['plain']['wall']:.2f} s wall, "
          f"{medians['plain']['cpu']:.2f} s CPU ({sizes['plain'] / 1024:.0f} KiB)")
    ratio = {kind: medians["warm"][kind] / medians["plain"][kind] for kind in ("wall", "cpu")}
    verdict = "✓" if ratio["cpu"] <= PLAIN_GOAL else "✗"
    print(f"pipeline / plain WeasyPrint: {ratio['wall']:.2f} wall, {ratio['cpu']:.2f} CPU — goal ≤ {PLAIN_GOAL} {verdict}")
    other = {mode: statistics.median(f["cpu"] for f in found) for mode, found in different.items()}
    other_ratio = other["warm"] / other["plain"]
    print(f"then {runs} other reports in turn, each new to the warm process (the demo with other figures and names): "
          f"the pipeline {other['warm']:.2f} s CPU, plain WeasyPrint {other['plain']:.2f} s CPU: "
          f"{other_ratio:.2f} — goal ≤ {PLAIN_GOAL} {'✓' if other_ratio <= PLAIN_GOAL else '✗'}")
    return {"ratio": round(ratio["cpu"], 3), "ratio_wall": round(ratio["wall"], 3), "ratio_other": round(other_ratio, 3),
            "warm_s": round(medians["warm"]["wall"], 3), "plain_s": round(medians["plain"]["wall"], 3)}


def warm_render(runs):
    figures = _child_figures("--warm-worker", runs)
    wall, cpu = figures["wall"], figures["cpu"]
    print(f"demo report: {figures['pages']} pages, {figures['bytes'] / 1024:.0f} KiB, fonts {', '.join(figures['fonts'])}"
          f" ({'subset fonts' if figures['subset_fonts'] else 'full Noto CJK fonts: run manage.py build_pdf_fonts'})")
    print(f"first render in the process: {figures['first'][0]:.2f} s wall, {figures['first'][1]:.2f} s CPU")
    print(f"warm render, median of {runs}: {statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
          f"(min {min(wall):.2f} s wall, {min(cpu):.2f} s CPU)")
    print(f"peak memory of the rendering process (ru_maxrss): {figures['peak_mib']:.0f} MiB   "
          f"(targets on a quiet machine: <= {WARM_GOAL} s, <= 300 MiB)")
    return figures


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _process_figures(pid):
    """(peak resident MiB, CPU seconds) of a live process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return hwm / 1024, (int(fields[11]) + int(fields[12])) / ticks


def batch_through_worker(count, redis_url, pages_each):
    import redis

    try:
        redis.Redis.from_url(redis_url).ping()
    except Exception as exc:  # noqa: BLE001 - any connection problem means no batch
        print(f"batch through a real worker: skipped, Redis not reachable at {redis_url} ({exc})")
        return
    from django.db import transaction

    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.models import DocumentStatus, RenderedDocument, VersionState
    from disclosures.pdf.services import document_request
    from disclosures.selectors import published_version
    from disclosures.services import version_start_correction

    # 50 distinct versions: corrections of the demo report, each approved.
    report = published_version(department_code=CAIDIAN_CODE, year=2024).report
    versions = []
    for i in range(count):
        version = version_start_correction(report=report, correction_note=f"基准测试第{i + 1}版")
        type(version).objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=version.created_at)
        versions.append(version)
    redis.Redis.from_url(redis_url).flushdb()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency=2", "--loglevel=" + ("info" if os.environ.get("BENCH_WORKER_LOG") else "warning"), "-n", "bench@%h"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w"),
    )
    try:
        time.sleep(4)  # worker start-up is not part of the figure
        pool = _children(worker.pid)
        cpu_before = sum(_process_figures(pid)[1] for pid in pool)
        start = time.perf_counter()
        # One transaction for all 50: the queue messages go out when it commits, and the
        # worker's claims never wait on the requests for SQLite's one write lock.
        with transaction.atomic():
            for version in versions:
                document_request(version=version)
        ids = [v.pk for v in versions]
        deadline = start + 60 * 30
        while time.perf_counter() < deadline:
            done = RenderedDocument.objects.filter(version_id__in=ids, status__in=[DocumentStatus.DONE, DocumentStatus.FAILED]).count()
            if done == count:
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - start
        ok = RenderedDocument.objects.filter(version_id__in=ids, status=DocumentStatus.DONE).count()
        retried = RenderedDocument.objects.filter(version_id__in=ids, attempts__gt=1).count()
        pages = ok * pages_each
        print(f"batch of {count} reports through a real worker (2 processes): {ok} done in {elapsed:.1f} s, "
              f"{pages / elapsed:.1f} pages/s, {3600 * ok / elapsed:.0f} reports/hour, {retried} needed a retry")
        figures = [_process_figures(pid) for pid in _children(worker.pid)]
        if figures and ok:
            cpu = sum(c for _, c in figures) - cpu_before
            print(f"worker pool processes: peak {max(m for m, _ in figures):.0f} MiB each at most (VmHWM), "
                  f"{cpu / ok:.2f} s CPU per report")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--plain", type=int, default=0, metavar="N", help="also N plain WeasyPrint renders")
    parser.add_argument("--json", action="store_true", help="also one JSON object of the figures on the last line")
    parser.add_argument("--warm-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve", choices=("warm", "plain"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm_worker:
        warm_worker(args.runs)
        return
    if args.serve:
        serve(args.serve)
        return
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    summary = {"goal": "pdf", "limit": PLAIN_GOAL, "quiet_limit_s": WARM_GOAL}
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp), redis_url)
        figures = warm_render(args.runs)
        summary.update(warm_median_s=round(statistics.median(figures["wall"]), 3), peak_mib=round(figures["peak_mib"]))
        if args.plain:
            summary.update(plain_render(args.plain))
        if args.batch:
            batch_through_worker(args.batch, redis_url, figures["pages"])
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
