"""20 users at once on the same reports through a real gunicorn server and PostgreSQL:
no lost update, no half-done transition, no server error.

A smaller run of bench/concurrent_edits.py (50 users); tests/reliability/edits.py has the
clients and the accounting. The server is a separate process, so the rows it must see are
committed (transactional test) and it reads the test database through DATABASE_URL.
"""

import os
import re
import secrets

import pytest
from django.db import connection

from tests.factories import PASSWORD

from .edits import account, run_clients, world_create
from .web import Server, server_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _database_url():
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _private_redis_url():
    """The CI Redis, another database: the PDFs approvals request are queued there, then dropped."""
    return re.sub(r"/\d*$", "", os.environ["REDIS_URL"]) + "/15"


def test_twenty_concurrent_users_lose_no_update_and_leave_nothing_half_done(tmp_path):
    world = world_create(reports=2, accountants=14, reviewers=6, password=PASSWORD, tag=secrets.token_hex(3))
    env = server_env(
        DJANGO_SETTINGS_MODULE="portal.settings.test",  # the test suite's password hasher, as world_create used
        DATABASE_URL=_database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        CACHE_URL=None,
        REDIS_URL=_private_redis_url(),
    )
    with Server(env=env, workers=2, threads=4, log_path=tmp_path / "gunicorn.log") as server:
        ledger, clients, login_errors = run_clients(base_url=server.base, world=world, duration=15, seed=0, approve_share=0.2)
        logged = server.logged_errors()
    import redis

    redis.Redis.from_url(_private_redis_url()).delete("celery")
    result = account(ledger=ledger, world=world, server_log_errors=logged)

    assert login_errors == [] and clients == 20
    assert result.problems == []
    assert (result.lost_updates, result.half_done, result.server_errors) == (0, 0, 0)
    # The run did race: saves were both acknowledged and refused as stale, and the reports moved.
    assert result.acknowledged["edit"] > 0 and result.refused["edit 409"] > 0
    assert result.acknowledged["submit"] > 0
