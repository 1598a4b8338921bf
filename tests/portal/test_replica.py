"""Read replicas (portal/replica.py), with two real SQLite files, each process with its own
settings: with DATABASE_REPLICA_URL set, an anonymous visitor's public pages and API read from
the replica, everyone else reads from the primary, and every write goes to the primary. The
replica is a copy of the primary's file in which one department has another name, so a page
shows which database it read."""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

PRIMARY_NAME = "主库中的单位名称"
REPLICA_NAME = "只读副本中的单位名称"

SETUP = f"""
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from disclosures.models import VersionState
from portal.accounts.models import Role
from tests.factories import make_department, make_region, make_report, make_user
region = make_region()
department = make_department(region, name="{PRIMARY_NAME}")
make_report(department, state=VersionState.PUBLISHED, complete=False)
make_user(Role.REVIEWER, region=region, username="reviewer")
make_user(Role.ADMIN, username="admin")
print(json.dumps({{"code": department.code}}))
"""

READS = """
import json, sys, django
django.setup()
from django.db import connections, router
from django.test import Client
from disclosures.models import Department, Region
from portal.accounts.models import User
from portal.replica import replica_reads

code, written_region = sys.argv[1], sys.argv[2]
result = {"aliases": sorted(connections.settings)}
anonymous = Client()
result["report_page"] = anonymous.get(f"/reports/{code}/2024/").content.decode()
result["api"] = anonymous.get("/api/v1/reports/").content.decode()
reviewer = Client()
reviewer.force_login(User.objects.get(username="reviewer"))
result["signed_in_report_page"] = reviewer.get(f"/reports/{code}/2024/").content.decode()
result["dashboard"] = reviewer.get("/review/").content.decode()
admin = Client()
admin.force_login(User.objects.get(username="admin"))
result["admin_status"] = admin.get("/admin/disclosures/department/").status_code
with replica_reads():
    result["write_alias"] = router.db_for_write(Department)
    department = Department.objects.get(code=code)  # read where the public side reads
    result["read_there"] = department.name
    department.aliases = "写入的别名"
    department.save(update_fields=["aliases"])
    Region.objects.create(code=written_region, name="写入的地区")
print(json.dumps(result, ensure_ascii=False))
"""


def run(args, env, project_root):
    result = subprocess.run([sys.executable, *args], cwd=project_root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def heading(html):
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def rows(path, sql, *params):
    with sqlite3.connect(path) as db:
        return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    """(folder, department code): the primary migrated with one published report, and the
    replica, a copy of it (the primary's rows, as streaming replication keeps them) in which
    the department has another name."""
    folder = tmp_path_factory.mktemp("replica")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env = {name: value for name, value in environment(env, folder, replica=False).items() if value is not None}
    code = run(["-c", SETUP], env, PROJECT_ROOT)["code"]
    shutil.copyfile(folder / "primary.sqlite3", folder / "replica.sqlite3")
    with sqlite3.connect(folder / "replica.sqlite3") as db:
        db.execute("UPDATE disclosures_department SET name = ? WHERE code = ?", (REPLICA_NAME, code))
    return folder, code


def environment(base, folder, *, replica):
    changes = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{folder / 'primary.sqlite3'}",
        "DATABASE_REPLICA_URL": f"sqlite:///{folder / 'replica.sqlite3'}" if replica else None,
        "REDIS_URL": None,
        "CACHE_URL": None,
        "MEDIA_ROOT": str(folder / "media"),
    }
    return {**{k: v for k, v in base.items() if k not in changes}, **{k: v for k, v in changes.items() if v is not None}}


def test_public_reads_come_from_the_replica_and_writes_go_to_the_primary(databases, subprocess_env, project_root):
    folder, code = databases
    primary, replica = folder / "primary.sqlite3", folder / "replica.sqlite3"
    env = environment(subprocess_env(), folder, replica=True)
    check = subprocess.run([sys.executable, "manage.py", "check"], cwd=project_root, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    result = run(["-c", READS, code, "999991"], env, project_root)

    assert result["aliases"] == ["default", "replica"]
    # The anonymous public side reads the replica … (the page's heading: its body is the version's
    # stored artifact, built once at publication from the primary, as the replica copied it)
    assert REPLICA_NAME in heading(result["report_page"]) and PRIMARY_NAME not in heading(result["report_page"])
    assert REPLICA_NAME in result["api"] and PRIMARY_NAME not in result["api"]
    # … a signed-in user, the workspace and review pages and the admin read the primary.
    assert PRIMARY_NAME in result["signed_in_report_page"] and REPLICA_NAME not in result["signed_in_report_page"]
    assert PRIMARY_NAME in result["dashboard"] and REPLICA_NAME not in result["dashboard"]
    assert result["admin_status"] == 200

    # Writes go to the primary, even while reads go to the replica.
    assert result["write_alias"] == "default" and result["read_there"] == REPLICA_NAME
    assert rows(primary, "SELECT aliases FROM disclosures_department WHERE code = ?", code) == [("写入的别名",)]
    assert rows(replica, "SELECT aliases FROM disclosures_department WHERE code = ?", code) == [("",)]
    assert rows(primary, "SELECT name FROM disclosures_region WHERE code = '999991'") == [("写入的地区",)]
    assert rows(replica, "SELECT name FROM disclosures_region WHERE code = '999991'") == []
    # The saved row kept the primary's name: the write named only the field it changed.
    assert rows(primary, "SELECT name FROM disclosures_department WHERE code = ?", code) == [(PRIMARY_NAME,)]


def test_without_a_replica_everything_reads_the_primary(databases, subprocess_env, project_root):
    """DATABASE_REPLICA_URL unset: the public page shows the primary's name, although a
    replica's file lies beside it."""
    folder, code = databases
    result = run(["-c", READS, code, "999992"], environment(subprocess_env(), folder, replica=False), project_root)
    assert result["aliases"] == ["default"]
    assert PRIMARY_NAME in result["report_page"] and REPLICA_NAME not in result["report_page"]
    assert result["write_alias"] == "default" and result["read_there"] == PRIMARY_NAME
