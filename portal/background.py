"""Start a Celery task for work too long for a request, wherever Celery runs it.

With a broker (REDIS_URL) the task is queued once the caller's transaction commits. Without one
Celery runs tasks eagerly, in the caller: then, with EAGER_TASKS_IN_THREAD (the default), a
thread of this process runs it once the transaction commits, so the request returns and its
page can show the progress; without it (the test settings) it runs at once, inside the caller's
transaction. Tasks started here must be idempotent: a restarted one finds what is done.
"""

import threading

from django.conf import settings
from django.db import connections, transaction

_threads = []


def _run_in_thread(task, args):
    try:
        task.apply(args=args)
    finally:
        connections.close_all()  # this thread's own connections


def task_start(task, *args):
    """Run `task(*args)` in the background (see the module's description); returns how:
    "queued", "thread" or "inline"."""
    if not task.app.conf.task_always_eager:
        transaction.on_commit(lambda: task.apply_async(args=args), robust=True)
        return "queued"
    if not getattr(settings, "EAGER_TASKS_IN_THREAD", True):
        task.apply(args=args)
        return "inline"

    def start():
        thread = threading.Thread(target=_run_in_thread, args=(task, args), name=f"task-{task.name}", daemon=True)
        _threads.append(thread)
        thread.start()

    transaction.on_commit(start, robust=True)
    return "thread"


def background_threads():
    """The threads started here and not yet joined."""
    return list(_threads)


def background_threads_join(timeout=None):
    """Wait for the threads started here (for tests and for a clean shutdown); True when none is left."""
    for thread in list(_threads):
        thread.join(timeout)
        if not thread.is_alive():
            _threads.remove(thread)
    return not _threads
