"""A real Celery worker takes portal.ping from Redis and answers through Redis."""

import subprocess
import sys
import time
import uuid
from types import SimpleNamespace

import pytest
from celery.result import EagerResult
from django.conf import settings
from kombu import Exchange, Queue

from portal.celery import app, ping

pytestmark = pytest.mark.services("redis")

RESULT_TIMEOUT = 60  # seconds to wait for the answer; a limit, not a measurement


def _stop(process):
    if process.poll() is None:
        process.terminate()  # warm shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _delete_queue(name):
    """Remove the test's queue and its binding from Redis (declared as Celery declares it)."""
    try:
        with app.connection_for_write() as conn:
            queue = Queue(name, Exchange(name), routing_key=name)(conn.default_channel)
            queue.declare()  # so kombu knows the binding it is to delete
            queue.delete()
    except Exception:  # cleanup only; never hide the test's own outcome
        pass


@pytest.fixture
def ping_worker(tmp_path, subprocess_env, project_root):
    """A `celery -A portal worker` of its own, consuming a queue no other worker listens to."""
    name = f"pytest-{uuid.uuid4().hex[:12]}"
    queue = f"{name}-queue"
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "portal", "worker",
                "--pool=solo", "--loglevel=info",
                "--queues", queue, "--hostname", f"{name}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=project_root,
            env=subprocess_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield SimpleNamespace(process=process, queue=queue, log=lambda: log_path.read_text(errors="replace"))
    finally:
        _stop(process)
        _delete_queue(queue)


def test_worker_answers_ping_through_redis(ping_worker):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")

    value = uuid.uuid4().int % 1_000_000
    result = ping.apply_async(args=[value], queue=ping_worker.queue)
    assert not isinstance(result, EagerResult)
    try:
        deadline = time.monotonic() + RESULT_TIMEOUT
        while not result.ready():
            code = ping_worker.process.poll()
            if code is not None:
                pytest.fail(f"the worker exited with code {code}:\n{ping_worker.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no answer within {RESULT_TIMEOUT} s; worker log:\n{ping_worker.log()}")
            time.sleep(0.2)
        assert result.get(timeout=10) == {"pong": value}
    finally:
        result.forget()
