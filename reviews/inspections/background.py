"""The 公开检查's checks outside the request when there is no broker.

Without REDIS_URL Celery runs a task in its caller (eager), so a 100-file upload would be read and
checked inside the upload request. Instead tasks.enqueue_checks hands the files to one thread of
this process, which checks them one after another, as a single worker would, with the task's own
code (checking.inspected_file_check): each file's progress is written to the database as it goes,
and the progress page reads it the same way. The thread starts once the request that handed the
files over has finished (its response sent, its own writes done), or at once outside a request,
and ends when no file is left. As no beat runs without a broker, a starting thread first takes up
what a stopped process left pending or half read (checking.inspected_files_requeue).

A database error (a locked SQLite file, a dropped connection) is not the file's fault: the file is
tried again after a pause, DB_RETRIES times; then it is left to the next starting thread's sweep.
"""

import logging
import queue
import threading
import time
import uuid

from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)
DB_RETRIES = 5
DB_PAUSE = 0.2  # seconds before the first retry, doubled for each next one

_files = queue.Queue()
_lock = threading.Lock()
_thread = None
_request = threading.local()  # .files: what the request this thread is serving handed over


def _check(file_id):
    from .checking import inspected_file_check  # connected at django.setup(): see reviews/receivers.py

    token = uuid.uuid4().hex  # one claim for all the tries: a retry takes up its own claim again
    for attempt in range(DB_RETRIES + 1):
        try:
            inspected_file_check(file_id=file_id, token=token)
            return
        except DatabaseError:
            connections.close_all()
            if attempt == DB_RETRIES:
                logger.exception("inspected file %s: database error, left for the next sweep", file_id)
                return
            time.sleep(DB_PAUSE * 2**attempt)
        except Exception:  # the thread goes on with the next file whatever this one does
            logger.exception("inspected file %s: check failed", file_id)
            return


def _run():
    from .checking import inspected_files_requeue  # connected at django.setup(): see reviews/receivers.py

    global _thread
    try:
        try:
            inspected_files_requeue(enqueue=_files.put)
        except DatabaseError:
            logger.exception("sweeping lost inspection checks failed")
        while True:
            with _lock:
                try:
                    file_id = _files.get_nowait()
                except queue.Empty:
                    _thread = None
                    return
            _check(file_id)
    finally:
        connections.close_all()


def _start(file_ids):
    global _thread
    with _lock:
        for file_id in file_ids:
            _files.put(file_id)
        if _thread is None:
            _thread = threading.Thread(target=_run, name="inspection-checks", daemon=True)
            _thread.start()


def background_checks_start(file_ids):
    """Check the files in this process's background thread, after the current request, if any."""
    during_request = getattr(_request, "files", None)
    if during_request is None:
        _start(list(file_ids))
    else:
        during_request.extend(file_ids)


def background_checks_wait(timeout=None):
    """Wait until the files handed over in this process are checked; True when they are (False:
    still checking after `timeout` seconds)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        with _lock:
            thread = _thread
        if thread is None:
            return True
        thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            return False


def _request_started(**kwargs):
    leftover = getattr(_request, "files", None)
    if leftover:  # handed over by a request whose end was never signalled
        _start(leftover)
    _request.files = []


def _request_finished(**kwargs):
    files, _request.files = getattr(_request, "files", None), None
    if files:
        _start(files)


def connect():
    request_started.connect(_request_started, dispatch_uid="reviews.inspections.background.started")
    request_finished.connect(_request_finished, dispatch_uid="reviews.inspections.background.finished")
