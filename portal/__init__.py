"""The portal project: settings, URLs, accounts, audit.

The Celery app (portal/celery.py) is not imported here, as Django's Celery recipe has it: the
settings live in this package, so every process, every management command, would load
Celery before anything else (a sixth of django.setup(), bench/command_start.py). The modules
that define tasks import it instead, and `celery -A portal` finds it as portal.celery.
"""
