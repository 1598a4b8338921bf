import os

from celery import Celery, signals
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The daily entries need celery.schedules, which costs as much as Celery itself: it is made
# here, where Celery is loaded anyway, not in the settings that every process loads.
_hour, _minute = settings.AUDIT_ANCHOR_AT
app.conf.beat_schedule = {
    **settings.CELERY_BEAT_SCHEDULE,
    "anchor-audit-head": {"task": "audit.anchor_head", "schedule": crontab(hour=_hour, minute=_minute)},
    "deadline-notices": {
        "task": "reviews.deadline_notices",
        "schedule": crontab(hour=settings.NOTICE_DEADLINE_AT[0], minute=settings.NOTICE_DEADLINE_AT[1]),
    },
}


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def _mask_url_passwords(logger, **kwargs):
    """The worker and beat log through Celery's own handlers, not Django's LOGGING: no URL's
    password in their lines either."""
    from portal.redact import RedactCredentials

    for handler in logger.handlers:
        handler.addFilter(RedactCredentials())


@app.task(name="portal.ping")
def ping(value):
    """Round trip used by the health check and the broker test."""
    return {"pong": value}
