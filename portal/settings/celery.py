"""Celery: a real broker when REDIS_URL is set, eager in-process tasks otherwise.

The database, not the broker, is the record of every PDF render (RenderedDocument is its
outbox): Redis may lose its queue (this deployment keeps nothing on disk) and a worker may
be killed mid-render. Three things recover from that:

- acks_late + reject_on_worker_lost: a pool process killed mid-task has its message put
  back at once, and the render is claimed again by the same message (same task id).
- the lease: a render claimed more than PDF_RENDER_LEASE_SECONDS ago whose worker is gone
  (the whole worker killed, its message unacknowledged) may be claimed again.
- the sweeper (beat, every PDF_RENDER_SWEEP_SECONDS; or `manage.py render_pending`): re-queues
  pending renders queued more than PDF_RENDER_REQUEUE_SECONDS ago (the message may have
  been lost with Redis) and renders whose lease ran out.
"""

from datetime import timedelta

from .env import env

REDIS_URL = env("REDIS_URL", default="")

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, long work started through portal.background (the reports of a new year,
# re-checking a year's reports after a rule revision, notices' mail, the 公开检查's checks) runs in
# a thread of the web process, so the request returns and its page polls the progress. Off in the
# test settings: it runs in the caller.
EAGER_TASKS_IN_THREAD = env.bool("EAGER_TASKS_IN_THREAD", default=True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"

# A render is stopped after PDF_RENDER_TIME_LIMIT seconds (prefork pool), so a claim older
# than the lease is surely dead; the lease is the limit plus a margin.
PDF_RENDER_TIME_LIMIT = env.int("PDF_RENDER_TIME_LIMIT", default=300)
PDF_RENDER_LEASE_SECONDS = env.int("PDF_RENDER_LEASE_SECONDS", default=PDF_RENDER_TIME_LIMIT + 60)
# A pending render queued this long ago and still pending: its message is presumed lost.
PDF_RENDER_REQUEUE_SECONDS = env.int("PDF_RENDER_REQUEUE_SECONDS", default=300)
# Workers scale by queue: the queue renders are sent to, and the one the 公开检查's checks of
# published PDFs are; empty is Celery's default queue ("celery", what `celery worker` consumes
# without -Q). docker-compose.yml names both and its worker consumes all three; a deployment runs
# as many workers on each as its load needs (`celery -A portal worker -Q renders`).
PDF_RENDER_QUEUE = env("PDF_RENDER_QUEUE", default="")
INSPECTION_CHECK_QUEUE = env("INSPECTION_CHECK_QUEUE", default="")
# By task name (disclosures/tasks.py, reviews/inspections/tasks.py; tests/portal/test_task_queues.py
# checks that each names a registered task). The enqueue functions also name the queue, read when
# they run.
CELERY_TASK_ROUTES = {
    task: {"queue": queue}
    for task, queue in (
        ("disclosures.render_document", PDF_RENDER_QUEUE),
        ("reviews.check_inspected_file", INSPECTION_CHECK_QUEUE),
    )
    if queue
}
PDF_RENDER_SWEEP_SECONDS = env.int("PDF_RENDER_SWEEP_SECONDS", default=60)

# Redis hands an unacknowledged message (its worker killed outright) to another worker after
# the visibility timeout. It must exceed the longest wait of a message held by a worker: a
# retry's countdown (at most 750 s, disclosures.tasks) and a render (the time limit); else
# Redis would hand out messages still being waited on. 900 s rather than Celery's 1 h: the
# sweeper recovers a killed render after the lease, and this is the broker's own second line.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 900}

CELERY_BEAT_SCHEDULE = {
    "requeue-lost-renders": {"task": "disclosures.requeue_renders", "schedule": timedelta(seconds=PDF_RENDER_SWEEP_SECONDS)},
    # A worker killed between storing a PDF and publishing its version leaves it approved.
    "publish-due-reports": {"task": "reviews.publish_due", "schedule": timedelta(minutes=10)},
    # A published PDF uploaded for the 公开检查 whose message was lost, or whose check was cut off.
    "requeue-lost-inspection-checks": {"task": "reviews.requeue_inspected_files", "schedule": timedelta(seconds=PDF_RENDER_SWEEP_SECONDS)},
    # Kept public check results older than PUBLIC_CHECK_KEEP_DAYS (they are no longer shown already).
    "purge-expired-kept-checks": {"task": "reviews.purge_kept_checks", "schedule": timedelta(hours=6)},
}

# Reminders of a year's 报送截止 and 公开截止 (reviews.notices): a notice and an e-mail to the
# accountants of each report not yet submitted / published, on each of these days before it.
NOTICE_DEADLINE_DAYS = tuple(env.list("NOTICE_DEADLINE_DAYS", cast=int, default=[7, 3, 1]))
NOTICE_DEADLINE_AT = (8, 0)  # the daily "deadline-notices" entry of beat (portal/celery.py)
