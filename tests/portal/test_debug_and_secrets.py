"""Issue 16, point 7: DEBUG is off unless the environment turns it on, and no error page or log
line shows the password of a connection URL (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, CACHE_URL)."""

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from portal.error_reports import CredentialsFilter
from portal.redact import mask_url_credentials

PASSWORDS = {
    "REDIS_URL": "redis-setting-password",
    "CELERY_BROKER_URL": "broker-setting-password",
    "CELERY_RESULT_BACKEND": "backend-setting-password",
    "CACHES": "cache-setting-password",
    "DATABASE_URL": "database-env-password",
    "frame": "frame-local-password",
    "exception": "exception-password",
}


def clean_env(**extra):
    """Only what a process needs to start: no DEBUG, no DATABASE_URL, nothing from this shell."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "portal.settings", **extra}


def run(code, *, env, cwd):
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_debug_is_off_when_the_environment_does_not_set_it(project_root):
    code = "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)"
    keys = {"SECRET_KEY": secrets.token_urlsafe(50), "AUDIT_KEY": secrets.token_urlsafe(50)}
    result = run(code, env=clean_env(**keys), cwd=project_root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["DEBUG", "False"]
    # ...and on only when asked, as `make run` and pytest.ini do.
    result = run(code, env=clean_env(DEBUG="1"), cwd=project_root)
    assert result.stdout.split()[-2:] == ["DEBUG", "True"], result.stderr


def test_the_image_and_make_run_leave_debug_to_the_environment(project_root):
    dockerfile = (project_root / "Dockerfile").read_text()
    assert "ENV DEBUG" not in dockerfile and "DEBUG=1" not in dockerfile
    makefile = (project_root / "Makefile").read_text()
    assert "export DEBUG ?= 1" in makefile


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.error_urls")
def test_the_debug_error_page_shows_no_connection_password(settings):
    settings.DEBUG = True
    settings.REDIS_URL = f"redis://:{PASSWORDS['REDIS_URL']}@redis.internal:6379/0"
    settings.CELERY_BROKER_URL = f"redis://:{PASSWORDS['CELERY_BROKER_URL']}@redis.internal:6379/0"
    settings.CELERY_RESULT_BACKEND = f"redis://user:{PASSWORDS['CELERY_RESULT_BACKEND']}@redis.internal:6379/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"redis://:{PASSWORDS['CACHES']}@redis.internal:6379/1",
        }
    }
    client = Client(raise_request_exception=False)
    # The development server puts the whole environment into request.META.
    response = client.get("/fail/", DATABASE_URL=f"postgres://portal:{PASSWORDS['DATABASE_URL']}@db.internal/portal")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" in body and "REDIS_URL" in body and "DATABASE_URL" in body  # the technical page
    assert "redis.internal" in body  # the URLs are shown, only their passwords are not
    leaked = [name for name, password in PASSWORDS.items() if password in body]
    assert leaked == []


def test_the_report_filter_masks_database_passwords_and_urls_in_nested_settings():
    cleansed = CredentialsFilter().cleanse_setting(
        "DATABASES",
        {"default": {"PASSWORD": "db-pass", "HOST": "db", "OPTIONS": {"service": "postgres://u:nested-pass@db/x"}}},
    )
    assert "db-pass" not in str(cleansed) and "nested-pass" not in str(cleansed)
    assert cleansed["default"]["OPTIONS"]["service"] == "postgres://u:********@db/x"


def test_masking_keeps_urls_without_a_password():
    assert mask_url_credentials("redis://redis:6379/0 and https://example.gov.cn/a@b") == (
        "redis://redis:6379/0 and https://example.gov.cn/a@b"
    )
    assert mask_url_credentials("amqp://guest:guest@mq//") == "amqp://guest:********@mq//"


LOGS = """
import logging, django
django.setup()
logging.getLogger("portal.startup").info("broker %s", "redis://:log-arg-password@redis.internal:6379/0")
try:
    raise ConnectionError("cannot reach postgres://portal:log-traceback-password@db.internal/portal")
except ConnectionError:
    logging.getLogger("django.request").exception("Internal Server Error: /x/")
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_log_lines_show_no_connection_password(project_root, debug):
    env = clean_env(
        DEBUG=debug,
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(50),
        REDIS_URL="redis://:redis-env-password@127.0.0.1:1/0",
    )
    result = run(LOGS, env=env, cwd=project_root)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "redis.internal" in output and "db.internal" in output
    for password in ("log-arg-password", "log-traceback-password", "redis-env-password"):
        assert password not in output


def test_compose_runs_beat_with_the_portals_image_keys_and_anchors(project_root):
    """Issue 16, point 10: beat runs beside the worker (a killed worker's render waits for its
    sweeper), in production mode, with the audit key and the anchors' volume."""
    import yaml

    services = yaml.safe_load((project_root / "docker-compose.yml").read_text())["services"]
    beat = services["beat"]
    assert beat["command"][:4] == ["celery", "-A", "portal", "beat"]
    assert beat["build"] == services["worker"]["build"] == services["web"]["build"]
    assert beat["restart"] == "unless-stopped"
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DEBUG"] == "0"
        assert "AUDIT_KEY" in environment and "SECRET_KEY" in environment
        assert "audit-anchors:/app/var/audit-anchors" in services[name]["volumes"]
