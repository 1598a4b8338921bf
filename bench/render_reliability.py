"""Kill Celery workers in the middle of rendering, restart Redis with renders queued, and
count what became of every PDF render requested.

    .venv/bin/python bench/render_reliability.py [--rounds 10] [--restart-batch 10]

Kill rounds, one render each, alternating: SIGKILL to the pool process that is rendering
(the worker puts the message back), then SIGKILL to the whole worker (a new worker is
started; the sweeper hands the render out again once its lease has run out). The kill is
sent as soon as the database shows the render claimed. Then the Redis restart: renders
requested while no worker runs, Redis killed and started again empty, a worker started
and the sweeper run every second, as celery beat would.

Uses its own SQLite file and media folder in a temporary folder (migrated, demo loaded)
and a private redis-server (started here, keeping nothing on disk, like the deployment's).
Prints figures; asserts nothing.
"""

import argparse
import hashlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEASE = 45  # seconds, above a cold render here; the deployment's is PDF_RENDER_LEASE_SECONDS (360)
WAIT = 300  # seconds a render may take before it counts as lost


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    def __init__(self, workdir):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None

    def start(self):
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


class Worker:
    def __init__(self, log):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "--concurrency=2",
             "--loglevel=info", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", "bench@%h"],
            cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


def _setup(workdir, redis_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DEBUG", "1")  # development settings, as `make` gives them
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["REDIS_URL"] = redis_url
    os.environ["PDF_RENDER_LEASE_SECONDS"] = str(LEASE)
    os.environ["PDF_RENDER_REQUEUE_SECONDS"] = "5"
    os.environ.setdefault("DEMO_PASSWORD", "bench-only-password")
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())


def _new_versions(count, note):
    """Corrections of the demo report, one per render, marked published (as bench/render_pdf.py does):
    one report has one open version at a time."""
    from disclosures.demo.loader import CAIDIAN_CODE
    from disclosures.models import ReportVersion, VersionState
    from disclosures.selectors import published_version
    from disclosures.services import version_start_correction

    report = published_version(department_code=CAIDIAN_CODE, year=2024).report
    versions = []
    for _ in range(count):
        version = version_start_correction(report=report, correction_note=note)
        ReportVersion.objects.filter(pk=version.pk).update(state=VersionState.PUBLISHED, published_at=version.created_at)
        versions.append(version)
    return versions


def _request(version):
    from django.db import transaction

    from disclosures.pdf.services import document_request

    with transaction.atomic():
        document_request(version=version)


def _status(version):
    from disclosures.models import RenderedDocument

    return RenderedDocument.objects.filter(version=version).values_list("status", flat=True).first()


def _wait(versions, statuses, sweep=False):
    """Until every version's document is in one of `statuses`; the sweeper runs each second if asked."""
    from disclosures.pdf.services import documents_requeue

    deadline = time.monotonic() + WAIT
    next_sweep = 0.0
    while time.monotonic() < deadline:
        if all(_status(v) in statuses for v in versions):
            return True
        if sweep and time.monotonic() >= next_sweep:
            documents_requeue()
            next_sweep = time.monotonic() + 1
        time.sleep(0.02)
    return False


def _tally(versions, tally):
    """Count produced, duplicate and lost PDFs of these versions into `tally`."""
    import pypdf
    from django.conf import settings

    from disclosures.models import DocumentStatus, RenderedDocument

    media = Path(settings.MEDIA_ROOT)
    for version in versions:
        tally["requested"] += 1
        documents = list(RenderedDocument.objects.filter(version=version))
        tally["duplicates"] += max(0, len(documents) - 1)
        done = [d for d in documents if d.status == DocumentStatus.DONE and d.file]
        if not done:
            tally["lost"] += 1
            continue
        document = done[0]
        folder = media / document.file.name.rsplit("/", 1)[0]
        files = [p for p in folder.iterdir() if p.is_file()]
        tally["duplicates"] += max(0, len(files) - 1)
        content = (media / document.file.name).read_bytes()
        try:
            pypdf.PdfReader(io.BytesIO(content)).pages[0]
            valid = hashlib.sha256(content).hexdigest() == document.sha256
        except Exception:  # noqa: BLE001 - any unreadable PDF counts as not produced
            valid = False
        tally["produced" if valid else "lost"] += 1
        tally[f"attempts={document.attempts}"] += 1


def kill_rounds(rounds, log):
    from disclosures.models import DocumentStatus, RenderedDocument

    tally = Counter()
    worker = Worker(log)
    try:
        for n in range(rounds):
            whole = n % 2 == 1
            (version,) = _new_versions(1, f"可靠性基准第{n + 1}轮")
            _request(version)
            if not _wait([version], {DocumentStatus.RENDERING, DocumentStatus.DONE, DocumentStatus.FAILED}):
                tally["never started"] += 1
                continue
            document = RenderedDocument.objects.get(version=version)
            if document.status != DocumentStatus.RENDERING:
                tally["kill too late"] += 1
            elif whole:
                worker.kill()
                worker = Worker(log)
                tally["whole worker killed"] += 1
            else:
                os.kill(int(document.claimed_by.rsplit(" ", 1)[1]), signal.SIGKILL)
                tally["pool process killed"] += 1
            _wait([version], {DocumentStatus.DONE, DocumentStatus.FAILED}, sweep=True)
            _tally([version], tally)
    finally:
        worker.stop()
    return tally


def redis_restart(count, server, log):
    import redis

    from disclosures.models import DocumentStatus

    versions = _new_versions(count, "可靠性基准：Redis 重启")
    for version in versions:
        _request(version)  # no worker runs: the messages wait in Redis
    queued_before = redis.Redis(port=server.port).llen("celery")
    server.kill()
    queued_after = server.start().llen("celery")
    started = time.perf_counter()
    worker = Worker(log)
    try:
        _wait(versions, {DocumentStatus.DONE, DocumentStatus.FAILED}, sweep=True)
        elapsed = time.perf_counter() - started
    finally:
        worker.stop()
    tally = Counter()
    _tally(versions, tally)
    return tally, queued_before, queued_after, elapsed


def _line(what, tally):
    main_figures = ("requested", "produced", "duplicates", "lost")
    extra = ", ".join(f"{k} {v}" for k, v in sorted(tally.items()) if k not in main_figures)
    print(
        f"{what}: renders requested {tally['requested']}, PDFs produced {tally['produced']}, "
        f"duplicates {tally['duplicates']}, lost {tally['lost']}" + (f"   ({extra})" if extra else "")
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10, help="kill-mid-render rounds (default 10)")
    parser.add_argument("--restart-batch", type=int, default=10, help="renders queued across a Redis restart (default 10)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        server = Redis(workdir)
        if not Path(server.binary).exists():
            print(f"skipped: no redis-server at {server.binary}")
            return
        server.start()
        try:
            _setup(workdir, server.url)
            with open(workdir / "worker.log", "ab") as log:
                if args.rounds:
                    _line(f"kill mid-render, {args.rounds} rounds", kill_rounds(args.rounds, log))
                if args.restart_batch:
                    tally, before, after, elapsed = redis_restart(args.restart_batch, server, log)
                    _line(f"Redis restart ({before} messages queued before, {after} after)", tally)
                    print(f"  recovered by the sweeper and one worker (2 processes) in {elapsed:.1f} s, worker start-up included")
        finally:
            server.kill()
    print(f"lease {LEASE} s here (deployment: PDF_RENDER_LEASE_SECONDS, default 360 s); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
