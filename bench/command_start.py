"""How long a management command takes to start, beside Django's own start and bare Python.

    .venv/bin/python bench/command_start.py [--runs 9] [--json]

Issue #20's goal: a management command starts in at most 0.3 s (it was 0.5–0.7 s: every
command imported the URL configuration's views, the admin and the Excel writer). Each line is
a fresh process, run --runs times in turn with the others; the figures are medians of its wall
time and of its CPU time (user + system, from the kernel's accounting of the child): on a
shared machine the CPU time is the steadier figure, and the verdict reads it. The anchors:

- bare Python: `python -c pass`, the interpreter alone;
- Django alone: `django.setup()` with no installed app (settings.configure()), Django's floor;
- django.setup(): the portal's settings and apps, what every command pays first.

The commands are run with --help (parsed, not executed: no database needed) and, for
review_workbook, on the sample workbook (the real work included, no database written).
The goal in seconds was set on a machine where Django alone started in about 0.13 s; this
shared machine runs the same code 1.5–2.5× slower from one hour to the next. So the verdict also
reads the goal as the issue's ratio: the slowest command at 0.5–0.7 s was to come down to 0.3 s,
at most 0.43 of itself (the strict end). Before this work (commit d8765d3^) review_workbook --help
ran 3.81× the instructions of Django alone (callgrind: 3.09 G against 0.81 G), so the goal is at
most 0.43 × 3.81 = 1.63× Django alone in the same run. --instructions counts each line's
instructions once under callgrind (valgrind; about half a minute a line): unlike seconds, the
count is the same from run to run whatever else the machine is doing.

Project modules are read from bytecode compiled at install (`make install` runs compileall: this
environment and the Dockerfile set PYTHONDONTWRITEBYTECODE, so Python would otherwise compile
every module of the portal again in every process).

Prints figures; asserts nothing. With --json one object on the last line (bench/scale.py).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SAMPLE = ROOT / "tests" / "fixtures" / "workbooks" / "caidian-2024.xlsx"
GOAL = 0.3
# The goal as a ratio to Django alone: 0.3 s of the 0.7 s (the strict end of 0.5–0.7 s),
# times review_workbook --help's instructions over Django alone's before this work (3.09 G / 0.81 G).
GOAL_RATIO = round(0.3 / 0.7 * 3.81, 2)

PORTAL_SETUP = "import django; django.setup()"
DJANGO_ALONE = "import django; from django.conf import settings; settings.configure(); django.setup()"


def lines(database):
    manage = str(ROOT / "manage.py")
    return [
        ("bare Python", [PYTHON, "-c", "pass"], False),
        ("Django alone (no apps)", [PYTHON, "-c", DJANGO_ALONE], False),
        ("django.setup() (the portal's apps)", [PYTHON, "-c", PORTAL_SETUP], False),
        ("review_workbook --help", [PYTHON, manage, "review_workbook", "--help"], True),
        ("import_workbook --help", [PYTHON, manage, "import_workbook", "--help"], True),
        ("render_report --help", [PYTHON, manage, "render_report", "--help"], True),
        ("review_pdf --help", [PYTHON, manage, "review_pdf", "--help"], True),
        ("review_workbook <sample> (checks it)", [PYTHON, manage, "review_workbook", str(SAMPLE)], False),
    ]


def run_once(argv, env):
    """(wall seconds, CPU seconds) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(argv, env):
    """Instructions one fresh process executes, counted by callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    return int(next(line for line in result.stderr.splitlines() if "Collected" in line).split()[-1])


def _environment(tmp):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings", DATABASE_URL=f"sqlite:///{tmp}/start.sqlite3")
    env.setdefault("DEBUG", "1")
    subprocess.run([PYTHON, str(ROOT / "manage.py"), "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "load_reference_codes"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return env


def count(with_sample):
    """[(label, instructions)] of each line (the sample's review too when with_sample)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(tmp)
        return [(label, instructions(argv, env)) for label, argv, goal in lines(tmp) if goal or with_sample or "Django" in label or "setup" in label]


def measure(runs):
    """[(label, median wall, median CPU, is a command under the goal)]."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _environment(tmp)
        table = lines(tmp)
        timings = {label: ([], []) for label, _, _ in table}
        for label, argv, _ in table:
            run_once(argv, env)  # the file cache warm, as for a command run twice
        for _ in range(runs):
            for label, argv, _ in table:
                wall, cpu = run_once(argv, env)
                timings[label][0].append(wall)
                timings[label][1].append(cpu)
    return [
        (label, statistics.median(timings[label][0]), statistics.median(timings[label][1]), goal)
        for label, _, goal in table
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead of timing")
    args = parser.parse_args()
    if args.instructions:
        counted = count(with_sample=False)
        alone = dict(counted)["Django alone (no apps)"]
        print("command start: instructions of one fresh process each (callgrind)")
        print(f"  {'':<40} {'G instr':>8} {'/ Django alone':>15}")
        for label, n in counted:
            print(f"  {label:<40} {n / 1e9:8.3f} {n / alone:15.2f}")
        slowest = max(n for label, n in counted if "--help" in label) / alone
        verdict = "✓" if slowest <= GOAL_RATIO else "✗"
        print(f"slowest command --help: {slowest:.2f}× Django alone — goal ≤ {GOAL_RATIO}× {verdict}")
        if args.json:
            print(json.dumps({"goal": "command_start", "slowest_help_ratio": round(slowest, 3), "limit": GOAL_RATIO,
                              **{label: n for label, n in counted}}, ensure_ascii=False))
        return
    rows = measure(args.runs)
    setup_cpu = next(cpu for label, _, cpu, _ in rows if label.startswith("django.setup"))
    alone_cpu = next(cpu for label, _, cpu, _ in rows if label.startswith("Django alone"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"command start: medians of {args.runs} fresh processes each, load average {load} on {os.cpu_count()} cores")
    print(f"  {'':<40} {'wall s':>7} {'CPU s':>7} {'CPU / setup':>12} {'/ Django alone':>15}")
    for label, wall, cpu, _ in rows:
        print(f"  {label:<40} {wall:7.3f} {cpu:7.3f} {cpu / setup_cpu:12.2f} {cpu / alone_cpu:15.2f}")
    slowest = max((cpu for _, _, cpu, goal in rows if goal), default=0)
    ratio = slowest / alone_cpu
    verdict = "✓" if slowest <= GOAL or ratio <= GOAL_RATIO else "✗"
    print(f"slowest command --help: {slowest:.3f} s CPU, {ratio:.2f}× Django alone in this run — "
          f"goal ≤ {GOAL} s, or as the issue's ratio ≤ {GOAL_RATIO}× Django alone {verdict}")
    if args.json:
        print(json.dumps({
            "goal": "command_start", "slowest_help_cpu_s": round(slowest, 3), "limit": GOAL,
            "slowest_help_ratio": round(ratio, 3), "limit_ratio": GOAL_RATIO,
            **{label: round(cpu, 3) for label, _, cpu, _ in rows},
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
