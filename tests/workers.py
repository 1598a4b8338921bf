"""Real `celery -A portal worker` processes for the tests that need one, and their cleanup."""

import os
import signal
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit


def test_database_url():
    """DATABASE_URL, naming the test database pytest-django made, for a child process to share."""
    from django.db import connection

    assert connection.vendor == "postgresql", "a worker shares the test's database: PostgreSQL only"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}"))


test_database_url.__test__ = False  # a helper, not a test pytest should collect


class Worker:
    """A worker consuming `queues` only, in a process group of its own (so it can be killed whole)."""

    def __init__(self, *, cwd, env, queues, log_path, pool="solo"):
        self.name = f"pytest-{uuid.uuid4().hex[:12]}"
        self.log_path = log_path
        pool_args = ["--pool=prefork", "--concurrency=1"] if pool == "prefork" else [f"--pool={pool}"]
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "portal", "worker", *pool_args, "--loglevel=info",
                    "--queues", ",".join(queues), "--hostname", f"{self.name}@%h",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL to the worker and its pool processes at once, as a crash or `docker kill` would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # pool processes left behind, if any
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


def delete_queue(name):
    """Remove a test's queue and its binding from Redis (declared as Celery declares it)."""
    from kombu import Exchange, Queue

    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            queue = Queue(name, Exchange(name), routing_key=name)(conn.default_channel)
            queue.declare()  # so kombu knows the binding it is to delete
            queue.delete()
    except Exception:  # cleanup only; never hide the test's own outcome
        pass
