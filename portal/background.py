"""Work too long for a request, run outside it: on a Celery worker, or in a thread of this process.

With a broker (REDIS_URL) task_start queues the task once the caller's transaction commits. Without
one Celery runs tasks eagerly, in the caller; then, with EAGER_TASKS_IN_THREAD (the default), the
work is a job of this process (job_start): the request returns at once and its page polls the
progress. Without EAGER_TASKS_IN_THREAD (the test settings) a job runs at once, in its caller.

A job is handed over once the caller's transaction commits and, when it was started during a
request, once that request has finished (its response sent, its own writes done); a job started
outside a request (a command, another job) is handed over at commit. Each lane (LANE, the default,
and a lane an app names, as the 公开检查's checks do, which have their own queue on a broker too) has
one thread, which runs its jobs one after another, as a single worker would, and ends when none is
left. A starting thread first runs the lane's sweeps (background_sweep_register): as no beat runs
without a broker, an app takes up there what a stopped process left unfinished.

A job that raises a DatabaseError (a locked SQLite file, a dropped connection) is run again after a
pause, DB_RETRIES times, then logged and dropped; any other error is logged and the thread goes on.
So jobs, like the tasks started here, must be idempotent: a job run again, or a task taken up
again, finds what is already done.
"""

import logging
import threading
import time
from collections import deque

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)
LANE = "default"
DB_RETRIES = 5
DB_PAUSE = 0.2  # seconds before the first retry, doubled for each next one


class _Job:
    __slots__ = ("name", "func", "args")

    def __init__(self, name, func, args):
        self.name, self.func, self.args = name, func, args


class _Lane:
    __slots__ = ("name", "jobs", "sweeps", "thread", "running")

    def __init__(self, name):
        self.name, self.jobs, self.sweeps, self.thread, self.running = name, deque(), [], None, None


_lock = threading.Lock()
_lanes = {}
_threads = set()  # started and not yet ended (each removes itself last)
_request = threading.local()  # .jobs: what the request this thread is serving handed over


def _lane(name):
    if name not in _lanes:
        _lanes[name] = _Lane(name)
    return _lanes[name]


def task_start(task, *args):
    """Run the Celery task `task(*args)` in the background (see the module's description);
    returns how: "queued", "thread" or "inline"."""
    if not task.app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply_async(args=args), robust=True)
        return "queued"
    return job_start(_task_apply, task, args, name=task.name)


def _task_apply(task, args):
    task.apply(args=args, throw=True)


def job_start(func, *args, lane=LANE, name=None):
    """Run `func(*args)` as a job of this process (see the module's description); returns "thread",
    or "inline" without EAGER_TASKS_IN_THREAD (run now, in the caller)."""
    if not getattr(settings, "EAGER_TASKS_IN_THREAD", True):
        func(*args)
        return "inline"
    job = _Job(name or getattr(func, "__qualname__", repr(func)), func, args)
    transaction.on_commit(lambda: _hand_over(lane, job), robust=True)
    return "thread"


def _hand_over(lane, job):
    during_request = getattr(_request, "jobs", None)
    if during_request is None:
        _enqueue([(lane, job)])
    else:
        during_request.append((lane, job))


def _enqueue(jobs):
    with _lock:
        for name, job in jobs:
            lane = _lane(name)
            lane.jobs.append(job)
            if lane.thread is None:
                lane.thread = threading.Thread(target=_run, args=(lane,), name=f"background-{name}", daemon=True)
                _threads.add(lane.thread)
                lane.thread.start()


def _run(lane):
    try:
        for sweep in list(lane.sweeps):
            try:
                sweep()
            except Exception:
                logger.exception("background lane %s: sweep %s failed", lane.name, getattr(sweep, "__qualname__", sweep))
        while True:
            with _lock:
                if not lane.jobs:
                    lane.thread = lane.running = None
                    return
                job = lane.running = lane.jobs.popleft()
            _job_run(job)
    finally:
        connections.close_all()  # this thread's own connections
        with _lock:
            if lane.thread is threading.current_thread():  # ended by what no job should raise (SystemExit)
                lane.thread = lane.running = None
            _threads.discard(threading.current_thread())


def _job_run(job):
    for attempt in range(DB_RETRIES + 1):
        try:
            job.func(*job.args)
            return
        except DatabaseError:
            connections.close_all()
            if attempt == DB_RETRIES:
                logger.exception("background job %s%s: database error %d times, dropped", job.name, _shown(job.args), attempt + 1)
                return
            time.sleep(DB_PAUSE * 2**attempt)
        except Exception:  # the thread goes on with the next job whatever this one does
            logger.exception("background job %s%s failed", job.name, _shown(job.args))
            return


def _shown(args):
    shown = repr(args)  # a notice's whole body and recipients do not belong in the log
    return shown if len(shown) <= 80 else shown[:77] + "..."


def background_sweep_register(sweep, *, lane=LANE):
    """Call `sweep()` in the lane's thread each time it starts, before its jobs (the same sweep is
    registered once). A sweep may start jobs; it should import what it needs when called, not
    when registered (at django.setup())."""
    with _lock:
        sweeps = _lane(lane).sweeps
        if sweep not in sweeps:
            sweeps.append(sweep)


def background_jobs():
    """The names of the jobs handed over in this process and not finished, lane by lane
    (running first), for tests: {lane: [name, ...]} without the idle lanes."""
    with _lock:
        jobs = {lane.name: ([lane.running] if lane.running else []) + list(lane.jobs) for lane in _lanes.values()}
    return {name: [job.name for job in listed] for name, listed in jobs.items() if listed}


def background_wait(timeout=None):
    """Wait until the jobs handed over in this process are done (for tests and a clean shutdown);
    True when they are, False when some still run after `timeout` seconds. Jobs still waiting for
    their transaction or their request are not handed over yet."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _lock:
            threads = list(_threads)
        if not threads:
            return True
        for thread in threads:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                return False


def _request_started(**kwargs):
    leftover = getattr(_request, "jobs", None)
    if leftover:  # handed over by a request whose end was never signalled
        _enqueue(leftover)
    _request.jobs = []


def _request_finished(**kwargs):
    jobs, _request.jobs = getattr(_request, "jobs", None), None
    if jobs:
        _enqueue(jobs)


# Here, not in an app's ready(): this helper belongs to no app, and whoever starts a job imports it.
request_started.connect(_request_started, dispatch_uid="portal.background.request_started")
request_finished.connect(_request_finished, dispatch_uid="portal.background.request_finished")
