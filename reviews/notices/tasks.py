"""The Celery task sending a notice's e-mail (services.mail_on_commit); registered through reviews/tasks.py."""

from celery import shared_task
from django.core.mail import send_mass_mail

import portal.celery  # noqa: F401  (the app these tasks are sent with; portal/__init__.py does not load it)
from portal.background import task_start


@shared_task(name="reviews.notice_mail")
def notice_mail(subject, body, recipients):
    """One message to each recipient, over one connection: no recipient sees the others'
    addresses, and a revision's hundreds of messages leave the request that made them."""
    return send_mass_mail([(subject, body, None, [address]) for address in recipients])


def notice_mail_start(*, subject, body, recipients):
    return task_start(notice_mail, subject, body, list(recipients))
