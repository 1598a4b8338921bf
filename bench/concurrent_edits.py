"""50 concurrent editors and reviewers on the same reports, over HTTP, against PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_fuzz REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/concurrent_edits.py [--clients 50] [--reports 3] [--duration 60] [--seed 0]

What it does (tests/reliability/edits.py holds the clients and the accounting):
1. refuses anything but PostgreSQL; migrates the database of DATABASE_URL (used as it is, never
   dropped) and creates --reports reports ready to submit, and --clients users: 70 % accountants
   of the reports' departments, 30 % reviewers of their region (names unique to this run);
2. starts gunicorn (DEBUG=0, --workers gthread workers with --threads threads each); with
   REDIS_URL set, approving queues the PDF for a Celery worker (none runs here), as in production;
3. every user logs in through the login form (CSRF) in a session of its own, then all act at
   once for --duration seconds: accountants save one 公开09表 budget figure through the entry
   form with the revision their page showed, or submit; reviewers return or approve;
4. compares the database with what every client was told and prints: operations acknowledged
   and refused, lost updates, half-done transitions, server errors; exits 1 unless all three are 0.
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--approve-share", type=float, default=0.1, help="of a reviewer's decisions")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must name a PostgreSQL database (SQLite cannot show what concurrent writers do).", file=sys.stderr)
        return 2
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DEBUG", "1")  # this process is a development one; the servers it starts run DEBUG=0
    # The servers run DEBUG=0, which needs a real AUDIT_KEY; this process checks their audit chain with it.
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tests.reliability.edits import account, run_clients, world_create
    from tests.reliability.web import Server, server_env

    call_command("migrate", "--noinput", verbosity=0)
    reviewers = max(1, round(args.clients * 0.3))
    world = world_create(
        reports=args.reports,
        accountants=args.clients - reviewers,
        reviewers=reviewers,
        password=secrets.token_urlsafe(16),
        tag=secrets.token_hex(3),
    )
    connections.close_all()
    print(
        f"database {connections['default'].settings_dict['NAME']}; {args.reports} reports, {args.clients - reviewers} accountants, "
        f"{reviewers} reviewers; gunicorn {args.workers} workers x {args.threads} threads; {args.duration:.0f} s; seed {args.seed}",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="concurrent_edits_"))
    env = server_env(STATIC_ROOT=str(workdir / "static"), CACHE_URL=None)
    started = time.monotonic()
    with Server(env=env, workers=args.workers, threads=args.threads, log_path=workdir / "gunicorn.log") as server:
        ledger, clients, login_errors = run_clients(
            base_url=server.base, world=world, duration=args.duration, seed=args.seed, approve_share=args.approve_share
        )
        logged = server.logged_errors()
    elapsed = time.monotonic() - started
    result = account(ledger=ledger, world=world, server_log_errors=logged)
    requests = len(ledger.entries)
    print(f"clients logged in:        {clients} of {args.clients}" + (f" ({len(login_errors)} failed: {login_errors[:3]})" if login_errors else ""))
    print(f"operations posted:        {requests} in {elapsed:.0f} s (pages loaded before each not counted)")
    print(f"  acknowledged (302):     {dict(result.acknowledged)}")
    print(f"  refused:                {dict(result.refused)}")
    for reason, count in result.reasons.most_common(6):
        print(f"    {count:>5}  {reason}")
    print(f"final states:             {dict(result.final_states)}")
    print(f"lost updates:             {result.lost_updates}")
    print(f"half-done transitions:    {result.half_done}")
    print(f"server errors:            {result.server_errors}")
    for problem in result.problems[:20]:
        print(f"- {problem}")
    ok = not (result.lost_updates or result.half_done or result.server_errors or login_errors) and clients == args.clients
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
