"""A real Celery worker takes portal.ping from Redis and answers through Redis."""

import time
import uuid

import pytest
from celery.result import EagerResult
from django.conf import settings

from portal.celery import app, ping
from tests.workers import Worker, delete_queue

pytestmark = pytest.mark.services("redis")

RESULT_TIMEOUT = 60  # seconds to wait for the answer; a limit, not a measurement


@pytest.fixture
def ping_worker(tmp_path, subprocess_env, project_root):
    """A `celery -A portal worker` of its own, consuming a queue no other worker listens to."""
    queue = f"pytest-{uuid.uuid4().hex[:12]}-queue"
    worker = Worker(cwd=project_root, env=subprocess_env(), queues=[queue], log_path=tmp_path / "worker.log")
    worker.queue = queue
    try:
        yield worker
    finally:
        worker.stop()
        delete_queue(queue)


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
