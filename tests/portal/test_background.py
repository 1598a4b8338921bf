"""portal.background without a broker: jobs run one after another in one thread per lane, after
the caller's transaction commits and, during a request, after the request has finished; a database
error is tried again with a pause, then the job is dropped; a lane's sweeps run when its thread
starts; background_wait waits for them all. Without EAGER_TASKS_IN_THREAD a job runs in its caller."""

import logging
import threading
import time

import pytest
from django.core import mail
from django.db import OperationalError, connection, transaction

from portal import background
from portal.background import background_jobs, background_sweep_register, background_wait, job_start, task_start
from reviews.notices.tasks import notice_mail

from .background_urls import RAN

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_thread(settings):
    settings.EAGER_TASKS_IN_THREAD = True
    yield
    assert background_wait(timeout=60), "background jobs still running after the test"


@pytest.fixture
def lane(request):
    return f"test-{request.node.name}"  # a lane of its own: its sweeps stay its own


def test_jobs_run_one_after_another_in_the_order_handed_over_in_one_thread_not_the_caller_s(lane):
    log, threads = [], set()

    def job(n):
        threads.add(threading.get_ident())
        log.append(("start", n))
        time.sleep(0.02)
        log.append(("end", n))

    assert [job_start(job, n, lane=lane) for n in range(5)] == ["thread"] * 5
    assert background_wait(timeout=60)
    assert log == [(event, n) for n in range(5) for event in ("start", "end")]
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert background_jobs() == {}


def test_a_job_is_handed_over_when_its_transaction_commits_and_never_when_it_rolls_back(lane):
    log = []
    with transaction.atomic():
        job_start(log.append, "committed", lane=lane, name="record")
        assert background_jobs() == {}  # not yet: the transaction may still roll back
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        job_start(log.append, "rolled back", lane=lane)
        1 / 0
    assert background_wait(timeout=60)
    assert log == ["committed"]


@pytest.mark.urls("tests.portal.background_urls")
def test_a_job_started_during_a_request_starts_after_the_request_has_finished(lane, client):
    RAN.clear()
    seen = client.get("/start/", {"lane": lane}).json()
    assert seen == {"how": "thread", "handed_over": {}, "ran": []}  # in the request: neither handed over nor run
    assert background_wait(timeout=60)
    assert RAN == [lane]


def test_a_database_error_is_tried_again_after_a_pause_then_the_job_is_dropped_and_the_next_runs(lane, monkeypatch, caplog):
    monkeypatch.setattr(background, "DB_PAUSE", 0.01)
    calls = {"flaky": 0, "broken": 0, "failing": 0}
    log = []

    def flaky():
        calls["flaky"] += 1
        if calls["flaky"] < 3:
            raise OperationalError("database is locked")
        log.append("flaky done")

    def broken():
        calls["broken"] += 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")  # a real database error, every time

    def failing():
        calls["failing"] += 1
        raise ValueError("not the database's fault")

    start = time.monotonic()
    for job in (flaky, broken, failing):
        job_start(job, lane=lane)
    job_start(log.append, "next", lane=lane)
    with caplog.at_level(logging.ERROR, logger="portal.background"):
        assert background_wait(timeout=60)
    assert calls == {"flaky": 3, "broken": background.DB_RETRIES + 1, "failing": 1}  # any other error: not again
    assert log == ["flaky done", "next"]
    assert time.monotonic() - start >= 0.01 * (1 + 2) + 0.01 * (2**background.DB_RETRIES - 1)  # the pauses, doubling
    dropped = [r.getMessage() for r in caplog.records]
    assert any("broken" in m and f"database error {background.DB_RETRIES + 1} times, dropped" in m for m in dropped)
    assert any("failing" in m and "failed" in m for m in dropped)


def test_a_lane_s_sweeps_run_each_time_its_thread_starts_before_its_jobs(lane):
    log = []

    def sweep():
        log.append("sweep")
        job_start(log.append, "swept", lane=lane)  # what a stopped process left: after what is handed over

    background_sweep_register(sweep, lane=lane)
    background_sweep_register(sweep, lane=lane)  # once is enough
    job_start(log.append, "handed over", lane=lane)
    assert background_wait(timeout=60)
    assert log == ["sweep", "handed over", "swept"]
    job_start(log.append, "again", lane=lane)  # the thread ended with its last job: a new one sweeps again
    assert background_wait(timeout=60)
    assert log == ["sweep", "handed over", "swept", "sweep", "again", "swept"]
    job_start(log.append, "elsewhere", lane=f"{lane}-other")  # another lane does not run this one's sweeps
    assert background_wait(timeout=60)
    assert log[6:] == ["elsewhere"]


def test_a_failing_sweep_is_logged_and_the_jobs_still_run(lane, caplog):
    log = []

    def sweep():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    background_sweep_register(sweep, lane=lane)
    job_start(log.append, "job", lane=lane)
    with caplog.at_level(logging.ERROR, logger="portal.background"):
        assert background_wait(timeout=60)
    assert log == ["job"] and any("sweep" in r.getMessage() for r in caplog.records)


def test_wait_says_false_while_a_job_runs_past_the_timeout_and_true_once_all_are_done(lane):
    release = threading.Event()
    job_start(release.wait, 60, lane=lane, name="held")
    job_start(time.sleep, 0, lane=lane, name="after")
    job_start(time.sleep, 0, lane=f"{lane}-other", name="elsewhere")
    assert background_wait(timeout=0.1) is False
    assert background_jobs() == {lane: ["held", "after"]}  # running first, then waiting
    release.set()
    assert background_wait(timeout=60) is True
    assert background_jobs() == {}


def test_a_celery_task_runs_in_the_thread_without_a_broker_and_in_its_caller_without_eager_tasks_in_thread(settings):
    assert task_start(notice_mail, "通知", "正文", ["a@example.com"]) == "thread"
    assert background_wait(timeout=60)
    assert [m.to for m in mail.outbox] == [["a@example.com"]]
    settings.EAGER_TASKS_IN_THREAD = False
    with transaction.atomic():
        assert task_start(notice_mail, "通知", "正文", ["b@example.com"]) == "inline"
        assert [m.to for m in mail.outbox] == [["a@example.com"], ["b@example.com"]]  # at once, before the commit
    log = []
    assert job_start(log.append, "inline") == "inline" and log == ["inline"]
    assert background_jobs() == {}
