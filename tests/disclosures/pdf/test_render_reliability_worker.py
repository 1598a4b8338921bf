"""Real `celery worker` processes killed mid-render, and a Redis restarted with its queue lost:
every requested PDF is still stored, exactly once.

The workers run against the test database (committed data: transactional tests) and
consume a queue of their own; the Redis restart uses a private redis-server.
"""

import hashlib
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
import redis
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from disclosures.models import DocumentStatus, RenderedDocument, VersionState
from disclosures.pdf.services import document_request
from disclosures.tasks import render_document
from tests.factories import make_department, make_region, make_report
from tests.workers import Worker, test_database_url

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

WAIT = 180  # seconds to wait for a worker to get somewhere; a limit, not a measurement
LEASE = 5  # seconds: short, so the test need not wait out the real lease


@pytest.fixture
def queue():
    return f"pytest-render-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def render_env(settings, queue, subprocess_env):
    """Settings of this test process and the environment of its child processes, alike."""
    settings.PDF_RENDER_QUEUE = queue
    settings.PDF_RENDER_LEASE_SECONDS = LEASE

    def build(**changes):
        return subprocess_env(
            DATABASE_URL=test_database_url(),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            PDF_RENDER_QUEUE=queue,
            PDF_RENDER_LEASE_SECONDS=str(LEASE),
            **changes,
        )

    return build


@pytest.fixture
def workers(project_root, tmp_path, render_env, queue):
    """start(**env changes) starts a worker on the test's queue; all are stopped afterwards."""
    started = []

    def start(queues=(queue,), **changes):
        worker = Worker(
            cwd=project_root,
            env=render_env(**changes),
            queues=queues,
            log_path=tmp_path / f"worker{len(started)}.log",
            pool="prefork",
        )
        started.append(worker)
        return worker

    start.all = started
    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def shared_redis_cleanup(queue):
    """Remove what the test left in the shared Redis: its queue, and the unacknowledged message of
    a killed worker (Redis would put it back in the queue after the visibility timeout)."""
    yield
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete(queue)
    for tag, payload in client.hscan_iter("unacked"):
        if queue in json.loads(payload)[2:]:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.fixture
def version():
    _, version = make_report(make_department(make_region(), name="测试区统计局"), state=VersionState.APPROVED)
    return version


def _wait_for(what, find, workers):
    deadline = time.monotonic() + WAIT
    while True:
        found = find()
        if found:
            return found
        logs = "\n".join(worker.log() for worker in workers.all)
        for worker in workers.all:
            if worker.process.poll() not in (None, -signal.SIGKILL):
                pytest.fail(f"a worker exited with code {worker.process.returncode}:\n{logs}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {WAIT} s; worker logs:\n{logs}")
        time.sleep(0.02)


def _document(version, status):
    return RenderedDocument.objects.filter(version=version, status=status).first()


def _assert_stored_once(version, media_root):
    documents = list(RenderedDocument.objects.filter(version=version))
    assert len(documents) == 1
    document = documents[0]
    assert document.status == DocumentStatus.DONE and document.claim_token == ""
    assert [p.relative_to(media_root).as_posix() for p in Path(media_root).rglob("*") if p.is_file()] == [
        document.file.name
    ]
    content = (Path(media_root) / document.file.name).read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256 and len(content) == document.size
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert "测试区统计局" in reader.pages[0].extract_text()
    return document


def _request(version):
    with transaction.atomic():
        document_request(version=version)  # the message is sent when this commits


def _kill_when_rendering(version, kill, workers):
    """Wait until a worker has claimed the render, kill, and check the render was cut short."""
    claimed = _wait_for("a worker starts rendering", lambda: _document(version, DocumentStatus.RENDERING), workers)
    kill(claimed)
    claimed.refresh_from_db()
    assert (claimed.status, claimed.attempts, claimed.file.name) == (DocumentStatus.RENDERING, 1, ""), (
        "the render ended before the kill"
    )
    return claimed


def test_pool_process_killed_mid_render_is_rendered_again_by_its_message(
    version, workers, settings, shared_redis_cleanup
):
    worker = workers()
    _request(version)
    claimed = _kill_when_rendering(
        version, lambda document: os.kill(int(document.claimed_by.rsplit(" ", 1)[1]), signal.SIGKILL), workers
    )
    # The worker puts the message back (acks_late, reject_on_worker_lost); a new pool process
    # claims the render again under the same message: no sweeper, no lease to wait out.
    done = _wait_for("the PDF is stored", lambda: _document(version, DocumentStatus.DONE), workers)
    assert worker.process.poll() is None
    assert done.attempts == 2 and done.claimed_by != claimed.claimed_by
    _assert_stored_once(version, settings.MEDIA_ROOT)


def test_worker_killed_mid_render_is_rendered_once_after_the_lease(version, workers, settings, shared_redis_cleanup):
    first = workers()
    _request(version)
    claimed = _kill_when_rendering(version, lambda document: first.kill(), workers)

    # The message stays unacknowledged in Redis until the visibility timeout; a new worker
    # does not get it. The sweeper hands the render out again once the lease has run out.
    workers()
    out = io.StringIO()
    call_command("render_pending", stdout=out)
    assert "重新排队0份" in out.getvalue()  # the lease still holds
    time.sleep(max(0.0, (claimed.claimed_at + timedelta(seconds=LEASE + 0.5) - timezone.now()).total_seconds()))
    call_command("render_pending", stdout=out)
    assert "重新排队1份" in out.getvalue()

    done = _wait_for("the PDF is stored", lambda: _document(version, DocumentStatus.DONE), workers)
    assert done.attempts == 2
    stored = _assert_stored_once(version, settings.MEDIA_ROOT)

    # The killed worker's message, delivered at last (Redis redelivers it after the visibility
    # timeout), and the sweeper again: nothing changes.
    result = render_document.apply_async((done.pk,), queue=settings.PDF_RENDER_QUEUE)
    try:
        assert result.get(timeout=WAIT) == DocumentStatus.DONE
    finally:
        result.forget()
    call_command("render_pending", "--all", stdout=out)
    assert out.getvalue().endswith("重新排队0份 PDF 生成任务。当前：等待生成0份，生成中0份，生成失败0份。\n")
    again = _assert_stored_once(version, settings.MEDIA_ROOT)
    assert (again.sha256, again.file.name, again.attempts, again.finished_at) == (
        stored.sha256, stored.file.name, 2, stored.finished_at
    )


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own that keeps nothing on disk, like the deployment's."""

    def __init__(self, workdir):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.process = None
        self.client = redis.Redis(port=self.port)

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {self.port}")
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.client.close()  # its connections point to the server just killed


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


REQUEST_IN_WEB_PROCESS = """
from django.db import transaction
from disclosures.models import ReportVersion
from disclosures.pdf.services import document_request
with transaction.atomic():
    document_request(version=ReportVersion.objects.get(pk={pk}))
"""


def test_redis_restart_loses_no_queued_render(
    version, workers, settings, queue, render_env, project_root, private_redis, tmp_path
):
    env = render_env(REDIS_URL=private_redis.url)
    # The web process requests the render; no worker is running, so the message waits in Redis.
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REQUEST_IN_WEB_PROCESS.format(pk=version.pk)],
        cwd=project_root, env=env, check=True, capture_output=True,
    )
    assert RenderedDocument.objects.get(version=version).status == DocumentStatus.PENDING
    assert private_redis.client.llen(queue) == 1

    private_redis.stop()  # killed, and started again empty
    private_redis.start()
    assert private_redis.client.dbsize() == 0

    # A worker and celery beat on the new Redis: the sweeper, every second here, queues the
    # render again once it has been pending longer than PDF_RENDER_REQUEUE_SECONDS.
    quick = {"PDF_RENDER_REQUEUE_SECONDS": "2", "PDF_RENDER_SWEEP_SECONDS": "1"}
    workers(queues=(queue, "celery"), REDIS_URL=private_redis.url, **quick)
    with open(tmp_path / "beat.log", "wb") as log:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel=info",
             f"--schedule={tmp_path / 'celerybeat-schedule'}"],
            cwd=project_root, env=render_env(REDIS_URL=private_redis.url, **quick),
            stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        done = _wait_for("the PDF is stored", lambda: _document(version, DocumentStatus.DONE), workers)
        assert beat.poll() is None, (tmp_path / "beat.log").read_text()
    finally:
        beat.terminate()
        beat.wait(timeout=30)
    assert done.attempts == 1
    _assert_stored_once(version, settings.MEDIA_ROOT)
