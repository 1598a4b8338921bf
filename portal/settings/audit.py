"""The audit trail's key and anchors (portal/audit/)."""

from django.core.exceptions import ImproperlyConfigured

from .base import BASE_DIR, DEBUG
from .env import env

# HMAC key of the audit chain. It must live outside the database (the environment, a secret
# store): whoever holds both could rewrite history. Changing it makes every event keyed before
# fail verification, so keep it as long as the events.
DEV_AUDIT_KEY = "dev-only-audit-key-not-a-secret-0123456789"
AUDIT_KEY = env("AUDIT_KEY", default=DEV_AUDIT_KEY if DEBUG else "")
if not DEBUG and (len(AUDIT_KEY) < 32 or AUDIT_KEY == DEV_AUDIT_KEY):
    raise ImproperlyConfigured("DEBUG=0 需要在环境变量中设置 AUDIT_KEY（审计链密钥，至少32个字符，不能使用开发默认值）。")

# Where each anchored chain head is appended (one JSON line each); with STORAGE_BUCKET set, a
# copy of each also goes to the bucket under audit-anchors/.
AUDIT_ANCHOR_DIR = env.path("AUDIT_ANCHOR_DIR", default=BASE_DIR / "var" / "audit-anchors")

# When beat anchors the chain's head every day (hour, minute; CELERY_TIMEZONE): the entry
# "anchor-audit-head" of beat's schedule, made in portal/celery.py.
AUDIT_ANCHOR_AT = (0, 5)
