"""Settings: deploy checks pass, Celery is eager without Redis, the interface is Chinese, CSP is sent."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.celery import ping


def run_python(args, *, env, cwd):
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def test_deploy_checks_pass_with_debug_off(subprocess_env, project_root):
    env = subprocess_env(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        AUDIT_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="portal.example.gov.cn",
        # Defaults only: SQLite, eager Celery, the hardening in security.py as shipped.
        DATABASE_URL=None,
        REDIS_URL=None,
        CACHE_URL=None,
        SECURE_SSL_REDIRECT=None,
        SECURE_HSTS_SECONDS=None,
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env, cwd=project_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_celery_runs_tasks_eagerly_without_redis(subprocess_env, project_root):
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from portal.celery import app, ping\n"
        "print(json.dumps({'setting': settings.CELERY_TASK_ALWAYS_EAGER,"
        " 'app': app.conf.task_always_eager, 'result': ping.delay(3).get(timeout=10)}))\n"
    )
    result = run_python(["-c", code], env=subprocess_env(REDIS_URL=None), cwd=project_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "setting": True,
        "app": True,
        "result": {"pong": 3},
    }


def test_celery_is_eager_exactly_when_redis_url_is_unset():
    assert settings.CELERY_TASK_ALWAYS_EAGER is not bool(os.environ.get("REDIS_URL"))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert ping.delay(5).get(timeout=10) == {"pong": 5}


def test_interface_is_simplified_chinese_on_beijing_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert timezone.get_default_timezone_name() == "Asia/Shanghai"


@pytest.mark.django_db
def test_login_page_is_served_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert re.search(r'<html[^>]*\blang="zh-hans"', response.content.decode(), re.IGNORECASE)


@pytest.mark.django_db
def test_responses_carry_the_content_security_policy(client):
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    response = client.get("/accounts/login/")
    assert "Content-Security-Policy-Report-Only" not in response.headers
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.services("postgresql")
@pytest.mark.django_db
def test_database_url_selects_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["NAME"].startswith("test_")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_production_refuses_the_development_secret_key(project_root, subprocess_env):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=project_root,
        env=subprocess_env(DEBUG="0", SECRET_KEY=None, ALLOWED_HOSTS="portal.example.gov.cn", DATABASE_URL=None),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


SQLITE_WRITERS = """
import json, sys, threading, time, django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE events (name TEXT)")
connection.close()
read, errors = threading.Event(), []

def reader_then_writer():  # what a render's store step does: read, then write
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM events")
                read.set()
                time.sleep(0.5)
                cursor.execute("INSERT INTO events VALUES ('a')")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        read.set()
        connection.close()

def writer():
    read.wait(5)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO events VALUES ('b')")
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=reader_then_writer), threading.Thread(target=writer)]
for t in threads: t.start()
for t in threads: t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT name FROM events ORDER BY name")
    print(json.dumps({"rows": [r[0] for r in cursor.fetchall()], "errors": errors}))
"""


def test_two_connections_writing_one_sqlite_file_wait_for_each_other(subprocess_env, project_root, tmp_path):
    # The web process and a worker share the SQLite file of the default setup (two connections
    # of one process stand for them here): a transaction that reads and then writes must wait
    # for the other writer, not fail at once with "database is locked".
    env = subprocess_env(DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    result = run_python(["-c", SQLITE_WRITERS], env=env, cwd=project_root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"rows": ["a", "b"], "errors": []}
