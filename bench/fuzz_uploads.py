"""Fuzzed uploads through the real upload page: server errors and partial writes must be 0.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_fuzz .venv/bin/python bench/fuzz_uploads.py --count 10000 [--seed 0]

What it does:
1. migrates the database named by DATABASE_URL (a temporary SQLite file when unset; the
   database is used as it is, never dropped), loads the reference codes and creates a
   department, a draft 2024 report and its accountant (names unique to this run);
2. starts gunicorn (DEBUG=0, --workers sync workers) on loopback and logs in through the
   login form, with CSRF, as that accountant (--jobs client processes, each on a report of its own);
3. draws --count uploads from tests/reliability/strategies.py (hypothesis, fixed --seed:
   official-layout workbooks with wrong types, huge and negative numbers, formulas, odd
   merged cells, missing sheets, truncated or damaged zips, XML entity tricks, zip bombs,
   heavy but legal workbooks just over the sheet/row/cell limits, control characters and
   direction overrides in names and texts…) and posts each to /workspace/reports/<pk>/upload/ like a browser;
4. after each, reads the version from the database and compares (tests/reliability/uploads.py):
   a rejected upload must leave cells, code lines, findings, revision and audit trail as they
   were; an accepted one must store exactly what workbook_read returns for the same bytes,
   and a name with a control character must have been refused;
5. prints the counts, the server's logged exceptions and the time; writes every failing
   upload to --failures (default /tmp/fuzz_failures) to replay; exits 1 if any server error,
   partial write or wrong verdict was seen.
"""

import argparse
import io
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_database(reports):
    """`reports` draft 2024 reports (one per department) and an accountant of them all."""
    import django

    django.setup()
    from django.core.management import call_command

    from disclosures.demo.synthetic import consistent_tables
    from disclosures.models import Department, Region
    from disclosures.services import report_create, version_replace_tables
    from portal.accounts.models import Role, User
    from tests.factories import GOOD_LINES, SAMPLE_DEPARTMENT

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_reference_codes", stdout=io.StringIO())
    tag = secrets.token_hex(4)
    region = Region.objects.create(code=f"F{tag}", name=f"模糊测试区{tag}")
    targets, departments = [], []
    for n in range(reports):
        # named as the sample workbook's 编制单位: another unit's workbook is held for confirmation (409), never imported
        department = Department.objects.create(region=region, code=f"F{tag}{n:02d}", name=SAMPLE_DEPARTMENT)
        report, version = report_create(department=department, year=2024)
        version_replace_tables(version=version, tables=consistent_tables(GOOD_LINES).values())
        targets.append((report.pk, version.pk))
        departments.append(department)
    password = secrets.token_urlsafe(16)
    user = User.objects.create_user(username=f"fuzz-{tag}", password=password, role=Role.ACCOUNTANT)
    user.departments.set(departments)
    return targets, user.username, password


def run_job(*, base, report_pk, version_pk, username, password, count, seed_value, progress=None):
    """Post `count` uploads to one report's upload page; the FuzzResult."""
    from tests.reliability.uploads import XLSX, fuzz
    from tests.reliability.web import Session

    session = Session(base)
    session.login(username, password)
    url = f"/workspace/reports/{report_pk}/upload/"
    session.get(url)

    def post(data, filename):
        response = session.post(url, files={"file": (filename, data, XLSX)})
        return response.status, response.body

    return fuzz(post=post, version_pk=version_pk, year=2024, count=count, seed_value=seed_value, progress=progress)


def child_main(argv):
    """One of --jobs processes: fuzz one report, print the counts as JSON, keep the failures."""
    base, report_pk, version_pk, username, count, seed_value, failures = argv
    import django

    django.setup()
    result = run_job(
        base=base, report_pk=int(report_pk), version_pk=int(version_pk), username=username,
        password=os.environ["FUZZ_PASSWORD"], count=int(count), seed_value=int(seed_value),
    )
    _write_failures(result.failures, Path(failures), prefix=f"s{seed_value}-")
    summary = [(outcome, description, filename, detail) for outcome, description, filename, _, detail in result.failures]
    print(json.dumps({"outcomes": dict(result.outcomes), "failures": summary, "seconds": result.seconds}, ensure_ascii=False))


def _write_failures(failures, folder, prefix=""):
    if not failures:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for i, (outcome, description, filename, data, detail) in enumerate(failures):
        (folder / f"{prefix}{i:04d}-{outcome}.xlsx").write_bytes(data)
        (folder / f"{prefix}{i:04d}-{outcome}.txt").write_text(f"{description}\nfilename: {filename}\n{detail}\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="client processes, each on a report of its own")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--failures", default="/tmp/fuzz_failures", help="folder for the uploads that failed")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fuzz_uploads_"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'fuzz.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("DEBUG", "1")  # this process is a development one; the servers it starts run DEBUG=0
    # The servers run DEBUG=0, which needs a real AUDIT_KEY; this process checks their audit chain with it.
    os.environ.setdefault("AUDIT_KEY", secrets.token_urlsafe(48))
    os.environ.pop("REDIS_URL", None)  # no Celery broker: nothing here queues tasks
    from tests.reliability.web import Server, server_env

    targets, username, password = setup_database(args.jobs)
    from django.db import connection

    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; {args.count} uploads in {args.jobs} job(s) "
        f"on reports {[pk for pk, _ in targets]}, seed {args.seed}",
        flush=True,
    )
    connection.close()
    env = server_env(STATIC_ROOT=str(workdir / "static"), REDIS_URL=None, CACHE_URL=None)
    server = Server(env=env, workers=args.workers, log_path=workdir / "gunicorn.log")
    failures = Path(args.failures)
    outcomes, summaries, started = Counter(), [], time.perf_counter()
    with server:
        shares = [args.count // args.jobs + (1 if i < args.count % args.jobs else 0) for i in range(args.jobs)]
        if args.jobs == 1:
            last = [time.monotonic()]

            def progress(result):
                if time.monotonic() - last[0] > 30:
                    last[0] = time.monotonic()
                    print(f"  {result.examples} uploads: {dict(result.outcomes)}", flush=True)

            report_pk, version_pk = targets[0]
            result = run_job(
                base=server.base, report_pk=report_pk, version_pk=version_pk, username=username, password=password,
                count=args.count, seed_value=args.seed, progress=progress,
            )
            outcomes.update(result.outcomes)
            summaries = [(o, d, f, detail) for o, d, f, _, detail in result.failures]
            _write_failures(result.failures, failures)
        else:
            children = [
                subprocess.Popen(
                    [sys.executable, __file__, "--child", server.base, str(report_pk), str(version_pk), username, str(share),
                     str(args.seed * 1000 + i), str(failures)],
                    env=dict(os.environ, FUZZ_PASSWORD=password), stdout=subprocess.PIPE, text=True,
                )
                for i, ((report_pk, version_pk), share) in enumerate(zip(targets, shares))
            ]
            for child in children:
                out, _ = child.communicate()
                if child.returncode != 0:
                    print(f"job {child.pid} failed with status {child.returncode}", file=sys.stderr)
                    outcomes["job_failed"] += 1
                    continue
                answer = json.loads(out.strip().splitlines()[-1])
                outcomes.update(answer["outcomes"])
                summaries += [tuple(f) for f in answer["failures"]]
        logged = server.logged_errors()
    seconds = time.perf_counter() - started
    examples = sum(v for k, v in outcomes.items() if k not in ("job_failed", "generator_error"))
    print(f"uploads posted:     {examples}")
    print(f"  accepted:         {outcomes['accepted']}")
    print(f"  rejected (400):   {outcomes['rejected']}")
    print(f"  held (409):       {outcomes['held']}  (another unit's workbook, shown for confirmation, nothing written)")
    print(f"server errors:      {outcomes['server_error']}  (HTTP 5xx, dropped connections; server log: {len(logged)} error lines)")
    print(f"partial writes:     {outcomes['partial_write']}")
    print(f"wrong verdicts:     {outcomes['wrong_verdict']}")
    print(f"time:               {seconds:.0f} s ({seconds / max(examples, 1) * 1000:.0f} ms per upload, generation and checks included)")
    for outcome, description, filename, detail in summaries[:20]:
        last_line = detail.strip().splitlines()[-1] if detail.strip() else ""
        print(f"- {outcome}: {description} [{filename[:40]}]\n    {last_line}")
    for line in logged[:10]:
        print(f"  server log: {line}")
    if summaries:
        print(f"failing uploads written to {failures}")
    bad = sum(outcomes[k] for k in ("server_error", "partial_write", "wrong_verdict", "job_failed", "generator_error"))
    ok = not bad and not logged and examples == args.count
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2:]))
    sys.exit(main())
