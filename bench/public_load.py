"""Load test of the public site: 2,000 published reports in PostgreSQL, gunicorn, concurrent load.

    .venv/bin/python bench/public_load.py [--reports 2000] [--duration 12] [--connections 16]

What it does, all on loopback:
1. (re)creates the database --database (default portal_bench) on the PostgreSQL server named by
   BENCH_ADMIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), migrates it and
   bulk-loads --reports published reports (consistent tables, narrative text) over a region tree;
2. starts gunicorn with DEBUG=0 (sync workers, --workers, default 2 per core) and, when a Redis
   answers on 127.0.0.1:6379, a shared Redis cache (db 13) so that every worker sees one page cache;
3. for each of the home, search and report pages: warms the cache, then drives load for
   --duration seconds from a second process (wrk when installed, else a threaded Python client)
   over many addresses (--report-pages distinct reports, several search words), and prints
   requests per second and p50/p95/p99 latency;
4. stops gunicorn and drops the database (unless --keep).

The target for report pages on a 2-core machine with the load generator on it: >= 500 requests
per second, p99 < 100 ms. Figures are printed, never asserted.
"""

import argparse
import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
YEARS = (2023, 2024)
DISTRICTS = ("江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区", "东西湖区", "蔡甸区", "江夏区")
TOPICS = (
    ("人力资源和社会保障局", "社保扶贫代缴"),
    ("教育局", "义务教育保障"),
    ("卫生健康局", "基本公共卫生服务"),
    ("民政局", "城乡低保救助"),
    ("农业农村局", "高标准农田建设"),
    ("住房和城乡建设局", "老旧小区改造"),
    ("交通运输局", "农村公路养护"),
    ("文化和旅游局", "公共文化服务"),
    ("生态环境局", "大气污染防治"),
    ("水务局", "河湖长制"),
)
LINE_POOL = (
    ("2010101", "行政运行"),
    ("2050202", "小学教育"),
    ("2080109", "社会保险经办机构"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2100408", "基本公共卫生服务"),
    ("2101101", "行政单位医疗"),
    ("2130104", "事业运行"),
    ("2210201", "住房公积金"),
)
SEARCH_WORDS = ("社保", "养老保险", "义务教育", "江夏区教育局", "公共卫生", "农田", "不存在的词")


# ---- database ----------------------------------------------------------------------------------


def recreate_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_reports(count):
    """Bulk-load `count` published reports; returns the public addresses of the reports."""
    import django

    django.setup()
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from disclosures.demo.synthetic import consistent_tables
    from disclosures.models import CodeRow, Department, NarrativeSection, Region, Report, ReportVersion, TableCell
    from disclosures.narrative_catalog import sections_for_year
    from disclosures.search import search_backend
    from disclosures.services import report_published_pointers_refresh

    per_department = len(YEARS)
    departments_needed = (count + per_department - 1) // per_department
    now = timezone.now()
    with transaction.atomic():
        city = Region.objects.create(code="420100", name="武汉市")
        regions = [Region.objects.create(code=f"4201{i + 2:02d}", name=name, parent=city) for i, name in enumerate(DISTRICTS)]
        departments = []
        n = 0
        while len(departments) < departments_needed:
            region = regions[n % len(regions)]
            topic, _ = TOPICS[(n // len(regions)) % len(TOPICS)]
            parent_code = f"{region.code}{n:05d}"
            parent = Department(region=region, code=parent_code, name=f"武汉市{region.name}{topic}")
            departments.append(parent)
            for u in range(4):
                if len(departments) >= departments_needed:
                    break
                departments.append(
                    Department(region=region, code=f"{parent_code}{u + 1:03d}", name=f"{parent.name}第{u + 1}服务中心")
                )
            n += 1
        # Parents first so that units can point at them.
        parents = Department.objects.bulk_create([d for d in departments if len(d.code) == 11])
        by_code = {d.code: d for d in parents}
        units = [d for d in departments if len(d.code) != 11]
        for unit in units:
            unit.parent = by_code[unit.code[:11]]
        Department.objects.bulk_create(units)
        departments = list(Department.objects.order_by("code"))

        reports = Report.objects.bulk_create(
            Report(department=d, year=year) for d in departments for year in YEARS
        )[:count]
        versions = ReportVersion.objects.bulk_create(
            ReportVersion(report=r, number=1, state="published", published_at=now, approved_at=now, submitted_at=now)
            for r in reports
        )
        sections, rows, cells = [], [], []
        for i, version in enumerate(versions):
            report = version.report
            topic_name, topic_words = TOPICS[i % len(TOPICS)]
            lines = []
            for j in range(3 + i % 4):
                code, name = LINE_POOL[(i + j) % len(LINE_POOL)]
                basic = Decimal(100000 + (i * 7919 + j * 104729) % 9000000)
                project = Decimal((i * 15485863 + j) % 5000000) if j % 2 else Decimal(0)
                lines.append((code, name, f"{basic}.00", f"{project}.00"))
            for data in consistent_tables(lines).values():
                for position, (code, name) in enumerate(data.code_rows):
                    rows.append(CodeRow(version=version, table=data.number, code=code, name=name, position=position))
                for (row, column), amount in data.cells.items():
                    if amount:
                        cells.append(TableCell(version=version, table=data.number, row=row, column=column, amount=amount))
            for s in sections_for_year(report.year):
                body = (
                    f"{report.department.name}{report.year}年度收入、支出决算总计较上年有所变化，"
                    f"主要原因是{topic_words}等重点工作支出增加。本部门认真落实{topic_name}职责，"
                    f"严格执行预算，厉行节约，压减一般性支出。"
                )
                sections.append(NarrativeSection(version=version, key=s.key, title=s.title, body=body, position=s.position))
        CodeRow.objects.bulk_create(rows, batch_size=5000)
        TableCell.objects.bulk_create(cells, batch_size=5000)
        NarrativeSection.objects.bulk_create(sections, batch_size=5000)
        report_published_pointers_refresh()
        search_backend().documents_rebuild()
    return [f"/reports/{v.report.department.code}/{v.report.year}/" for v in versions]


# ---- server ------------------------------------------------------------------------------------


def redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base, server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def warm(base, paths, workers=4):
    def get(path):
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            return response.status

    with ThreadPoolExecutor(workers) as pool:
        statuses = list(pool.map(get, paths))
    bad = [s for s in statuses if s != 200]
    if bad:
        raise SystemExit(f"warm-up: {len(bad)} answers were not 200")


def cpu_seconds(pids):
    """User + system CPU seconds used so far by these processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def server_pids(server):
    """gunicorn's master and its workers."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        children = []
    return [server.pid] + [int(pid) for pid in children]


def children_cpu_seconds():
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---- load generators ---------------------------------------------------------------------------

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = math.random(#paths)
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def drive_wrk(base, paths, *, duration, connections, threads, workdir):
    paths_file = workdir / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = workdir / "bench.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script), base + "/"],
        env=dict(os.environ, BENCH_PATHS=str(paths_file)),
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    requests, duration_us, errors, non2xx, p50, p95, p99 = (int(x) for x in line.split()[1:])
    return {
        "requests": requests,
        "rps": requests / (duration_us / 1e6),
        "errors": errors + non2xx,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
    }


def drive_python(base, paths, *, duration, connections):
    """The fallback load generator, run in a child process: threads with keep-alive connections."""
    result = subprocess.run(
        [PYTHON, __file__, "--drive", base, str(duration), str(connections)],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=True,
    )
    requests, elapsed, errors, p50, p95, p99 = result.stdout.split()
    return {
        "requests": int(requests),
        "rps": int(requests) / float(elapsed),
        "errors": int(errors),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
    }


def python_client_main(base, duration, connections):
    paths = [line for line in sys.stdin.read().splitlines() if line]
    host, port = base.removeprefix("http://").split(":")
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + int(duration)

    def run(offset):
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        i, mine, bad = offset, [], 0
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
                conn = http.client.HTTPConnection(host, int(port), timeout=5)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(n * 97,)) for n in range(int(connections))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100)
    print(len(latencies), elapsed, errors[0], q[49] * 1000, q[94] * 1000, q[98] * 1000)


# ---- main --------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 2))
    parser.add_argument("--duration", type=int, default=12, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--report-pages", type=int, default=300, help="distinct report addresses driven")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    admin_url = os.environ.get("BENCH_ADMIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = admin_url.rsplit("/", 1)[0] + "/" + args.database
    workdir = Path(tempfile.mkdtemp(prefix="public_load_"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(48),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    shared_cache = redis_available()
    if shared_cache:
        env["CACHE_URL"] = "redis://127.0.0.1:6379/13"
    else:
        env.pop("CACHE_URL", None)
    os.environ.update({k: v for k, v in env.items() if k != "CACHE_URL" or shared_cache})
    sys.path.insert(0, str(ROOT))

    print(f"database {args.database}: creating, migrating, loading {args.reports} published reports …", flush=True)
    recreate_database(admin_url, args.database)
    server = None
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        started = time.monotonic()
        report_paths = load_reports(args.reports)
        print(f"loaded {len(report_paths)} reports in {time.monotonic() - started:.1f} s", flush=True)

        port = args.port or free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
        server = subprocess.Popen(
            [gunicorn, "portal.wsgi:application", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base, server)
        step = max(1, len(report_paths) // args.report_pages)
        pages = {
            "home": ["/"],
            "search": [f"/search/?q={quote(word)}" for word in SEARCH_WORDS],
            "report": report_paths[::step][: args.report_pages],
        }
        use_wrk = shutil.which("wrk") is not None
        print(
            f"gunicorn: {args.workers} sync workers, DEBUG=0, cache: {'Redis (shared)' if shared_cache else 'local memory per worker'}; "
            f"load: {'wrk' if use_wrk else 'Python threads'} in a separate process, {args.connections} connections, "
            f"{args.duration} s per page",
            flush=True,
        )
        print(f"load average before the run: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        print(
            f"{'page':<8} {'addresses':>9} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>6} {'server CPU ms/req':>18} {'client CPU ms/req':>18}"
        )
        for name, paths in pages.items():
            warm(base, paths)
            pids = server_pids(server)
            server_before, client_before = cpu_seconds(pids), children_cpu_seconds()
            if use_wrk:
                figures = drive_wrk(
                    base, paths, duration=args.duration, connections=args.connections, threads=2, workdir=workdir
                )
            else:
                figures = drive_python(base, paths, duration=args.duration, connections=args.connections)
            server_cpu = (cpu_seconds(pids) - server_before) * 1000 / max(figures["requests"], 1)
            client_cpu = (children_cpu_seconds() - client_before) * 1000 / max(figures["requests"], 1)
            print(
                f"{name:<8} {len(paths):>9} {figures['requests']:>9} {figures['rps']:>8.0f} {figures['p50']:>8.1f} "
                f"{figures['p95']:>8.1f} {figures['p99']:>8.1f} {figures['errors']:>6} {server_cpu:>18.2f} {client_cpu:>18.2f}",
                flush=True,
            )
        print(
            "server CPU ms/req: gunicorn master and workers only (PostgreSQL and Redis not counted); "
            "client: the load generator. On a busy machine req/s and latency reflect the contention; "
            "the CPU figures do not."
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(admin_url, args.database)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        python_client_main(*sys.argv[2:5])
    else:
        main()
