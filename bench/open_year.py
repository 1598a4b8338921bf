"""开启新年度 for many units: how long the confirmation request takes, how long the background run
takes to create every report, and how long a second run takes (it creates nothing).

Runs on a fresh database it migrates itself: a temporary SQLite file by default (the embedded
default: no broker, the run in a thread of the process), or the PostgreSQL database named with
--database-url (it is flushed first: never point it at a database you need).

    .venv/bin/python bench/open_year.py [--units 2000] [--database-url postgres://postgres@127.0.0.1:5432/portal_bench]
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="open-year-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["EAGER_TASKS_IN_THREAD"] = "1"
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from disclosures.models import Department, Region, Report
    from portal.accounts.models import Role, User
    from portal.background import background_wait
    from reviews.models import YearOpeningRun
    from reviews.new_year.reports import year_open_reports_run

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    region = Region.objects.create(code="420114", name="蔡甸区")
    Department.objects.bulk_create(
        Department(region=region, code=f"U{n:05d}", name=f"测试单位{n}") for n in range(args.units)
    )
    admin = User.objects.create_superuser(username="bench-admin", password="bench-password-0123", role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    url = "/admin/disclosures/reportingyear/open/"
    form = {"year": 2025, "source_year": 2024, "submit_deadline": "2026-05-31", "approval_date": "2026-06-20",
            "publish_deadline": "2026-07-10", "scope": "all"}
    start = time.perf_counter()
    page = client.post(url, {**form, "preview": "核对变动"}).content.decode()
    preview = time.perf_counter() - start
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', page).group(1)
    start = time.perf_counter()
    response = client.post(url, {**form, "confirm": "确认", "digest": digest})
    answered = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    background_wait()
    finished = time.perf_counter() - start
    run = YearOpeningRun.objects.get()
    start = time.perf_counter()
    again = year_open_reports_run(run_id=run.pk)
    YearOpeningRun.objects.filter(pk=run.pk).update(status="running")
    again += year_open_reports_run(run_id=run.pk)
    second = time.perf_counter() - start
    vendor = django.db.connection.vendor
    print(f"{args.units} units on {vendor}: preview {preview:.1f} s; the confirmation answered in {answered:.1f} s; "
          f"the run ({run.status}) created {run.reports_created} reports in {finished:.1f} s from the confirmation "
          f"({finished / max(run.reports_created, 1) * 1000:.0f} ms a report); a second run created {again} in {second:.1f} s; "
          f"reports of 2025: {Report.objects.filter(year=2025).count()}")


if __name__ == "__main__":
    main()
